#!/usr/bin/env python
"""intuition's command line: pick a scene, set its numbers, get a clip.

A thin layer: each command parses, calls one library function, prints.
``list``, ``describe``, ``inspect`` and a cached ``render`` never import manim.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from intuition.errors import IntuitionError
from production import FORMATS, QUALITIES, check_resolution  # light: the presets, no manim, numpy or pydantic

# Heavy imports (the catalog pulls in numpy, sympy and pydantic; rendering pulls
# in manim) happen inside the commands, so a repeated render answers from the
# cache in a fraction of a second.

EXIT_BAD_INPUT = 2
EXIT_FAILED = 1
EXIT_INTERRUPTED = 130


class OneLineErrors(click.Group):
    """Every user error is one line on stderr and exit status 2, never a traceback."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["standalone_mode"] = False
        try:
            rv = super().main(*args, **kwargs)
        except click.exceptions.Exit as e:
            sys.exit(e.exit_code)
        except click.ClickException as e:
            click.echo(f"intuition: error: {e.format_message()}", err=True)
            sys.exit(EXIT_BAD_INPUT)
        except IntuitionError as e:
            click.echo(f"intuition: error: {e}", err=True)
            sys.exit(EXIT_BAD_INPUT)
        except (KeyboardInterrupt, click.Abort):
            click.echo("intuition: interrupted; no partial files were left behind", err=True)
            sys.exit(EXIT_INTERRUPTED)
        sys.exit(rv if isinstance(rv, int) else 0)


@click.group(cls=OneLineErrors, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="intuition", prog_name="intuition")
def cli() -> None:
    """Parameterized scenes that make the math behind machine learning visible.

    \b
    Example:
      python render.py list
      python render.py describe matrix-transform
      python render.py inspect matrix-transform --set 'matrix=[[1,2],[3,4]]'
      python render.py render matrix-transform -q l --set 'matrix=[[0,-1],[1,0]]'
    """


def set_option(f):
    return click.option(
        "--set",
        "-s",
        "sets",
        multiple=True,
        metavar="KEY=VALUE",
        help="Set a parameter, e.g. --set 'matrix=[[2,1],[1,2]]' (repeatable).",
    )(f)


def lang_option(f):
    return click.option(
        "--lang",
        default=None,
        metavar="CODE",
        help="Language of every word on screen and in the subtitles: en, es, fr, de, zh_Hans.",
    )(f)


def voice_option(f):
    f = click.option("--narration", default=None, metavar="DIR",
                     help="Your own voice: a recording per caption id (watch.wav...); `inspect` lists the ids.")(f)
    return click.option("--voice", default=None, metavar="none|espeak|piper:MODEL.onnx",
                        help="Speak every caption: eSpeak NG in the clip's language, or your piper voice "
                             "model (mp4, webm, mov).")(f)


def look_options(f):
    f = click.option("--aspect", default=None, metavar="16:9|9:16|1:1|4:3",
                     help="The clip's shape; the quality gives the short side (-q l 9:16 is 480x854).")(f)
    f = click.option("--palette", default=None, metavar="NAME",
                     help="default, or okabe-ito: colour-blind-safe hues for every scene's colours.")(f)
    return click.option("--theme", default=None, metavar="NAME|FILE.toml",
                        help="Colours: dark (default), light, high-contrast, or your own theme file.")(f)


def _with_lang(sets: tuple[str, ...], lang: str | None, **look: str | None) -> tuple[str, ...]:
    # --lang is --set lang=CODE said first, so an explicit --set still wins, and a lesson's lang loses to
    # both; --theme, --palette and --aspect the same
    said = {"lang": lang, **look}
    quoted = ("theme", "narration", "aspect")  # paths and 9:16: TOML strings, whatever characters they hold
    return (*(f"{k}={v!r}" if k in quoted else f"{k}={v}" for k, v in said.items() if v), *sets)


def config_option(f):
    return click.option(
        "--config",
        "-c",
        "config_path",
        metavar="FILE.toml",
        help="A lesson file: a [scene] table of parameters per scene, and/or [[clip]] entries.",
    )(f)


@cli.command("list")
@click.option("--classes", is_flag=True, help="Also show each scene's class and file (for the plain manim command).")
def list_cmd(classes: bool) -> None:
    """List the scenes, one line each, with the concept each teaches.

    With --classes, each scene's class and the file it lives in, so that
    `manim -ql FILE CLASS` renders it too.

    \b
    Example:
      python render.py list
      python render.py list --classes
    """
    from intuition import catalog

    width = max(len(n) for n in catalog.SCENES)
    for family in catalog.FAMILIES:
        specs = [s for s in catalog.SCENES.values() if s.family == family]
        if not specs:
            continue
        click.echo(f"{family}:")
        for spec in specs:
            if classes:
                where = spec.module.replace(".", "/") + ".py"
                click.echo(f"  {spec.name.ljust(width)}  {where} {spec.class_name}")
            else:
                click.echo(f"  {spec.name.ljust(width)}  {spec.concept}")


@cli.command()
@click.argument("scene")
@click.option("--json", "as_json", is_flag=True, help="Print the parameters' JSON schema instead.")
@lang_option
def describe(scene: str, as_json: bool, lang: str | None) -> None:
    """Show a scene's parameters: type, default, allowed values, help.

    SCENE is a name from `list`, or FILE.py:Class for a scene of your own.

    \b
    Example:
      python render.py describe matrix-transform
      python render.py describe examples/softmax.py:Softmax
      python render.py describe determinant --lang es
    """
    from production import describe_scene

    info = describe_scene(scene, lang or "en")
    if as_json:
        click.echo(json.dumps(info["schema"], indent=2))
        return
    click.echo(f"{info['name']}: {info['title']}")
    click.echo(f"  teaches: {info['concept']}")
    click.echo(f"  class: {info['class']} in {info['file']}")
    click.echo("  parameters (set with --set KEY=VALUE):")
    rows = info["params"]
    w = max(len(r["name"]) for r in rows) if rows else 4
    for r in rows:
        default = json.dumps(_plain(r["default"]))
        allowed = f"; allowed: {r['allowed']}" if r["allowed"] else ""
        click.echo(f"    {r['name'].ljust(w)}  {r['type']:<10} default {default}{allowed}")
        if r["help"]:
            click.echo(f"    {' ' * w}  {r['help']}")
    click.echo(f"  words on screen ({info['lang']}; replace one with --set 'captions.ID=your text'):")
    own = f"{info['name']}."
    for row in info["captions"]:
        fills = f"  [{', '.join('{' + p + '}' for p in row['placeholders'])}]" if row["placeholders"] else ""
        click.echo(f"    {row['id'].removeprefix(own)}: {row['text']}{fills}")


def _plain(value: Any) -> Any:
    from intuition.jsonable import to_jsonable

    return to_jsonable(value)


@cli.command()
@click.argument("scene")
@set_option
@config_option
@lang_option
@click.option("--captions/--no-captions", default=None,
              help="Also the captions it says, with their ids and times (builds the scene, no video; "
                   "on by default with --lang).")
def inspect(scene: str, sets: tuple[str, ...], config_path: str | None, lang: str | None,
            captions: bool | None) -> None:
    """Print a scene's math model as JSON: every number it shows (and its captions); no rendering.

    With --config, the parameters are the lesson file's [scene] table, then
    those of its first [[clip]] of this scene, then --set.

    \b
    Example:
      python render.py inspect matrix-transform --set 'matrix=[[1,2],[3,4]]'
      python render.py inspect determinant --lang de
    """
    from intuition.jsonable import dumps
    from production import inspect_scene

    with_captions = captions if captions is not None else lang is not None
    click.echo(dumps(inspect_scene(scene, _with_lang(sets, lang), config_path, captions=with_captions)))


def _resolution(ctx, param, value: str | None):
    """WxH in one of the aspects the scenes re-flow to, even sides (yuv420p needs them)."""
    if value is None:
        return None
    try:
        w, h = (int(v) for v in value.lower().split("x"))
    except ValueError:
        raise click.BadParameter("write it WIDTHxHEIGHT, e.g. 1280x720") from None
    try:
        check_resolution(w, h)
    except ValueError as err:
        raise click.BadParameter(str(err)) from None
    return (w, h)


@cli.command()
@click.argument("scenes", nargs=-1)
@set_option
@click.option("--config", "-c", "config_paths", multiple=True, metavar="FILE.toml",
              help="A lesson file: [scene] tables of parameters and/or [[clip]] entries (repeatable).")
@click.option("--all", "all_scenes", is_flag=True, help="Render every scene in the catalog.")
@click.option("-q", "--quality", type=click.Choice(list(QUALITIES)), default=None,
              help="l 854x480@15, m 1280x720@30 (default; l for gif), h 1920x1080@60, k 3840x2160@60.")
@click.option("-f", "--format", "fmt", type=click.Choice(list(FORMATS)),
              default=None, help="mp4 (default), webm, mov, gif, png (last frame, or --frame T), "
              "storyboard (one PNG: a panel per caption).")
@click.option("--transparent", is_flag=True, help="Transparent background (webm, mov, gif, png).")
@click.option("--resolution", callback=_resolution, metavar="WxH",
              help="Frame size in the clip's aspect, e.g. 1280x720.")
@click.option("--fps", type=click.IntRange(1, 120), default=None, help="Frames per second (1..120).")
@click.option("--frame", "frame_at", type=click.FloatRange(0, None), default=None, metavar="SECONDS",
              help="Write the frame at this second as a PNG (implies -f png; at most the clip's length).")
@click.option("--preview", is_flag=True, help="Just the last frame as PNG, no video: quick parameter tuning.")
@click.option("--draft", is_flag=True, help="Fastest encoder settings: quicker, bigger files, for checking a clip.")
@click.option("-o", "--output", "out_dir", default="media", show_default=True, help="Output folder.")
@click.option("--tex", "typesetter", type=click.Choice(["typst", "latex"]), default="typst", show_default=True,
              help="Typesetter for math: typst needs no TeX install; latex needs texlive.")
@click.option("-j", "--jobs", "workers", type=click.IntRange(1, 64), default=None,
              help="Worker processes (default: number of cores).")
@click.option("--chunks", type=click.IntRange(1, 64), default=None, metavar="N",
              help="Cut a single mp4 clip into exactly N chunks rendered side by side (default: -j decides "
              "by its length); the joined video is the one a single process writes.")
@click.option("--executor", default="local", show_default=True, metavar="local|dask://HOST:PORT",
              help="Where clips render: here, or on a Dask cluster (files come back to --output).")
@lang_option
@voice_option
@look_options
@click.option("--join", is_flag=True, help="With --config: one mp4 of the whole lesson (title cards, chapters).")
def render(scenes, sets, config_paths, all_scenes, quality, fmt, transparent, resolution, fps, frame_at, preview,
           draft, out_dir, typesetter, workers, chunks, executor, lang, voice, narration, theme, palette, aspect,
           join) -> None:
    """Render scenes (or a lesson file's clips) to video.

    SCENES are names from `list`, or FILE.py:Class for a scene of your own.

    Output lands in OUTPUT/<scene>/<scene>-<hash>.<format>, with a poster
    frame (.poster.png), subtitles (.srt and .vtt) and a .json manifest beside
    it. The same parameters again are a cache hit.

    \b
    Examples:
      python render.py render matrix-transform -q l
      python render.py render determinant eigenvectors svd -q l
      python render.py render matrix-transform --set 'matrix=[[1,2],[3,4]]' -f gif
      python render.py render eigenvectors --preview --set 'matrix=[[0,-1],[1,0]]'
      python render.py render --config lessons/linear_algebra.toml -j 2
      python render.py render examples/softmax.py:Softmax -q l
      python render.py render determinant --lang es -f storyboard
      python render.py render determinant --theme light --palette okabe-ito
      python render.py render determinant --aspect 9:16 -q l
      python render.py render determinant --voice espeak --lang es -q l
      python render.py render --config lessons/linear_algebra.toml --join -q l
    """
    from production import RenderRequest
    from production import render as render_request

    request = RenderRequest(
        scenes=tuple(scenes),
        sets=_with_lang(sets, lang, voice=voice, narration=narration, theme=theme, palette=palette,
                        aspect=aspect),
        lessons=tuple(config_paths), all_scenes=all_scenes,
        quality=quality, fmt=fmt, transparent=transparent, resolution=resolution, fps=fps, frame=frame_at,
        preview=preview, draft=draft, typesetter=typesetter, out_dir=Path(out_dir), workers=workers,
        chunks=chunks, executor=executor,
    )
    progress = _Progress()
    joined = None
    with progress:
        if join:
            from production import render_lesson_video

            outcome, joined = render_lesson_video(request, on_event=progress.event, on_plan=progress.planned)
        else:
            outcome = render_request(request, on_event=progress.event, on_plan=progress.planned)
    rendered_failures = outcome.failed[: len(outcome.failed) - outcome.broken]
    if outcome.bad_input and not outcome.done:
        for _, message in rendered_failures:  # nothing to tabulate: the user's mistake, in one line each
            click.echo(f"intuition: error: {message}", err=True)
    elif outcome.done or rendered_failures:
        _summary(outcome)
    if joined is not None:
        click.echo(f"lesson video: {joined}")
    if not outcome.ok:
        sys.exit(EXIT_BAD_INPUT if outcome.bad_input and not outcome.done else EXIT_FAILED)


@cli.command()
@click.option("-o", "--output", "out_dir", default="media", show_default=True,
              help="The folder the clips were rendered into; index.html is written there.")
@click.option("--title", default="intuition: clips", show_default=True, help="The page's heading.")
def gallery(out_dir: str, title: str) -> None:
    """Write OUTPUT/index.html: a card per rendered clip with embed snippets.

    Each card holds the video (poster frame, captions track), the parameters
    it was rendered with, and copy-paste snippets: an HTML <video>, Markdown,
    and the command that renders it again.

    \b
    Example:
      python render.py render --config lessons/linear_algebra.toml -q l
      python render.py gallery && xdg-open media/index.html
    """
    from production import write_gallery

    page, count = write_gallery(Path(out_dir), title=title)
    click.echo(f"{page}: {count} clip{'s' if count != 1 else ''}")


class _Progress:
    """A rich progress bar on stderr: one overall bar, and the clip being rendered.

    Drawn only once there is something to render (a cache hit prints just the table).
    """

    def __init__(self):
        self.progress = None
        self.task = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self.progress is not None:
            return self.progress.__exit__(*exc)
        return None

    def planned(self, plan) -> None:
        for clip in plan.broken:  # before the bar: each is one plain line
            click.echo(f"intuition: error: {clip.error}", err=True)
        if not plan.jobs:
            return
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.console = Console(stderr=True)
        self.progress = Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                                 TimeElapsedColumn(), console=self.console, transient=True)
        self.progress.__enter__()
        self.task = self.progress.add_task("rendering", total=len(plan.jobs))
        self.many = len(plan.jobs) > 1

    def event(self, kind: str, job, payload) -> None:
        if self.progress is None:
            return
        name = job.label or job.scene
        if kind == "started":
            self.progress.update(self.task, description=f"rendering {name}")
        elif kind == "progress":
            self.progress.update(self.task, description=f"rendering {name} ({payload:.1f}s of video)")
        elif kind in ("done", "cached", "failed"):
            self.progress.advance(self.task)
            if kind == "failed" and self.many:  # a single clip's failure is the last line printed
                self.console.print(f"[red]failed[/red] {name}: {payload}", highlight=False)


def _rendered(clip) -> str:
    chunks = clip.manifest.get("chunks")
    if not chunks:
        return "rendered"
    inside = sum(1 for cut in clip.manifest.get("cuts", ()) if cut["offset"])
    return f"rendered in {chunks} chunks" + (f" ({inside} cut inside a play)" if inside == 1 else
                                             f" ({inside} cuts inside plays)" if inside else "")


def _summary(outcome) -> None:
    """The final table: clip, file, duration, seconds (- for a cache hit), status."""
    rows = [(c.label, str(c.path), f"{c.duration:.1f}s", "-" if c.seconds is None else f"{c.seconds:.1f}",
             "cached" if c.seconds is None else _rendered(c)) for c in outcome.done]
    rows += [(label, "-", "-", "-", f"FAILED: {msg}") for label, msg in outcome.failed]
    if not rows:
        return
    headers = ("clip", "file", "duration", "seconds", "status")
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    click.echo("  ".join(h.ljust(w) for h, w in zip(headers, widths)).rstrip())
    click.echo("  ".join("-" * w for w in widths))
    for r in rows:
        click.echo("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())
    if outcome.failed:
        click.echo(f"{len(outcome.failed)} of {len(rows)} clips failed", err=True)


@cli.command()
@click.option("--port", "-p", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; another machine's needs --allow-remote.")
@click.option("--allow-remote", is_flag=True, help="Allow a --host that other machines can reach (no login!).")
@click.option("-o", "--output", "out_dir", default="media", show_default=True, help="Output folder for renders.")
def studio(port: int, host: str, allow_remote: bool, out_dir: str) -> None:
    """Start the studio: a local web page to pick a scene, edit its parameters
    in a form, see its numbers and a storyboard preview at once, render, and
    build a lesson file.

    Prints the URL to open; Ctrl-C stops it. Needs the studio extra
    (pip install '.[studio]': fastapi, uvicorn).

    \b
    Example:
      python render.py studio
      python render.py studio --port 8765 -o /tmp/clips
    """
    try:
        import fastapi  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError:
        raise IntuitionError("the studio needs fastapi and uvicorn: pip install '.[studio]'") from None
    from production import is_local_host, serve_studio

    if not is_local_host(host):
        if not allow_remote:
            raise click.BadParameter(f"{host} lets other machines reach the studio, which has no login; "
                                     "add --allow-remote if that is what you want", param_hint="--host")
        click.echo(f"intuition: warning: the studio is reachable from other machines at {host}:{port}, "
                   "with no login; anyone who can reach it can render and read its clips", err=True)

    def ready(url: str) -> None:
        click.echo(f"intuition studio: {url}  (renders go to {out_dir}; Ctrl-C stops it)")

    serve_studio(Path(out_dir), host, port, allow_remote=allow_remote, on_ready=ready)


if __name__ == "__main__":
    cli()
