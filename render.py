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


def config_option(f):
    return click.option(
        "--config",
        "-c",
        "config_path",
        metavar="FILE.toml",
        help="A lesson file: a [scene] table of parameters per scene, and/or [[clip]] entries.",
    )(f)


@cli.command("list")
def list_cmd() -> None:
    """List the scenes, one line each, with the concept each teaches.

    \b
    Example:
      python render.py list
    """
    from intuition import catalog

    width = max(len(n) for n in catalog.SCENES)
    for family in catalog.FAMILIES:
        specs = [s for s in catalog.SCENES.values() if s.family == family]
        if not specs:
            continue
        click.echo(f"{family}:")
        for spec in specs:
            click.echo(f"  {spec.name.ljust(width)}  {spec.concept}")


@cli.command()
@click.argument("scene")
@click.option("--json", "as_json", is_flag=True, help="Print the parameters' JSON schema instead.")
def describe(scene: str, as_json: bool) -> None:
    """Show a scene's parameters: type, default, allowed values, help.

    \b
    Example:
      python render.py describe matrix-transform
    """
    from intuition import catalog
    from intuition.params import describe_params

    spec = catalog.get(scene)
    if as_json:
        click.echo(json.dumps(spec.params.model_json_schema(), indent=2))
        return
    click.echo(f"{spec.name}: {spec.title}")
    click.echo(f"  teaches: {spec.concept}")
    click.echo("  parameters (set with --set KEY=VALUE):")
    rows = describe_params(spec.params)
    w = max(len(r["name"]) for r in rows) if rows else 4
    for r in rows:
        default = json.dumps(_plain(r["default"]))
        allowed = f"; allowed: {r['allowed']}" if r["allowed"] else ""
        click.echo(f"    {r['name'].ljust(w)}  {r['type']:<10} default {default}{allowed}")
        if r["help"]:
            click.echo(f"    {' ' * w}  {r['help']}")


def _plain(value: Any) -> Any:
    from intuition.jsonable import to_jsonable

    return to_jsonable(value)


@cli.command()
@click.argument("scene")
@set_option
@config_option
def inspect(scene: str, sets: tuple[str, ...], config_path: str | None) -> None:
    """Print a scene's math model as JSON: every number it shows, no rendering.

    \b
    Example:
      python render.py inspect matrix-transform --set 'matrix=[[1,2],[3,4]]'
    """
    from intuition import catalog
    from intuition.jsonable import dumps

    spec = catalog.get(scene)
    values = _scene_values(spec.name, sets, config_path)
    click.echo(dumps(spec.inspect(values)))


def _scene_values(scene: str, sets: tuple[str, ...], config_path: str | None) -> dict[str, Any]:
    from intuition import lessons
    from intuition.params import parse_assignments

    overrides = parse_assignments(sets)
    base: dict[str, Any] = {}
    if config_path:
        base = lessons.load(config_path).values_for(scene)
    return {**base, **overrides}


def _resolution(ctx, param, value: str | None):
    """WxH, 16:9 like the scenes' layout, even sides (yuv420p needs them)."""
    if value is None:
        return None
    try:
        w, h = (int(v) for v in value.lower().split("x"))
    except ValueError:
        raise click.BadParameter("write it WIDTHxHEIGHT, e.g. 1280x720") from None
    if not (64 <= w <= 7680 and 36 <= h <= 4320) or w % 2 or h % 2:
        raise click.BadParameter("sides must be even, 64..7680 wide and 36..4320 high, e.g. 1280x720")
    if abs(w / h - 16 / 9) > 0.01:
        raise click.BadParameter("must be 16:9 (the scenes are laid out for it), e.g. 640x360, 1280x720, 1920x1080")
    return (w, h)


@cli.command()
@click.argument("scenes", nargs=-1)
@set_option
@click.option("--config", "-c", "config_paths", multiple=True, metavar="FILE.toml",
              help="A lesson file: [scene] tables of parameters and/or [[clip]] entries (repeatable).")
@click.option("--all", "all_scenes", is_flag=True, help="Render every scene in the catalog.")
@click.option("-q", "--quality", type=click.Choice(["l", "m", "h", "k"]), default=None,
              help="l 854x480@15, m 1280x720@30 (default; l for gif), h 1920x1080@60, k 3840x2160@60.")
@click.option("-f", "--format", "fmt", type=click.Choice(["mp4", "webm", "mov", "gif", "png", "storyboard"]),
              default=None, help="mp4 (default), webm, mov, gif, png (last frame, or --frame T), "
              "storyboard (one PNG: a panel per caption).")
@click.option("--transparent", is_flag=True, help="Transparent background (webm, mov, gif, png).")
@click.option("--resolution", callback=_resolution, metavar="WxH", help="Frame size, 16:9, e.g. 1280x720.")
@click.option("--fps", type=click.IntRange(1, 120), default=None, help="Frames per second (1..120).")
@click.option("--frame", "frame_at", type=click.FloatRange(0, None), default=None, metavar="SECONDS",
              help="With -f png: the frame at this second instead of the last.")
@click.option("--preview", is_flag=True, help="Just the last frame as PNG, no video: quick parameter tuning.")
@click.option("--draft", is_flag=True, help="Fastest encoder settings: quicker, bigger files, for checking a clip.")
@click.option("-o", "--output", "out_dir", default="media", show_default=True, help="Output folder.")
@click.option("--tex", "typesetter", type=click.Choice(["typst", "latex"]), default="typst", show_default=True,
              help="Typesetter for math: typst needs no TeX install; latex needs texlive.")
@click.option("-j", "--jobs", "workers", type=click.IntRange(1, 64), default=None,
              help="Worker processes (default: number of cores).")
@click.option("--executor", default="local", show_default=True, metavar="local|dask://HOST:PORT",
              help="Where clips render: here, or on a Dask cluster (files come back to --output).")
def render(scenes, sets, config_paths, all_scenes, quality, fmt, transparent, resolution, fps, frame_at, preview,
           draft, out_dir, typesetter, workers, executor) -> None:
    """Render scenes (or a lesson file's clips) to video.

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
    """
    from scenes import request_cache

    if executor != "local":
        from scenes.cluster import scheduler_address

        scheduler_address(executor)  # a malformed address fails before anything renders
    if preview:
        if fmt not in (None, "png"):
            raise click.UsageError("--preview writes a png; drop --format or use --format png")
        fmt = "png"
    if frame_at is not None and fmt not in (None, "png"):
        raise click.UsageError("--frame picks one frame: use it with --format png")
    if frame_at is not None:
        fmt = "png"
    options = dict(scenes=scenes, sets=sets, all=all_scenes, quality=quality, fmt=fmt, transparent=transparent,
                   resolution=resolution, fps=fps, frame=frame_at, draft=draft, typesetter=typesetter)
    key = request_cache.request_key(options, config_paths)
    if key and executor == "local":
        rows = request_cache.recall(Path(out_dir), key)
        if rows is not None:
            _summary_rows([(r["label"] or r["scene"], str(Path(out_dir) / r["scene"] / r["file"]),
                            r["manifest"].get("duration", 0), None) for r in rows], [])
            return

    from scenes.batch import default_workers, run_batch
    from scenes.output import check_writable, remove_stale_scratch

    jobs, broken = plan_jobs(scenes, sets, config_paths, all_scenes, quality, fmt, transparent, Path(out_dir),
                             typesetter, dict(resolution=resolution, fps=fps, frame=frame_at, draft=draft))
    for clip in broken:
        click.echo(f"intuition: error: {clip.error}", err=True)
    if broken and not jobs:
        sys.exit(EXIT_BAD_INPUT)
    if typesetter == "latex":
        _check_latex()
    check_writable(Path(out_dir), tuple(sorted({job.scene for job in jobs})))
    remove_stale_scratch(Path(out_dir))
    workers = workers or default_workers()
    with _Progress(len(jobs)) as progress:
        if executor == "local":
            result = run_batch(jobs, workers=workers, on_event=progress.event)
        else:
            from scenes.cluster import run_on_cluster

            result = run_on_cluster(jobs, executor, on_event=progress.event)
    _summary(result, [(clip.title or clip.scene, clip.error) for clip in broken])
    if not result.ok or broken:
        sys.exit(EXIT_FAILED)
    if key:
        request_cache.remember(Path(out_dir), key, [
            {"label": job.label, "scene": job.scene, "stem": job.stem, "key": job.key, "file": job.media_path.name}
            for job, _ in result.done
        ])


def plan_jobs(scenes, sets, config_paths, all_scenes, quality, fmt, transparent, out_dir, typesetter, extra=None):
    """Validate everything first: one bad value stops the run before anything renders."""
    from intuition import catalog, lessons
    from intuition.params import parse_assignments
    from scenes.output import RenderJob

    extra = extra or {}
    if isinstance(config_paths, str):
        config_paths = (config_paths,)
    overrides = parse_assignments(sets)
    loaded = [lessons.load(p, overrides) for p in config_paths or ()]
    names = list(catalog.SCENES) if all_scenes else [catalog.get(n).name for n in scenes]
    jobs: list[RenderJob] = []
    broken: list[lessons.Clip] = []

    def job(scene: str, params, label: str = "", q: str | None = None, f: str | None = None) -> RenderJob:
        final_fmt = fmt or f or "mp4"
        if transparent and final_fmt in ("mp4", "storyboard"):
            raise click.UsageError("--transparent needs --format webm, mov, gif or png (mp4 has no alpha channel)")
        # gifs are for slides: small unless asked otherwise
        final_q = quality or q or ("l" if final_fmt == "gif" else "m")
        return RenderJob(scene=scene, params=params, quality=final_q, fmt=final_fmt, out_dir=out_dir,
                         typesetter=typesetter, transparent=transparent, label=label,
                         resolution=extra.get("resolution"), fps=extra.get("fps"),
                         frame=extra.get("frame") if final_fmt == "png" else None, draft=bool(extra.get("draft")))

    for name in names:
        spec = catalog.get(name)
        values: dict[str, Any] = {}
        for lesson in loaded:
            values.update(lesson.values_for(name))
        jobs.append(job(name, spec.build({**values, **overrides})))
    if not names:
        if not loaded:
            raise click.UsageError("name a scene (see `render.py list`), or give --all or --config FILE.toml")
        for lesson in loaded:
            if not lesson.clips:
                for name in lesson.scene_values:
                    jobs.append(job(name, catalog.get(name).build({**lesson.values_for(name), **overrides})))
            for clip in lesson.clips:
                if clip.error:
                    broken.append(clip)
                    continue
                jobs.append(job(clip.scene, clip.params, clip.title, clip.quality or lesson.quality,
                                clip.fmt or lesson.fmt))
    if not jobs and not broken:
        raise click.UsageError(f"{', '.join(config_paths)} names no scenes and no clips")
    return jobs, broken


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
    from scenes.gallery import write_gallery

    page, count = write_gallery(Path(out_dir), title=title)
    click.echo(f"{page}: {count} clip{'s' if count != 1 else ''}")


def _check_latex() -> None:
    import shutil

    from intuition.errors import MissingSystemPiece

    missing = [t for t in ("latex", "dvisvgm") if shutil.which(t) is None]
    if missing:
        raise MissingSystemPiece(
            f"--tex latex needs {' and '.join(missing)}: apt-get install texlive-latex-base "
            "texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended dvisvgm "
            "(or use the default --tex typst)"
        )


class _Progress:
    """A rich progress bar on stderr: one overall bar, and the clip being rendered."""

    def __init__(self, total: int):
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.console = Console(stderr=True)
        self.progress = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=self.console,
            transient=True,
        )
        self.total = total
        self.task = None

    def __enter__(self):
        self.progress.__enter__()
        self.task = self.progress.add_task("rendering", total=self.total)
        return self

    def __exit__(self, *exc):
        return self.progress.__exit__(*exc)

    def event(self, kind: str, job, payload) -> None:
        name = job.label or job.scene
        if kind == "started":
            self.progress.update(self.task, description=f"rendering {name}")
        elif kind == "progress":
            self.progress.update(self.task, description=f"rendering {name} ({payload:.1f}s of video)")
        elif kind in ("done", "cached", "failed"):
            self.progress.advance(self.task)
            if kind == "failed":
                self.console.print(f"[red]failed[/red] {name}: {payload}", highlight=False)


def _summary(result, broken=()) -> None:
    done = []
    for job, manifest in result.done:
        seconds = None if manifest.get("cached") else manifest.get("render_seconds", 0)
        done.append((job.label or job.scene, str(job.media_path), manifest.get("duration", 0), seconds))
    _summary_rows(done, [(job.label or job.scene, msg) for job, msg in result.failed] + list(broken))


def _summary_rows(done, failed) -> None:
    """The final table: clip, file, duration, seconds (- for a cache hit), status."""
    rows = [(label, path, f"{duration:.1f}s", "-" if secs is None else f"{secs:.1f}",
             "cached" if secs is None else "rendered") for label, path, duration, secs in done]
    rows += [(label, "-", "-", "-", f"FAILED: {msg}") for label, msg in failed]
    if not rows:
        return
    headers = ("clip", "file", "duration", "seconds", "status")
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    click.echo("  ".join(h.ljust(w) for h, w in zip(headers, widths)).rstrip())
    click.echo("  ".join("-" * w for w in widths))
    for r in rows:
        click.echo("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())
    if failed:
        click.echo(f"{len(failed)} of {len(rows)} clips failed", err=True)


if __name__ == "__main__":
    cli()
