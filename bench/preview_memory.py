"""A warm preview worker's memory over many previews, each of a different matrix (issue 16).

    .venv/bin/python bench/preview_memory.py 300

Runs ``production.preview_scene("matrix-transform", ...)`` in this process, as the
studio's preview worker does, with a new matrix each time (so every preview
typesets new numbers), and prints every 25 previews the RSS and the sizes of the
two bounded caches (production.preview: FINISHED_LIMIT typeset mobjects,
SVG_CACHE_LIMIT parsed SVGs) after a garbage collection.
"""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def rss_mb() -> float:
    return int(Path(f"/proc/{os.getpid()}/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def main(count: int) -> None:
    from manim.mobject.svg import svg_mobject

    import production.preview as preview
    from production import preview_scene

    for i in range(count):
        a = round(-2 + 4 * ((i * 37) % count) / max(1, count - 1), 3)  # 37 is prime to the count: all differ
        preview_scene("matrix-transform", {"matrix": [[1, a], [a / 2, 1.5]]})
        if i % 25 == 24:
            gc.collect()
            print(f"{i + 1:4d} previews: RSS {rss_mb():.0f} MB, typeset kept {len(preview._FINISHED)}, "
                  f"SVGs kept {len(svg_mobject.SVG_HASH_TO_MOB_MAP)}, objects {len(gc.get_objects())}", flush=True)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
