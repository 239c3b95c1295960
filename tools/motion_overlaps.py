"""Find what crosses words while it moves: every play of a scene stepped frame by frame (nothing drawn).

    .venv/bin/python tools/motion_overlaps.py bayes --aspect 9:16
    .venv/bin/python tools/motion_overlaps.py --all --aspect 16:9 --aspect 1:1

The scene checks in the tests look at finished plays; an animation can still carry a shape across a
row of the panel on its way (the bayes posterior bar did). For each play, a visible shape that moves
is followed through its frames, and a word on screen that stays put during the play is reported when
the shape covers it in a middle frame but neither where the shape started nor where it ended (those
overlaps are the scene checks' business). Also reported: a moving shape that leaves the frame only on
its way. Each finding gives the clip's time, so ``render.py render NAME --frame T`` shows it.

Developers' tool: candidates to look at, not a test (a dot may pass behind a label on purpose).
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

MIN_AREA = 0.02  # square units of a word a shape must cover to count
PAD = 0.05  # a shape's start and end boxes, grown by this, excuse an overlap


def _cover(a, b) -> float:
    w = min(a[1], b[1]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[2], b[2])
    return w * h if w > 0 and h > 0 else 0.0


def _along(points, steps: int = 8):
    """Points every 1/steps along the straight segments between a path's points (x, y)."""
    import numpy as np

    pts = np.asarray(points)[:, :2]
    if len(pts) < 2:
        return pts
    t = np.linspace(0, 1, steps, endpoint=False)[:, None, None]
    return np.concatenate([(pts[:-1] + t * (pts[1:] - pts[:-1])).reshape(-1, 2), pts[-1:]])


def _touches(path, box) -> bool:
    x, y = path[:, 0], path[:, 1]
    return bool(((x > box[0]) & (x < box[1]) & (y > box[2]) & (y < box[3])).any())


def _grow(b, d=PAD):
    return b[0] - d, b[1] + d, b[2] - d, b[3] + d


def _words(mob) -> str:
    for attr in ("original_text", "tex_string", "typst_code", "text"):
        value = getattr(mob, attr, None)
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())[:60]
    if hasattr(mob, "get_value"):
        return f"{type(mob).__name__} {mob.get_value():g}"
    return type(mob).__name__


class Watcher:
    """Boxes of the words and the visible shapes at every frame of the current play."""

    def __init__(self, width: float, height: float):
        self.width, self.height = width, height
        self.frame = 0
        self.times: list[float] = []  # the clip's time at each frame stepped (waits are not stepped)
        self.play = None
        self.findings: list[str] = []
        self._reset()

    def _reset(self):
        self.shapes: dict[int, list[tuple[int, tuple]]] = defaultdict(list)
        self.kinds: dict[int, str] = {}
        self.paths: dict[tuple[int, int], object] = {}  # points along a stroke-only shape, per frame
        self.words: dict[int, list[tuple[int, tuple]]] = defaultdict(list)
        self.names: dict[int, str] = {}

    def see(self, scene) -> None:
        from scene_checks import labels, visible_parts
        from scenes.layout import box_of

        play = scene.renderer.num_plays
        if play != self.play:
            self.close()
            self.play = play
        found = labels(scene)
        glyphs = {id(m) for w in found for m in w.get_family()}
        for w in found:
            self.words[id(w)].append((self.frame, box_of(w)))
            self.names[id(w)] = _words(w)
        for part in visible_parts(scene):
            if id(part) in glyphs or part.width * part.height > 0.6 * self.width * self.height:
                continue  # a word's own glyphs; a backdrop the size of the frame
            self.shapes[id(part)].append((self.frame, box_of(part)))
            if part.get_fill_opacity() <= 0.01:  # a stroke: its box says little (a diagonal's covers a lot)
                self.paths[(id(part), self.frame)] = _along(part.points)
            self.kinds[id(part)] = type(part).__name__
        self.times.append(scene.renderer.time)
        self.frame += 1

    def inside(self, box) -> bool:
        w, h = self.width / 2 + 0.02, self.height / 2 + 0.02
        return -w <= box[0] and box[1] <= w and -h <= box[2] and box[3] <= h

    def close(self) -> None:
        """Judge the play just stepped through."""
        seen = set()
        for sid, track in self.shapes.items():
            if len(track) < 3 or all(b == track[0][1] for _, b in track):
                continue  # not moving in this play
            start, end = _grow(track[0][1]), _grow(track[-1][1])
            for frame, box in track[1:-1]:
                for wid, wtrack in self.words.items():
                    boxes = {b for _, b in wtrack}
                    if len(boxes) != 1 or len(wtrack) < len(track):
                        continue  # the word moves too, or is not there the whole play
                    (word,) = boxes
                    if _cover(box, word) < MIN_AREA or _cover(start, word) > 0 or _cover(end, word) > 0:
                        continue
                    path = self.paths.get((sid, frame))
                    if path is not None and not _touches(path, word):
                        continue
                    key = (sid, wid)
                    if key not in seen:
                        seen.add(key)
                        self.findings.append(f"{self.times[frame]:6.2f}s play {self.play}: a moving {self.kinds[sid]} "
                                             f"crosses {self.names[wid]!r}")
                inside = self.inside
                if not inside(box) and inside(track[0][1]) and inside(track[-1][1]) and (sid, "frame") not in seen:
                    seen.add((sid, "frame"))
                    self.findings.append(f"{self.times[frame]:6.2f}s play {self.play}: a moving {self.kinds[sid]} "
                                         f"leaves the frame on its way")
        self._reset()


def watch(name: str, aspect: str = "16:9", lang: str = "en", sets: list[str] = ()) -> list[str]:
    """Step through every frame of one scene at -q l (nothing drawn) and judge each play."""
    from intuition import catalog
    from intuition.aspects import check_aspect, pixel_size
    from intuition.params import parse_assignments
    from production.preview import speed_up_copies

    speed_up_copies()
    params = {**parse_assignments(list(sets)), "aspect": aspect, "lang": lang}
    cls = catalog.get(name).load_class()
    width, height = pixel_size(check_aspect(aspect), 480)
    return watch_scene(lambda: cls(**params), width, height)


def watch_scene(make, width: int, height: int) -> list[str]:
    """What ``make()`` (a manim Scene) moves across words, in a frame of width x height pixels."""
    import tempfile

    from manim import tempconfig
    from manim.renderer.cairo_renderer import CairoRenderer

    from intuition.aspects import frame_units

    frame_w, frame_h = frame_units(width, height)
    watcher = Watcher(frame_w, frame_h)
    original = CairoRenderer.render

    def render(self, scene, time, moving_mobjects=None):
        watcher.see(scene)
        self.add_frame(self.camera.pixel_array)  # counted, not drawn

    CairoRenderer.render = render
    try:
        with tempfile.TemporaryDirectory() as media, tempconfig({
            "dry_run": True, "quality": "low_quality", "pixel_width": width, "pixel_height": height,
            "frame_width": frame_w, "frame_height": frame_h, "media_dir": media, "progress_bar": "none",
            "verbosity": "WARNING", "disable_caching": True,
        }):
            make().render()
            watcher.close()
    finally:
        CairoRenderer.render = original
    return watcher.findings


def main() -> None:
    from intuition import catalog

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("scenes", nargs="*")
    ap.add_argument("--all", action="store_true", help="every scene")
    ap.add_argument("--aspect", action="append", help="16:9 (default), 9:16, 1:1; repeat for several")
    ap.add_argument("--lang", default="en")
    ap.add_argument("--set", dest="sets", action="append", default=[], help="key=value")
    args = ap.parse_args()
    names = sorted(catalog.SCENES) if args.all else args.scenes
    if not names:
        ap.error("name a scene or give --all")
    total = 0
    for aspect in args.aspect or ["16:9"]:
        for name in names:
            found = watch(name, aspect, args.lang, args.sets)
            total += len(found)
            print(f"{name} {aspect} {args.lang}: {len(found) or 'nothing'} found", flush=True)
            for line in found:
                print("   ", line, flush=True)
    sys.exit(1 if total else 0)


if __name__ == "__main__":
    main()
