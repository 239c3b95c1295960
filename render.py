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

from intuition import catalog
from intuition.errors import IntuitionError
from intuition.jsonable import dumps
from intuition.params import describe_params, parse_assignments

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
    spec = catalog.get(scene)
    values = _scene_values(spec.name, sets, config_path)
    click.echo(json.dumps(spec.inspect(values), indent=2))


def _scene_values(scene: str, sets: tuple[str, ...], config_path: str | None) -> dict[str, Any]:
    from intuition import lessons

    overrides = parse_assignments(sets)
    base: dict[str, Any] = {}
    if config_path:
        base = lessons.load(config_path).values_for(scene)
    return {**base, **overrides}


@cli.command()
@click.argument("scenes", nargs=-1)
@set_option
@config_option
@click.option("--all", "all_scenes", is_flag=True, help="Render every scene in the catalog.")
@click.option("-q", "--quality", type=click.Choice(["l", "m", "h", "k"]), default=None,
              help="l 854x480@15, m 1280x720@30 (default), h 1920x1080@60, k 3840x2160@60.")
@click.option("-f", "--format", "fmt", type=click.Choice(["mp4", "webm", "mov", "gif", "png"]), default=None,
              help="Output format (default mp4; png is the last frame).")
@click.option("--transparent", is_flag=True, help="Transparent background (webm, mov, png, gif).")
@click.option("-o", "--output", "out_dir", default="media", show_default=True, help="Output folder.")
@click.option("--tex", "typesetter", type=click.Choice(["typst", "latex"]), default="typst", show_default=True,
              help="Typesetter for math: typst needs no TeX install; latex needs texlive.")
@click.option("-j", "--jobs", "workers", type=click.IntRange(1, 64), default=None,
              help="Worker processes (default: number of cores).")
def render(
    scenes: tuple[str, ...],
    sets: tuple[str, ...],
    config_path: str | None,
    all_scenes: bool,
    quality: str | None,
    fmt: str | None,
    transparent: bool,
    out_dir: str,
    typesetter: str,
    workers: int | None,
) -> None:
    """Render scenes (or a lesson file's clips) to video.

    Output lands in OUTPUT/<scene>/<scene>-<hash>.<format>, with the .srt
    subtitles and a .json manifest beside it. The same parameters again are a
    cache hit.

    \b
    Examples:
      python render.py render matrix-transform -q l
      python render.py render determinant eigenvectors svd -q l
      python render.py render matrix-transform --set 'matrix=[[1,2],[3,4]]' -f gif
      python render.py render --config lessons/linear_algebra.toml -j 2
    """
    from scenes.batch import default_workers, run_batch
    from scenes.output import check_writable, remove_stale_scratch

    jobs = plan_jobs(scenes, sets, config_path, all_scenes, quality, fmt, transparent, Path(out_dir), typesetter)
    if typesetter == "latex":
        _check_latex()
    check_writable(Path(out_dir))
    remove_stale_scratch(Path(out_dir))
    workers = workers or default_workers()
    with _Progress(len(jobs)) as progress:
        result = run_batch(jobs, workers=workers, on_event=progress.event)
    _summary(result)
    if not result.ok:
        sys.exit(EXIT_FAILED)


def plan_jobs(scenes, sets, config_path, all_scenes, quality, fmt, transparent, out_dir, typesetter):
    """Validate everything first: one bad value stops the run before anything renders."""
    from intuition import lessons
    from scenes.output import RenderJob

    overrides = parse_assignments(sets)
    lesson = lessons.load(config_path, overrides) if config_path else None
    names = list(catalog.SCENES) if all_scenes else [catalog.get(n).name for n in scenes]
    jobs: list[RenderJob] = []

    def job(scene: str, params, label: str = "", q: str | None = None, f: str | None = None) -> RenderJob:
        final_fmt = fmt or f or "mp4"
        if transparent and final_fmt == "mp4":
            raise click.UsageError("--transparent needs --format webm, mov, gif or png (mp4 has no alpha channel)")
        return RenderJob(
            scene=scene,
            params=params,
            quality=quality or q or "m",
            fmt=final_fmt,
            out_dir=out_dir,
            typesetter=typesetter,
            transparent=transparent,
            label=label,
        )

    for name in names:
        spec = catalog.get(name)
        values = {**(lesson.values_for(name) if lesson else {}), **overrides}
        jobs.append(job(name, spec.build(values)))
    if not names:
        if lesson is None:
            raise click.UsageError("name a scene (see `render.py list`), or give --all or --config FILE.toml")
        if not lesson.clips:
            for name in lesson.scene_values:
                jobs.append(job(name, catalog.get(name).build({**lesson.values_for(name), **overrides})))
        for clip in lesson.clips:
            jobs.append(job(clip.scene, clip.params, clip.title, clip.quality or lesson.quality, clip.fmt or lesson.fmt))
    if not jobs:
        raise click.UsageError(f"{config_path} names no scenes and no clips")
    return jobs


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


def _summary(result) -> None:
    rows = []
    for job, manifest in result.done:
        path = Path(job.folder) / f"{job.stem}.{job.fmt}"
        status = "cached" if manifest.get("cached") else "rendered"
        secs = "-" if manifest.get("cached") else f"{manifest.get('render_seconds', 0):.1f}"
        rows.append((job.label or job.scene, str(path), f"{manifest.get('duration', 0):.1f}s", secs, status))
    for job, msg in result.failed:
        rows.append((job.label or job.scene, "-", "-", "-", f"FAILED: {msg}"))
    if not rows:
        return
    headers = ("clip", "file", "duration", "seconds", "status")
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths))
    click.echo(line)
    click.echo("  ".join("-" * w for w in widths))
    for r in rows:
        click.echo("  ".join(c.ljust(w) for c, w in zip(r, widths)))
    if result.failed:
        click.echo(f"{len(result.failed)} of {len(rows)} clips failed", err=True)


if __name__ == "__main__":
    cli()
