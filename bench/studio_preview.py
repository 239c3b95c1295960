"""Studio preview latency: the numbers panel and the storyboard, with a warm worker.

    .venv/bin/python bench/studio_preview.py                 # every catalog scene, print a table
    .venv/bin/python bench/studio_preview.py --write         # ... and append it to bench/RESULTS.md
    .venv/bin/python bench/studio_preview.py --scenes matrix-transform,backprop --runs 5

Starts the real studio (uvicorn, on a free loopback port) with the preview
cache off, waits for the warm preview worker, then for each scene, over HTTP:
  numbers   POST /api/inspect with the defaults, median of --runs (the page's numbers panel)
  first     POST /api/preview, the first time the worker sees the scene (its typesetting is new)
  changed   POST /api/preview with the title changed each time (a teacher's edit: one new text to
            typeset, everything else warm), median of --runs
  again     the defaults again (cache off: drawn again, typesetting warm), median of --runs
Then the preview worker's memory (RSS) over 50 previews (--memory-previews) of different matrices.

Then the last-frame preview (``render.py render NAME --preview``: one PNG, no video)
through the public API in this process once it is warm (manim imported, as in a
notebook or a script): the first time per scene, then the title changed each time
(so the output cache never answers), median of --runs.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import statistics
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def call(base: str, path: str, body: dict | None = None, timeout: float = 300) -> tuple[int, dict, float]:
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, headers={"content-type": "application/json"})
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            status, payload = r.status, json.loads(r.read())
    except urllib.error.HTTPError as err:
        status, payload = err.code, json.loads(err.read() or b"{}")
    return status, payload, time.perf_counter() - started


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def start_studio(out: Path, port: int):
    import uvicorn

    from production.studio import create_app

    app = create_app(out, "127.0.0.1", port, warm=True, preview_cache=0)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 300
    while time.time() < deadline:
        try:
            if call(base, "/api/health")[1].get("preview_worker"):
                break
        except OSError:
            pass
        time.sleep(0.2)
    return server, thread, base


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scenes", default="", help="comma-separated names (default: every catalog scene)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--memory-previews", type=int, default=50)
    parser.add_argument("--write", action="store_true", help="append the results to bench/RESULTS.md")
    args = parser.parse_args()

    import tempfile

    import production

    names = [s for s in args.scenes.split(",") if s] or [s["name"] for s in production.list_scenes()]
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        server, thread, base = start_studio(Path(tmp) / "media", free_port())
        try:
            # the worker's own warm-up preview is done once it reports ready; one more to be sure
            call(base, "/api/preview", {"scene": "matrix-transform", "params": {}})
            rows, failed = [], []
            for name in names:
                has_title = any(c["name"] == "title" for c in production.scene_form(name))
                numbers = []
                for _ in range(args.runs + 2):
                    status, payload, took = call(base, "/api/inspect", {"scene": name, "params": {}})
                    numbers.append(took)
                status, payload, first = call(base, "/api/preview", {"scene": name, "params": {}})
                if status != 200 or payload.get("status") != "ok":
                    failed.append((name, payload.get("error", status)))
                    print(f"{name}: preview failed: {payload.get('error', status)}", flush=True)
                    continue
                steps = len(payload["frames"])
                changed, again = [], []
                for i in range(args.runs):
                    params = {"title": f"Bench run {i + 1}"} if has_title else {}
                    changed.append(call(base, "/api/preview", {"scene": name, "params": params})[2])
                    again.append(call(base, "/api/preview", {"scene": name, "params": {}})[2])
                row = {"scene": name, "steps": steps, "numbers_ms": statistics.median(numbers[2:]) * 1000,
                       "first": first, "changed": statistics.median(changed), "again": statistics.median(again)}
                rows.append(row)
                print(f"{name:24s} numbers {row['numbers_ms']:6.1f} ms  first {first:5.2f} s  changed "
                      f"{row['changed']:5.2f} s  again {row['again']:5.2f} s  ({steps} steps)", flush=True)

            pid = call(base, "/api/health")[1]["preview_worker"]
            before = rss_mb(pid)
            samples = []
            for i in range(args.memory_previews):
                # a different matrix each time (37 is prime to the count), so no preview is answered from memory
                a = round(-2 + 4 * ((i * 37) % args.memory_previews) / max(1, args.memory_previews - 1), 3)
                call(base, "/api/preview", {"scene": "matrix-transform", "params": {"matrix": [[1, a], [a / 2, 1.5]]}})
                if i % 10 == 9:
                    samples.append(rss_mb(pid))
            after = rss_mb(pid)
        finally:
            server.should_exit = True
            thread.join(30)

        last = last_frames(names, args.runs, Path(tmp) / "last")

    if not rows:
        sys.exit("no scene previewed")
    numbers_med = statistics.median(r["numbers_ms"] for r in rows)
    numbers_max = max(r["numbers_ms"] for r in rows)
    changed = sorted(rows, key=lambda r: r["changed"])
    changed_med = statistics.median(r["changed"] for r in rows)
    again_med = statistics.median(r["again"] for r in rows)
    first_med = statistics.median(r["first"] for r in rows)
    slowest = changed[-1]
    lines = [
        "",
        "## Studio preview latency (warm worker)",
        "",
        f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, Linux {platform.release()}, "
        f"Python {platform.python_version()}, manim {production_version('manim')}; load average at start {load:.1f} "
        "(shared with other engineers' renders and tests).",
        f"Run: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, `.venv/bin/python bench/studio_preview.py"
        f"{' --scenes ' + args.scenes if args.scenes else ''} --runs {args.runs}` (HTTP round trips to the real "
        "studio on loopback; preview cache off; storyboard frames 480x270 PNG).",
        "",
        "| scene | steps | numbers ms | storyboard: first s | changed s | again s |",
        "|---|---|---|---|---|---|",
        *(f"| {r['scene']} | {r['steps']} | {r['numbers_ms']:.1f} | {r['first']:.2f} | {r['changed']:.2f} | "
          f"{r['again']:.2f} |" for r in rows),
        "",
        "- *numbers*: `POST /api/inspect` (validation and the math model, no manim), median of the runs.",
        "- *first*: the first preview of the scene in this worker (its labels and captions typeset for the first "
        "time); *changed*: the title changed each time (one new text, the rest warm); *again*: the defaults again "
        "with the preview cache off. A repeated value is answered from the studio's memory in ~5 ms.",
        *(f"- failed: {n}: {e}" for n, e in failed),
        "",
        "| target | result |",
        "|---|---|",
        f"| numbers panel < 100 ms | {'met' if numbers_max < 100 else 'not met'}: median {numbers_med:.1f} ms, "
        f"slowest {numbers_max:.1f} ms |",
        f"| storyboard median < 1.0 s | {'met' if changed_med < 1.0 else 'not met'}: median {changed_med:.2f} s "
        f"after a change ({again_med:.2f} s for the same values again; {first_med:.2f} s the first time a scene is "
        "seen) |",
        f"| storyboard slowest < 2.0 s | {'met' if slowest['changed'] < 2.0 else 'not met'}: "
        f"{slowest['scene']} {slowest['changed']:.2f} s after a change |",
        f"| worker memory flat over {args.memory_previews} previews | RSS {before:.0f} MB before, "
        f"{' / '.join(f'{s:.0f}' for s in samples)} MB every 10, {after:.0f} MB after "
        f"({after - before:+.0f} MB) |",
    ]
    last_med = statistics.median(r["changed"] for r in last)
    last_slowest = max(last, key=lambda r: r["changed"])
    lines += [
        f"| last-frame preview median < 0.6 s | {'met' if last_med < 0.6 else 'not met'}: median {last_med:.2f} s "
        f"after a change, slowest {last_slowest['scene']} {last_slowest['changed']:.2f} s |",
        "",
        "Last-frame preview (`--preview`: one PNG) through `production.render` in a warm process:",
        "",
        "| scene | first s | changed s |",
        "|---|---|---|",
        *(f"| {r['scene']} | {r['first']:.2f} | {r['changed']:.2f} |" for r in last),
        "",
    ]
    text = "\n".join(lines)
    print(text)
    if args.write:
        with open(ROOT / "bench" / "RESULTS.md", "a", encoding="utf-8") as f:
            f.write(text)


def last_frames(names: list[str], runs: int, out: Path) -> list[dict]:
    """The last-frame preview of each scene through the public API, in this (warmed) process."""
    import production
    from production.request import RenderRequest

    def once(name: str, values: dict, folder: str) -> float:
        started = time.perf_counter()
        outcome = production.render(RenderRequest(scenes=(name,), values=values, preview=True, workers=1,
                                                  out_dir=out / folder))
        if outcome.failed:
            raise RuntimeError(f"{name}: {outcome.failed[0][1]}")
        return time.perf_counter() - started

    once("determinant", {}, "warm-up")  # manim imported, the kit loaded
    rows = []
    for name in names:
        has_title = any(c["name"] == "title" for c in production.scene_form(name))
        first = once(name, {}, f"{name}-first")
        changed = [once(name, {"title": f"Bench run {i + 1}"} if has_title else {}, f"{name}-{i}")
                   for i in range(runs)]
        rows.append({"scene": name, "first": first, "changed": statistics.median(changed)})
        print(f"{name:24s} last frame: first {first:5.2f} s  changed {rows[-1]['changed']:5.2f} s", flush=True)
    return rows


def production_version(name: str) -> str:
    from importlib.metadata import version

    try:
        return version(name)
    except Exception:  # noqa: BLE001
        return "?"


if __name__ == "__main__":
    main()
