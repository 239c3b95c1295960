"""Render benchmark: our CLI against plain ManimCE, in one run, on this machine.

    .venv/bin/python bench/run.py                      # every default scene, 3 runs each, -q l
    .venv/bin/python bench/run.py --runs 1 --scenes matrix-transform,backprop
    .venv/bin/python bench/run.py --parallel           # also the whole catalog with -j 1 and -j 2
    .venv/bin/python bench/run.py --chunked            # one clip across cores (bench/chunked.py), -q h

For each scene (whole processes, fresh output folders, medians of --runs):
  ours      python render.py render NAME -q l            (our CLI, cache cold)
  plain     a hand-written plain ManimCE scene doing the same (bench/plain_*.py)
            where one exists, else the same scene class through manim's own
            CLI (`manim -ql --disable_caching FILE Class`): no toolkit pipeline
  floor     PyAV encoding the same frames, pre-rendered, alone (libx264, crf 23,
            yuv420p: manim's default) - nothing can be faster than this
  cached    the same command again (our cache hit), whole process
  preview   --preview (last frame as PNG, no video), whole process
Results go to bench/RESULTS.md (or -o).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PY = sys.executable
MANIM = str(Path(PY).with_name("manim"))
QUALITY = {"l": ("low_quality", 15), "m": ("medium_quality", 30), "h": ("high_quality", 60)}
# hand-written plain equivalents: scene name -> (file, class)
PLAIN = {"matrix-transform": ("bench/plain_matrix_transform.py", "PlainMatrixTransform")}


def timed(cmd: list[str], env: dict | None = None) -> float:
    started = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env=env)
    took = time.perf_counter() - started
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{proc.stderr[-2000:]}")
    return took


def encode_floor(video: Path, quality: str) -> float:
    """Seconds PyAV needs to encode the frames of ``video`` alone (already in memory)."""
    import av

    with av.open(str(video)) as c:
        frames = [f.to_ndarray(format="rgb24") for f in c.decode(video=0)]
    h, w, _ = frames[0].shape
    fps = QUALITY[quality][1]
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        with av.open(str(Path(tmp) / "floor.mp4"), "w") as out:
            stream = out.add_stream("libx264", rate=fps, options={"crf": "23"})
            stream.width, stream.height, stream.pix_fmt = w, h, "yuv420p"
            for arr in frames:
                out.mux(stream.encode(av.VideoFrame.from_ndarray(arr, format="rgb24")))
            out.mux(stream.encode())
        return time.perf_counter() - started


def bench_scene(name: str, runs: int, quality: str, work: Path) -> dict:
    from intuition import catalog

    spec = catalog.get(name)
    module, cls = spec.scene.split(":")
    ours, plain, preview = [], [], []
    manifest = None
    for i in range(runs):
        out = work / f"{name}-ours-{i}"
        ours.append(timed([PY, "render.py", "render", name, "-q", quality, "-o", str(out)]))
        manifest = json.loads(next((out / name).glob("*.json")).read_text())
        media = work / f"{name}-plain-{i}"
        if name in PLAIN:
            file, klass = PLAIN[name]
        else:
            file, klass = module.replace(".", "/") + ".py", cls
        plain.append(
            timed(
                [
                    MANIM,
                    "render",
                    f"-q{quality}",
                    "--disable_caching",
                    "--progress_bar",
                    "none",
                    "-v",
                    "ERROR",
                    "--media_dir",
                    str(media),
                    file,
                    klass,
                ]
            )
        )
        preview.append(
            timed(
                [PY, "render.py", "render", name, "--preview", "-q", quality, "-o", str(work / f"{name}-preview-{i}")]
            )
        )
    cached = timed([PY, "render.py", "render", name, "-q", quality, "-o", str(work / f"{name}-ours-0")])
    video = next((work / f"{name}-ours-0" / name).glob("*.mp4"))
    frames = round(manifest["duration"] * manifest["fps"])
    floor = encode_floor(video, quality)
    med = statistics.median
    return {
        "scene": name,
        "plain_kind": "hand-written" if name in PLAIN else "manim CLI",
        "frames": frames,
        "ours": med(ours),
        "plain": med(plain),
        "ratio": med(ours) / med(plain),
        "ms_per_frame": 1000 * med(ours) / frames,
        "floor": floor,
        "x_floor": med(ours) / floor,
        "cached": cached,
        "preview": med(preview),
    }


def bench_parallel(names: list[str], quality: str, work: Path) -> dict:
    base = [PY, "render.py", "render", *names, "-q", quality]
    one = timed([*base, "-j", "1", "-o", str(work / "catalog-j1")])
    two = timed([*base, "-j", "2", "-o", str(work / "catalog-j2")])
    return {"j1": one, "j2": two, "ratio": two / one}


def machine() -> str:
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    from importlib import metadata

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"{cpu}, {os.cpu_count()} cores, Linux {platform.release()}, Python {platform.python_version()}, "
        f"manim {metadata.version('manim')}; load average at start {load:.1f}"
    )


def write_results(rows: list[dict], parallel: dict | None, args, path: Path, started: str) -> None:
    lines = [
        "# Render benchmark",
        "",
        f"Machine: {machine()}.",
        f"Run: {started}, `{' '.join(['.venv/bin/python', 'bench/run.py', *sys.argv[1:]])}` "
        f"({args.runs} run{'s' if args.runs != 1 else ''} per scene, median; -q {args.quality}; whole processes).",
        "",
        "| scene | frames | ours s | plain s | plain is | ours / plain | ms / frame | encode floor s "
        "| ours / floor | cache hit s | preview s |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['scene']} | {r['frames']} | {r['ours']:.2f} | {r['plain']:.2f} | {r['plain_kind']} "
            f"| {r['ratio']:.2f} | {r['ms_per_frame']:.0f} | {r['floor']:.2f} | {r['x_floor']:.1f} "
            f"| {r['cached']:.2f} | {r['preview']:.2f} |"
        )
    if parallel:
        lines += [
            "",
            f"Whole list with `-j 1`: {parallel['j1']:.1f} s; with `-j 2`: {parallel['j2']:.1f} s "
            f"(ratio {parallel['ratio']:.2f}).",
        ]
    lines += [
        "",
        "- *ours*: `python render.py render NAME -q l` into a fresh folder (import, parameters, render, encode,",
        "  faststart remux, poster frame, WebVTT, manifest).",
        "- *plain*: a hand-written plain ManimCE scene doing the same (bench/plain_*.py) where one exists,",
        "  otherwise the same scene class rendered by manim's own CLI, i.e. without our pipeline.",
        "- *encode floor*: PyAV encoding the same frames, already in memory (libx264 crf 23 yuv420p).",
        "- *cache hit*: the same command again; answered from the request cache without importing manim.",
        "- Math is typeset with Typst: no LaTeX compilations at all.",
    ]
    path.write_text("\n".join(lines) + "\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--scenes", default="", help="comma-separated names (default: every scene)")
    ap.add_argument("--quality", choices=sorted(QUALITY), default="l")
    ap.add_argument("--parallel", action="store_true", help="also time the list with -j 1 and -j 2")
    ap.add_argument("--chunked", action="store_true",
                    help="only the one-clip-across-cores figures (bench/chunked.py), appended to the results")
    ap.add_argument("--workers-only", action="store_true",
                    help="with --chunked: only the simulated N workers (the planner's balance)")
    ap.add_argument("-o", "--out", default=str(ROOT / "bench" / "RESULTS.md"))
    args = ap.parse_args()
    from intuition import catalog

    if args.chunked:
        from bench import chunked

        names = [n for n in args.scenes.split(",") if n] or list(chunked.SCENES)
        # one run per figure unless --runs is given: then each simulated chunk is timed that often
        runs = args.runs if "--runs" in sys.argv else 1
        chunked.run(names, args.quality if "--quality" in sys.argv else "h", Path(args.out), args.workers_only, runs)
        return

    names = [n for n in args.scenes.split(",") if n] or list(catalog.SCENES)
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    rows = []
    with tempfile.TemporaryDirectory(prefix="intuition-bench-") as tmp:
        for name in names:
            try:
                row = bench_scene(name, args.runs, args.quality, Path(tmp))
            except RuntimeError as err:
                print(f"{name}: FAILED {err}", file=sys.stderr)
                continue
            rows.append(row)
            print(
                f"{name:18} ours {row['ours']:6.2f}s plain {row['plain']:6.2f}s ratio {row['ratio']:.2f} "
                f"{row['ms_per_frame']:4.0f} ms/frame floor x{row['x_floor']:.1f} cached {row['cached']:.2f}s "
                f"preview {row['preview']:.2f}s",
                flush=True,
            )
        parallel = bench_parallel(names, args.quality, Path(tmp)) if args.parallel else None
    write_results(rows, parallel, args, Path(args.out), started)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
