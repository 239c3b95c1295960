"""Render a scene at low quality and save a contact sheet of its frames, to look at.

    .venv/bin/python tools/contact_sheet.py matrix-transform matrix=[[1,2],[3,4]] --frames 6 -o /tmp/sheet.png

Developers' tool: "render your scene, open frames of it as PNG and look at them".
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("scene")
    ap.add_argument("sets", nargs="*", help="key=value parameters")
    ap.add_argument("--frames", type=int, default=6)
    ap.add_argument("-o", "--out", default="/tmp/sheet.png")
    args = ap.parse_args()

    import av
    from manim import tempconfig
    from PIL import Image

    from intuition import catalog
    from intuition.params import parse_assignments

    spec = catalog.get(args.scene)
    params = spec.build(parse_assignments(args.sets))
    t0 = time.time()
    with tempfile.TemporaryDirectory() as media:
        with tempconfig(
            {
                "quality": "low_quality",
                "media_dir": media,
                "disable_caching": True,
                "progress_bar": "none",
                "verbosity": "WARNING",
            }
        ):
            scene = spec.load_class()(params=params)
            scene.render()
            movie = scene.renderer.file_writer.movie_file_path
        took = time.time() - t0
        with av.open(str(movie)) as c:
            frames = [f.to_image() for f in c.decode(c.streams.video[0])]
    n = max(2, args.frames)
    picks = [frames[round(i * (len(frames) - 1) / (n - 1))] for i in range(n)]
    w, h = picks[0].size
    sheet = Image.new("RGB", (2 * w, h * ((n + 1) // 2)))
    for k, im in enumerate(picks):
        sheet.paste(im, ((k % 2) * w, (k // 2) * h))
    sheet.save(args.out)
    print(f"{len(frames)} frames {w}x{h}, rendered in {took:.1f}s; sheet: {args.out}")
    for rec in scene.captions:
        print(f"  caption @{rec.start:5.1f}s: {rec.text}")


if __name__ == "__main__":
    main()
