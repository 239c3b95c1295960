"""One clip across cores (issue 16): the figures, each a ratio within one run.

    .venv/bin/python bench/run.py --chunked                     # matrix-transform, backprop, sampling at -q h
    .venv/bin/python bench/run.py --chunked --scenes sampling --quality m

For each scene:
  single 1 / 2   render.py render NAME -q h -j 1 with manim's 1 encoder in flight, and with ours (2):
                 wall, peak memory, whether the two files are byte for byte the same
  -j 2           the same with -j 2: the clip in chunks on both cores
  floor          the frames manim drew for the clip (captured from its writer, not decoded from
                 the finished file) encoded by manim's own segment encoder, timed alone: in the
                 clip's segments (scenes.segments: the floor), one segment per play (as manim
                 encodes a clip) and as one stream; with the size and the PSNR of each against
                 the frames drawn (every 10th frame)
  N workers      a simulated cluster: the dry pass, then each chunk of an N-chunk plan rendered alone
                 in a warm process (manim imported), then the join; critical path = dry pass +
                 slowest chunk + join, against one chunk holding the whole clip. With --runs R,
                 every chunk (the whole clip's one too) and the dry pass are timed R times and
                 their median taken: the slowest of 8 single timings on a shared machine is
                 mostly its noise
  size / min     the clip's file against one segment per play and one stream
--workers-only runs the N workers part alone (to try a change to the planner).
The section is appended to bench/RESULTS.md (or -o).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
SCENES = ("matrix-transform", "backprop", "sampling")
WORKERS = (1, 2, 4, 8)


def _child(argv: list[str]) -> dict:
    proc = subprocess.run([PY, __file__, *argv], cwd=ROOT, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed:\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# --- what runs in a child process ------------------------------------------------


def _job(name: str, quality: str, out: Path):
    """The clip's job, in a warm process: manim and the scene's module imported, as in a worker."""
    import manim  # noqa: F401

    from production import plan
    from production.request import RenderRequest
    from production.sources import load_source

    job = plan(RenderRequest(scenes=(name,), quality=quality, out_dir=out)).jobs[0]
    job.scene_class or load_source(job.source)
    return job


def _peak_mb() -> float:
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def child_render(inflight: int, args: list[str]) -> dict:
    """A whole CLI render (after imports) with ``inflight`` encoders: wall, peak memory, the file."""
    import production.rendering as rendering
    from render import cli

    rendering.INFLIGHT_ENCODERS = inflight
    started = time.perf_counter()
    try:
        cli.main(args=["render", *args], standalone_mode=False)
    except SystemExit as done:
        if done.code:
            raise
    return {"seconds": time.perf_counter() - started, "peak_mb": _peak_mb()}


def child_capture(name: str, quality: str, folder: str) -> dict:
    """Render once and keep every frame manim hands its writer (unique frames and their repeats)."""
    import numpy as np
    from manim import tempconfig

    from production.rendering import manim_config, scene_context
    from production.sources import load_source

    job = _job(name, quality, Path(folder))
    raw = open(Path(folder) / "frames.raw", "wb")  # noqa: SIM115
    repeats, plays, segments = [], [], []
    shape = None
    with scene_context(job, Path(folder) / "media"), tempconfig(manim_config(job, Path(folder) / "media")):
        scene = (job.scene_class or load_source(job.source))(params=job.params)
        writer = scene.renderer.file_writer
        write = writer.write_frame

        def keep(pixels, *, repeat=1):
            nonlocal shape
            shape = pixels.shape
            np.ascontiguousarray(pixels).tofile(raw)
            repeats.append(repeat)
            plays.append(scene.renderer.num_plays)
            segments.append(len(scene.segments.starts))
            write(pixels, repeat=repeat)

        writer.write_frame = keep
        scene.render()
        spec = writer.settings.video_encoder
    raw.close()
    (Path(folder) / "frames.json").write_text(json.dumps({"shape": shape, "repeats": repeats, "plays": plays,
                                                             "segments": segments}))
    import pickle

    (Path(folder) / "spec.pickle").write_bytes(pickle.dumps(spec))
    return {"frames": sum(repeats), "unique": len(repeats)}


def child_floor(folder: str, cut: str) -> dict:
    """Encode the captured frames with the clips' segment encoder (scenes.still_frames: manim's, a
    repeated frame converted once), timing the encoding only: in the clip's segments (``cut``
    "segments"), one segment per play ("plays"), or as one stream ("stream"); then the size, and
    the PSNR against the frames drawn (every 10th frame)."""
    import pickle

    import numpy as np

    from scenes.still_frames import StillOnceEncoder as VideoSegmentEncoder

    meta = json.loads((Path(folder) / "frames.json").read_text())
    shape, repeats = tuple(meta["shape"]), meta["repeats"]
    segment_of = meta[cut] if cut != "stream" else [0] * len(repeats)
    spec = pickle.loads((Path(folder) / "spec.pickle").read_bytes())
    size = int(np.prod(shape))
    made: list[Path] = []
    encoder, segment = None, None
    encoding = 0.0
    batch = 64  # read from disk with the clock stopped, a batch at a time
    with open(Path(folder) / "frames.raw", "rb") as raw:
        for first in range(0, len(repeats), batch):
            block = np.fromfile(raw, dtype=np.uint8, count=size * len(repeats[first:first + batch]))
            frames = block.reshape(-1, *shape)
            started = time.perf_counter()
            for i, frame in enumerate(frames, start=first):
                if encoder is None or segment_of[i] != segment:
                    if encoder is not None:
                        encoder.finish()
                    made.append(Path(folder) / f"floor-{cut}-{len(made)}.mp4")
                    encoder, segment = VideoSegmentEncoder(target=made[-1], spec=spec), segment_of[i]
                encoder.write_frame(np.ascontiguousarray(frame), repeat=repeats[i])
            encoding += time.perf_counter() - started
    started = time.perf_counter()
    encoder.finish()
    encoding += time.perf_counter() - started
    return {"seconds": encoding, "bytes": sum(p.stat().st_size for p in made),
            "psnr": _psnr(made, Path(folder), shape, repeats)}


def _psnr(videos: list[Path], folder: Path, shape: tuple, repeats: list[int], every: int = 10) -> float:
    """The PSNR (dB) of every ``every``-th decoded frame against the frame drawn, over them all."""
    import av
    import numpy as np

    # the drawn frame behind each video frame: unique frame i is shown repeats[i] times
    unique_of = np.repeat(np.arange(len(repeats)), repeats)
    drawn = np.memmap(folder / "frames.raw", dtype=np.uint8, mode="r").reshape(-1, *shape)
    squared, count, n = 0.0, 0, 0
    for video in videos:
        with av.open(str(video)) as c:
            for frame in c.decode(c.streams.video[0]):
                if n % every == 0:
                    got = frame.to_ndarray(format="rgb24").astype(np.float64)
                    want = drawn[unique_of[n], :, :, :3].astype(np.float64)
                    squared += float(np.mean((got - want) ** 2))
                    count += 1
                n += 1
    return float(10 * np.log10(255**2 / (squared / count))) if squared else float("inf")


def child_dry(name: str, quality: str, folder: str) -> dict:
    from production.chunks import dry_run
    from production.sources import load_source

    job = _job(name, quality, Path(folder))
    started = time.perf_counter()
    dry = dry_run(job, job.scene_class or load_source(job.source), Path(folder) / "dry")
    return {"seconds": time.perf_counter() - started, "play_frames": list(dry.play_frames),
            "costs": dry.frame_costs, "segment_starts": list(dry.segment_starts), "leads": dry.lead_costs}


def child_chunk(name: str, quality: str, folder: str, start: int, stop: int, frames_json: str) -> dict:
    from production.chunks import render_chunk

    job = _job(name, quality, Path(folder))
    play_frames = json.loads(frames_json)
    started = time.perf_counter()
    video, _, _ = render_chunk(job, start, stop, play_frames, str(Path(folder) / f"chunk-{start}"))
    return {"seconds": time.perf_counter() - started, "video": video}


def child_join(videos_json: str, dest: str) -> dict:
    from production.chunks import join

    started = time.perf_counter()
    join([Path(v) for v in json.loads(videos_json)], Path(dest))
    return {"seconds": time.perf_counter() - started}


# --- the parent --------------------------------------------------------------------


def _clip(folder: Path, name: str) -> tuple[Path, dict]:
    return next((folder / name).glob("*.mp4")), json.loads(next((folder / name).glob("*.json")).read_text())


def bench_scene(name: str, quality: str, work: Path, workers_only: bool = False, runs: int = 1) -> dict:
    row: dict = {"scene": name}
    if not workers_only:
        bench_single(name, quality, work, row)
    bench_workers(name, quality, work, row, runs)
    return row


def bench_single(name: str, quality: str, work: Path, row: dict) -> None:
    """single 1 / 2, -j 2, the floors and the sizes (see the module's doc)."""
    for inflight in (1, 2):
        out = work / f"{name}-single-{inflight}"
        r = _child(["render", str(inflight), name, "-q", quality, "-j", "1", "-o", str(out)])
        video, manifest = _clip(out, name)
        row[f"single{inflight}"], row[f"peak{inflight}"] = r["seconds"], r["peak_mb"]
        row[f"bytes{inflight}"] = video.read_bytes()
        row["duration"] = manifest["duration"]
    row["identical"] = row.pop("bytes1") == row["bytes2"]
    row["bytes"] = len(row.pop("bytes2"))
    out = work / f"{name}-j2"
    r = _child(["render", "2", name, "-q", quality, "-j", "2", "-o", str(out)])
    row["j2"], row["peak_j2"] = r["seconds"], r["peak_mb"]
    row["j2_chunks"] = _clip(out, name)[1].get("chunks", 1)
    cap = work / f"{name}-capture"
    cap.mkdir()
    row.update(_child(["capture", name, quality, str(cap)]))
    for cut in ("segments", "plays", "stream"):
        row[cut] = _child(["floor", str(cap), cut])
    row["floor"] = row["segments"]["seconds"]
    (cap / "frames.raw").unlink()


def bench_workers(name: str, quality: str, work: Path, row: dict, runs: int = 1) -> None:
    """The simulated cluster: the dry pass, each chunk of an N-chunk plan alone, the join
    (each chunk and the dry pass the median of ``runs`` timings)."""
    from production.chunks import plan

    def timed(argv: list[str]) -> dict:
        results = [_child(argv) for _ in range(runs)]
        return {**results[-1], "seconds": statistics.median(r["seconds"] for r in results)}

    dry = timed(["dry", name, quality, str(work / f"{name}-dry")])
    frames = dry["play_frames"]
    row["dry"] = dry["seconds"]
    row["runs"] = runs
    row["critical"] = {}
    for n in WORKERS:
        parts = plan(frames, n, dry["costs"], dry["segment_starts"], dry["leads"]) if n > 1 else [(0, sum(frames))]
        folder = work / f"{name}-sim{n}"
        chunks = [timed(["chunk", name, quality, str(folder), str(a), str(b), json.dumps(frames)]) for a, b in parts]
        slowest = max(c["seconds"] for c in chunks)
        row.setdefault("chunk_seconds", {})[n] = [round(c["seconds"], 2) for c in chunks]
        row.setdefault("chunk_costs", {})[n] = [round(_cost(frames, dry["costs"], dry["leads"], a, b))
                                                for a, b in parts]
        if n == 1:
            row["critical"][n] = slowest
            continue
        joined = _child(["join", json.dumps([c["video"] for c in chunks]), str(folder / "joined.mp4")])
        row["critical"][n] = dry["seconds"] + slowest + joined["seconds"]
        row.setdefault("parts", {})[n] = len(parts)


def _cost(play_frames: list[int], costs: list[float], leads: list[float], start: int, stop: int) -> float:
    """What the planner's model (production.chunks: DryRun.frame_costs and lead_costs) says a chunk of
    frames [start, stop) costs."""
    total, edge = 0.0, 0
    for play, (frames, cost) in enumerate(zip(play_frames, costs)):
        total += max(0, min(edge + frames, stop) - max(edge, start)) * cost
        if start and edge <= start < edge + frames:
            total += leads[play]
        edge += frames
    return total


def section(rows: list[dict], quality: str, started: str, load: float) -> str:
    from bench.run import machine  # the same machine line as the main table

    workers_only = not any("single1" in r for r in rows)
    runs = rows[0].get("runs", 1) if rows else 1
    lines = [
        "",
        "## One clip across cores (issue 16)" + (": simulated workers only" if workers_only else ""),
        "",
        f"Machine: {machine()} (at {started}: {load:.1f}).",
        f"Run: `.venv/bin/python bench/run.py --chunked --quality {quality}"
        f"{' --scenes ' + ','.join(r['scene'] for r in rows) if rows else ''}"
        f"{' --workers-only' if workers_only else ''}{f' --runs {runs}' if runs > 1 else ''}`, one run per figure"
        + (f", {runs} of each simulated chunk and of the dry pass." if runs > 1 else "."),
    ]
    if not workers_only:
        lines += single_tables(rows)
    lines += worker_table(rows)
    return "\n".join(lines) + "\n"


def single_tables(rows: list[dict]) -> list[str]:
    lines = [
        "",
        "| scene | frames | single s, 1 encoder | single s, 2 | same bytes | peak MB 1 / 2 | -j 2 s (chunks) "
        "| floor s (per play s, one stream s) | single 1 / floor | single 2 / floor | -j 2 / floor "
        "| -j 2 / single 2 |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['scene']} | {r['frames']} | {r['single1']:.1f} | {r['single2']:.1f} | "
            f"{'yes' if r['identical'] else 'NO'} | {r['peak1']:.0f} / {r['peak2']:.0f} | "
            f"{r['j2']:.1f} ({r['j2_chunks']}) | {r['floor']:.1f} ({r['plays']['seconds']:.1f}, "
            f"{r['stream']['seconds']:.1f}) | {r['single1'] / r['floor']:.2f} | {r['single2'] / r['floor']:.2f} | "
            f"{r['j2'] / r['floor']:.2f} | {r['j2'] / r['single2']:.2f} |"
        )
    lines += [
        "",
        "Size and quality of the same frames encoded three ways (PSNR against the frames drawn, every 10th):",
        "",
        "| scene | the clip's file MB/min | per play MB/min (dB) | in segments MB/min (dB) | one stream MB/min (dB) "
        "| segments / per play |",
        "|---|---|---|---|---|---|",
    ]
    for r in rows:
        per_min = 60 / r["duration"] / 1e6
        lines.append(
            f"| {r['scene']} | {r['bytes'] * per_min:.2f} | "
            + " | ".join(f"{r[cut]['bytes'] * per_min:.2f} ({r[cut]['psnr']:.1f})"
                         for cut in ("plays", "segments", "stream"))
            + f" | {r['segments']['bytes'] / r['plays']['bytes']:.2f} |"
        )
    return lines


def worker_table(rows: list[dict]) -> list[str]:
    runs = rows[0].get("runs", 1) if rows else 1
    median = f"; each chunk and the dry pass the median of {runs} runs" if runs > 1 else ""
    lines = [
        "",
        "Simulated N workers (each chunk alone in a warm process; critical path = dry pass + slowest chunk + join"
        f"{median}):",
        "",
        "| scene | dry pass s | " + " | ".join(f"N={n} s" for n in WORKERS) + " | "
        + " | ".join(f"speed-up N={n} (target {0.6 * n:.1f})" for n in WORKERS[1:]) + " |",
        "|---|---|" + "---|" * (2 * len(WORKERS) - 1),
    ]
    for r in rows:
        crit = r["critical"]
        lines.append(
            f"| {r['scene']} | {r['dry']:.1f} | " + " | ".join(f"{crit[n]:.1f}" for n in WORKERS) + " | "
            + " | ".join(f"{crit[1] / crit[n]:.2f}" for n in WORKERS[1:]) + " |"
        )
    lines.append("")
    for r in rows:
        spread = r["chunk_seconds"][WORKERS[-1]]
        lines.append(f"- {r['scene']}: the {len(spread)} chunks at N={WORKERS[-1]} took {min(spread):.1f} to "
                     f"{max(spread):.1f} s (one chunk with the whole clip: {r['critical'][1]:.1f} s); each chunk's "
                     f"seconds / the planner's cost for it: "
                     + ", ".join(f"{t:.1f}/{c}" for t, c in zip(spread, r["chunk_costs"][WORKERS[-1]])))
    return lines


def run(names: list[str], quality: str, out: Path, workers_only: bool = False, runs: int = 1) -> None:
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    load = os.getloadavg()[0]
    rows = []
    with tempfile.TemporaryDirectory(prefix="intuition-bench-chunks-") as tmp:
        for name in names:
            row = bench_scene(name, quality, Path(tmp), workers_only, runs)
            rows.append(row)
            print(f"{name}: {json.dumps({k: v for k, v in row.items()}, default=str)}", flush=True)
    text = section(rows, quality, started, load)
    print(text)
    with open(out, "a", encoding="utf-8") as f:
        f.write(text)
    print(f"appended to {out}")
    if not workers_only:
        print(f"median single / floor {statistics.median(r['single2'] / r['floor'] for r in rows):.2f}")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    kind, *rest = sys.argv[1:]
    if kind == "render":
        result = child_render(int(rest[0]), rest[1:])
    elif kind == "capture":
        result = child_capture(*rest)
    elif kind == "floor":
        result = child_floor(*rest)
    elif kind == "dry":
        result = child_dry(*rest)
    elif kind == "chunk":
        result = child_chunk(rest[0], rest[1], rest[2], int(rest[3]), int(rest[4]), rest[5])
    elif kind == "join":
        result = child_join(*rest)
    else:
        raise SystemExit(f"unknown step {kind}")
    print(json.dumps(result))
