"""The base every toolkit scene derives from.

A scene is an ordinary ManimCE scene. Its parameters live on the class (copied
from the catalog's pydantic model), so ``manim -ql scenes/linear_algebra.py
MatrixTransform`` renders the defaults and a teacher can write::

    class MyShear(MatrixTransform):
        matrix = [[1, 1], [0, 1]]

Keyword arguments override both: ``MatrixTransform(matrix=[[0, -1], [1, 0]])``.
Values are validated by the same model the CLI uses, so the same one-line
errors apply. The math model is computed once, before ``construct``.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
from manim import Mobject, Scene, ThreeDCamera, UpdateFromAlphaFunc, config

from intuition import catalog, words
from intuition.catalog import SceneSpec
from intuition.params import SceneParams
from scenes import changed_area, frame, kept_paths, redrawn, still_frames, style
from scenes.segments import Segments
from scenes.skipping import ENDS_AS_IT_STARTS, jump_to_end


@dataclass
class CaptionRecord:
    text: str
    start: float
    end: float | None = None
    id: str = ""  # the message id the text came from ("" for words the scene wrote itself)
    speech: Any = None  # production.voice.Speech when the clip has a voice

    def row(self, end: float) -> dict[str, Any]:
        """What the manifest and subtitles keep: id, text, start and end in seconds (and the speech)."""
        stop = self.end if self.end is not None else end
        row = {"id": self.id, "text": self.text, "start": round(self.start, 3), "end": round(stop, 3)}
        if self.speech is not None:
            row["speech"] = str(self.speech.path)
            row["spoken"] = round(self.speech.seconds, 3)
        return row


class _NoStartingCopy(UpdateFromAlphaFunc):
    # An animation copies its mobject to remember where it started; a fade
    # only needs the opacities, and copying a long Text costs 50-350 ms.
    def create_starting_mobject(self) -> Mobject:
        return Mobject()


def quick_fade(mob: Mobject, *, fade_in: bool, run_time: float = 0.3) -> UpdateFromAlphaFunc:
    """FadeIn / FadeOut by opacity alone, without the copies manim's fades make."""
    members = mob.family_members_with_points()
    start = [(m, m.get_fill_opacity(), m.get_stroke_opacity()) for m in members]

    def update(_mob: Mobject, alpha: float) -> None:
        k = alpha if fade_in else 1.0 - alpha
        for m, fill, stroke in start:
            m.set_fill(opacity=fill * k, family=False)
            m.set_stroke(opacity=stroke * k, family=False)

    return _NoStartingCopy(mob, update, run_time=run_time, introducer=fade_in, remover=not fade_in)


class IntuitionScene(Scene):
    """Parameters from the catalog, a title, and captions that double as subtitles.

    A scene finds its catalog entry by itself (``catalog.spec_for_class``): the
    catalog's ``"module:Class"`` string is the only registration. A subclass
    renders with its base's entry; a brand-new scene of a teacher's declares
    ``spec = SceneSpec(...)`` (see ``examples/``).
    """

    spec: ClassVar[SceneSpec | None] = None  # set on an instance; a teacher's own scene sets it on the class
    # Whether a chunk of the clip (production.chunks) may skip the plays before it. False for a
    # scene with time-based updaters (a turning camera): skipping advances them by exact run
    # times, rendering by whole frames; such a chunk steps through every earlier frame undrawn.
    skippable: ClassVar[bool] = True
    # Called with the seconds of video rendered so far, after every animation
    # (the CLI's progress bar); None when nobody is watching.
    progress_hook: ClassVar[Callable[[float], None] | None] = None
    # Called with the scene when a caption step ends (before the next caption, and at the
    # end): the studio's storyboard preview grabs its key frame there; None otherwise.
    step_hook: ClassVar[Callable[[IntuitionScene], None] | None] = None
    # Where spoken captions are kept (production sets it beside the output's other caches)
    voice_cache: ClassVar[Path | None] = None
    # Seconds of video the plays fill into one encoded segment before a new one (and its key
    # frame) starts (scenes.segments); 0: every play its own segment, as manim writes them.
    segment_seconds: ClassVar[float] = 4.0

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        spec = cls.__dict__.get("spec") or catalog.registered_for(cls)
        if spec is None:
            return  # a subclass: its registered base already has the parameters as attributes
        for name, field in spec.params.model_fields.items():
            if callable(getattr(cls, name, None)):
                # a storyboard method would shadow the parameter's class attribute
                raise TypeError(f"{cls.__name__}.{name} is a method but also a parameter of {spec.name}")
            if not hasattr(cls, name):
                setattr(cls, name, field.get_default(call_default_factory=True))

    @classmethod
    def scene_spec(cls) -> SceneSpec:
        spec = catalog.spec_for_class(cls)
        if spec is None:
            raise TypeError(f"{cls.__name__} is neither in the catalog nor declares spec = SceneSpec(...)")
        return spec

    @classmethod
    def build_params(cls, overrides: dict[str, Any] | None = None) -> SceneParams:
        """The class's parameters (its attributes over the entry's defaults), then ``overrides``."""
        spec = cls.scene_spec()
        values = {name: getattr(cls, name) for name in spec.params.model_fields if hasattr(cls, name)}
        values.update(overrides or {})
        return spec.build(values)

    def __init__(self, params: SceneParams | None = None, **kwargs: Any) -> None:
        spec = self.scene_spec()
        fields = spec.params.model_fields
        overrides = {k: kwargs.pop(k) for k in list(kwargs) if k in fields}
        if params is None:
            params = self.build_params(overrides)
        elif overrides:
            params = spec.build({**params.model_dump(), **overrides})
        self.spec = spec
        self.params = params
        self.model = spec.compute(params)
        self.words = words.Words(params.lang, dict(params.captions))
        self.voice = None
        cache = IntuitionScene.voice_cache or Path(tempfile.gettempdir()) / "intuition-voice"
        if params.voice != "none":
            from production import Voice

            self.voice = Voice(params.voice, params.lang, cache)
        elif params.narration:
            from production import Recordings

            self.voice = Recordings(params.narration, spec.name, cache)
        self.captions: list[CaptionRecord] = []
        self.play_frames: list[int] = []  # frames each play writes, skipped or not: where chunks may be cut
        self.play_waits: list[bool] = []  # whether each play is a still wait (one frame drawn, then repeated)
        # with ``measure_changes`` on (a dry pass planning chunks): the share of the frame each
        # play changes (scenes.changed_area), what its frames cost to draw and encode
        self.measure_changes = False
        self.play_areas: list[float] = []
        # ... and when each play starts, in seconds of building the scene with its plays skipped (what
        # a chunk starting there spends before its first frame), the measuring itself left out
        self.play_clock: list[float] = []
        self._measuring = 0.0
        self._changing: tuple[list[Mobject], Any] | None = None  # what a play moves, and where it started
        self.video_fps = float(config.frame_rate)  # kept: read after the render, config is back at its default
        self._caption_mob: Mobject | None = None
        self._title_mob: Mobject | None = None
        super().__init__(**kwargs)
        self._skipped_play = False  # inside a play whose animations are skipped: nothing to draw
        self._frames = 0  # the clip's frames before the current play (sum of play_frames)
        self._kept: tuple[int, int] | None = None  # the frames a chunk keeps (keep_frames)
        self.segments = Segments(self.renderer.file_writer, round(self.segment_seconds * self.video_fps))
        still_frames.install(self.renderer.file_writer)
        kept_paths.install(self.renderer.camera)
        draw = self.renderer.update_frame

        def update_frame(*args: Any, **kwargs: Any) -> None:
            # manim draws up to three frames in a skipped play (the static background, the
            # frozen frame of a wait, the last moment) and throws them away: most of a
            # skipped build's time. A frame asked for between plays is still drawn.
            if not self._skipped_play:
                draw(*args, **kwargs)

        self.renderer.update_frame = update_frame
        if self.voice is not None:
            # the last caption's speech is heard to its end: a wait inside construct, where a
            # chunk that ends early stops cleanly (manim ends a scene early only there)
            storyboard = self.construct

            def construct_then_listen() -> None:
                storyboard()
                self._wait_for_speech()

            self.construct = construct_then_listen

    def show(self, quality: str | None = None, fmt: str | None = None, out_dir: str = "media", **options: Any):
        """Render this very scene (its class and parameters; cached) and display it inline in Jupyter.

        ``Eigenvectors(matrix=[[2, 1], [1, 2]]).show()``; a subclass renders as
        itself. Options are the render options: resolution=(w, h), fps, transparent.
        """
        from production import show_scene

        return show_scene(type(self), self.params, quality=quality, fmt=fmt, out_dir=out_dir, **options)

    # --- shared storyboard pieces -------------------------------------------

    def setup(self) -> None:
        super().setup()
        # T(...) and the font answer in this scene's language while it is built
        words.use(self.words)
        style.use_language(self.params.lang)
        style.use_theme(self.params.theme, self.params.palette, self.params.colors)
        self.camera.background_color = style.BACKGROUND

    def show_title(self, text: str | None = None) -> Mobject:
        custom = getattr(self.params, "title", "")
        own = self.words(f"{self.spec.name}.title", self.spec.title)  # declared with N_ in the catalog
        self._title_mob = style.title(custom or text or own)
        # always drawn last: lines that sweep the frame pass behind the title's band
        self.add_foreground_mobjects(self._title_mob)
        return self._title_mob

    def add(self, *mobjects: Mobject):
        super().add(*mobjects)
        # the caption reads on its band over the picture: what is added after it goes below it (only
        # the foreground mobjects, drawn last, stay above). A cross-fade adds the new caption itself.
        caption = self._caption_mob
        if caption is not None and caption not in mobjects and caption in self.mobjects:
            end = len(self.mobjects) - len(self.foreground_mobjects)
            if self.mobjects.index(caption) < end - 1:
                self.mobjects.remove(caption)
                self.mobjects.insert(end - 1, caption)
        return self

    def caption(self, text: str, *, animate: bool = True) -> Mobject:
        """Show a plain-English caption at the bottom and start its subtitle."""
        self._wait_for_speech()
        if IntuitionScene.step_hook is not None and self.captions:
            IntuitionScene.step_hook(self)
        self._close_caption()
        new = style.caption(text)
        old = self._caption_mob
        if animate and old is not None:
            # played when skipping too, so plays are numbered alike however a clip is cut into chunks
            self.play(quick_fade(old, fade_in=False), quick_fade(new, fade_in=True))
        else:
            if old is not None:
                self.remove(old)
            self.add(new)
        self._caption_mob = new
        record = CaptionRecord(text, self.video_time, id=self.words.id_of(text))
        if self.voice is not None:
            record.speech = self.voice.say(text, record.id)
        self.captions.append(record)
        return new

    def _wait_for_speech(self) -> None:
        """Hold the picture until the last caption's speech has ended (and a breath after it)."""
        if not self.captions or self.captions[-1].speech is None or self.captions[-1].end is not None:
            return
        rec = self.captions[-1]
        left = rec.start + rec.speech.seconds + self.voice.gap - self.video_time
        if left > 1 / self.video_fps:
            self.wait(left)

    def _close_caption(self) -> None:
        if self.captions and self.captions[-1].end is None:
            rec = self.captions[-1]
            rec.end = self.video_time
            duration = rec.end - rec.start
            if duration > 0:
                self.add_subcaption(rec.text, duration=duration, offset=rec.start - self.time)

    @property
    def video_time(self) -> float:
        """Seconds of video so far, counted in whole frames.

        Unlike ``self.time`` (which advances by exact run times while animations are
        skipped, by whole frames while they are rendered), it is the same in both
        modes, so captions keep their times when a clip is rendered in chunks.
        """
        return self._frames / self.video_fps

    def _frames_of(self, duration: float) -> int:
        """How many frames manim writes for the play just made (see CairoRenderer.play)."""
        dt = 1 / self.video_fps
        if self.is_current_animation_frozen_frame():
            return int(duration / dt)
        return len(np.arange(0, duration, dt))

    def begin_animations(self) -> None:
        if not self.renderer.skip_animations:
            return super().begin_animations()
        # skipped: nothing is drawn, so which mobjects move (a walk of every family) is never asked
        self._skipped_play = True
        for animation in self.animations:
            animation._setup_scene(self)
            if type(animation) in ENDS_AS_IT_STARTS:
                jump_to_end(animation)
            animation.begin()
        self.moving_mobjects, self.static_mobjects = [], []
        if self.measure_changes:
            started = time.perf_counter()
            moving = [] if self.is_current_animation_frozen_frame() else self.get_moving_mobjects(*self.animations)
            self._changing = (moving, changed_area.cells(moving))
            self._measuring += time.perf_counter() - started

    def get_moving_mobjects(self, *animations: Any) -> list[Mobject]:
        # manim's own list, from its first moving group on, starts here at the first mobject that
        # moves itself (scenes.redrawn); not in 3-D, where the camera draws nearest last, not in
        # the list's order, so a still member left behind could be drawn over what moves
        moving = super().get_moving_mobjects(*animations)
        if isinstance(self.renderer.camera, ThreeDCamera):
            return moving
        return redrawn.from_first_mover(moving, animations, self.foreground_mobjects)

    def keep_frames(self, start: int, stop: int) -> None:
        """Write only frames ``[start, stop)`` of the clip (a chunk of it, production.chunks).

        Every frame outside is stepped through as in a whole render (the animations
        and updaters advance, the clock moves on) but neither drawn nor written, and a
        play with no frame kept writes no segment; so the frames kept are the very
        ones one process draws, however the plays before were played or skipped.
        In a scene that is ``skippable``, a frame outside is not even stepped through:
        the next frame drawn (or the play's end) moves the animations there in one step,
        as a skipped play does.
        """
        self._kept = (start, stop)
        renderer, writer = self.renderer, self.renderer.file_writer
        render, add_frame = renderer.render, renderer.add_frame
        add_segment, begin, end = writer.add_partial_movie_file, writer.begin_animation, writer.end_animation
        dt = 1 / self.video_fps
        writing = [True]  # whether the current play has a frame kept

        def add_kept_segment(hash_animation: str | None) -> None:
            first = self._next_frame
            writing[0] = first < stop and first + self._frames_of(self.duration) > start
            add_segment(hash_animation if writing[0] else None)

        def render_kept(scene: Scene, t: float, moving: Any = None) -> None:
            if start <= self._next_frame < stop:
                render(scene, t, moving)
            else:
                self._next_frame += 1
                if not renderer.skip_animations:
                    renderer.time += dt

        def add_kept(pixels: Any, num_frames: int = 1) -> None:
            first = self._next_frame
            self._next_frame += num_frames
            kept = min(first + num_frames, stop) - max(first, start)
            if renderer.skip_animations:
                return
            before = renderer.time
            if kept > 0:
                add_frame(pixels, kept)
            renderer.time = before + num_frames * dt  # as one process counts it

        renderer.render, renderer.add_frame = render_kept, add_kept
        writer.add_partial_movie_file = add_kept_segment
        writer.begin_animation = lambda allow=False, **kw: begin(allow and writing[0], **kw)
        writer.end_animation = lambda allow=False: end(allow and writing[0])

    def update_to_time(self, t: float) -> None:
        # in a play a chunk keeps part of, a frame it does not draw need not be reached: every
        # animation is a function of its alpha and, in a skippable scene, every updater of the
        # picture as it is; the last_t left behind makes the next step cover the frames passed
        if self._kept is not None and self.skippable and not self.renderer.skip_animations:
            start, stop = self._kept
            if not start <= self._next_frame < stop:
                return
        super().update_to_time(t)

    def play(self, *args: Any, **kwargs: Any) -> None:
        self._next_frame = self._frames  # the clip's frame number this play starts at
        if self.measure_changes:
            self.play_clock.append(time.perf_counter() - self._measuring)
        try:
            super().play(*args, **kwargs)
        finally:
            self._skipped_play = False
        self.play_frames.append(self._frames_of(self.duration))
        self._frames += self.play_frames[-1]
        self.segments.played(self._frames)
        self.play_waits.append(self.is_current_animation_frozen_frame())
        if self._changing is not None:  # where the moving mobjects started, and where they ended
            measured = time.perf_counter()
            moving, started = self._changing
            self.play_areas.append(changed_area.share(started, changed_area.cells(moving)))
            self._changing = None
            self._measuring += time.perf_counter() - measured
        hook = IntuitionScene.progress_hook
        if hook is not None:
            hook(float(self.time))

    def tear_down(self) -> None:
        if IntuitionScene.step_hook is not None:
            IntuitionScene.step_hook(self)
        self._close_caption()
        super().tear_down()

    # --- layout helpers ------------------------------------------------------

    @property
    def content_top(self) -> float:
        """The y below the title band (once the title is shown: as deep as its lines need)."""
        return config.frame_height / 2 - style.title_band(self._title_mob)

    @property
    def content_bottom(self) -> float:
        """The y above the caption band."""
        return frame.content_bottom()
