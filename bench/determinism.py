"""Does x264 give the same bytes for the same frames? (A check, not a benchmark.)

    .venv/bin/python bench/determinism.py svd -q l --runs 8

Renders the scene once, keeping every frame manim hands its writer, then encodes
one of its segments ``--runs`` times in this process: with every instruction set
x264 finds (threaded and on one thread), and with the clip's own settings
(production.rendering: on a CPU with AVX-512, x264 without its AVX-512 code).
It prints how many different encodings each gave; ``1`` means the same bytes
every time.

Found in the ninth session, on an AMD EPYC with AVX-512: with its AVX-512 code,
x264 encoded svd's frames at 854x480 to 3 to 7 different byte streams in 8 runs,
threaded or not, so a clip rendered again differed by encoding noise while the
frames drawn were the same to the bit.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import sys
import tempfile
from fractions import Fraction
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def encodings(frames: list, repeats: list[int], spec, runs: int, threads: int, extra: dict | None = None) -> int:
    """How many different byte streams ``runs`` encodings of ``frames`` gave (``extra``: options
    over the clip's)."""
    import av

    seen = set()
    for _ in range(runs):
        codec = av.CodecContext.create(spec.codec, "w")
        codec.width, codec.height, codec.pix_fmt = spec.width, spec.height, spec.pixel_format
        codec.time_base = Fraction(spec.frame_rate.denominator, spec.frame_rate.numerator)
        codec.framerate = spec.frame_rate
        codec.options = {**dict(spec.options), **(extra or {})}
        codec.thread_count = threads
        digest, pts = hashlib.md5(), 0
        for pixels, repeat in zip(frames, repeats):
            for _ in range(repeat):
                frame = av.VideoFrame.from_ndarray(pixels, format="rgba")
                frame.pts = pts
                pts += 1
                for packet in codec.encode(frame):
                    digest.update(bytes(packet))
        for packet in codec.encode(None):
            digest.update(bytes(packet))
        seen.add(digest.hexdigest())
    return len(seen)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("scene")
    ap.add_argument("-q", "--quality", default="l")
    ap.add_argument("--runs", type=int, default=8)
    ap.add_argument("--segment", type=int, default=2, help="which encoded segment (scenes.segments), from 1")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    import numpy as np

    from bench import chunked

    with tempfile.TemporaryDirectory(prefix="intuition-determinism-") as tmp:
        chunked.child_capture(args.scene, args.quality, tmp)
        meta = json.loads((Path(tmp) / "frames.json").read_text())
        spec = pickle.loads((Path(tmp) / "spec.pickle").read_bytes())
        raw = np.memmap(Path(tmp) / "frames.raw", dtype=np.uint8, mode="r").reshape(-1, *meta["shape"])
        picked = [i for i, s in enumerate(meta["segments"]) if s == args.segment]
        if not picked:
            raise SystemExit(f"--segment: {args.scene} has segments 1..{max(meta['segments'])}")
        frames = [np.array(raw[i]) for i in picked]
        repeats = [meta["repeats"][i] for i in picked]
        print(f"{args.scene} -q {args.quality}: {spec.codec} {dict(spec.options)} {spec.width}x{spec.height}, "
              f"segment {args.segment} ({sum(repeats)} frames), {args.runs} encodings each")
        every = {"x264-params": "asm=auto"}  # every instruction set x264 finds, over the clip's options
        trials = (("every instruction set, x264's threads", 0, every), ("every instruction set, one thread", 1, every),
                  (f"as rendered {dict(spec.options)}", 0, None))
        for label, threads, options in trials:
            print(f"  {label}: {encodings(frames, repeats, spec, args.runs, threads, options)} different")


if __name__ == "__main__":
    main()
