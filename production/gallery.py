"""The gallery page: every rendered clip as a card, with copy-paste embed snippets.

Reads the manifests under the output folder (no manim import) and writes one
self-contained ``index.html`` beside them; every link is relative, so the
whole folder can be copied to a web server or an LMS as it is.
"""

from __future__ import annotations

import html
import json
import shlex
from pathlib import Path
from typing import Any

from intuition.errors import IntuitionError
from production.jobs import POSTER, preset_fps
from production.output import all_manifests

MIME = {"mp4": "video/mp4", "webm": "video/webm"}
# formats browsers cannot play (a transparent .mov is QuickTime Animation): a download for video editors
FOR_EDITORS = {"mov": "video/quicktime"}
QUALITY_FLAG = {"l", "m", "h", "k"}


def _command(m: dict[str, Any]) -> str:
    """The command that renders this clip again: pasted, it is a cache hit."""
    source = m.get("source", "")
    scene = source if ".py:" in source else m["scene"]
    parts = ["python", "render.py", "render", scene, "-q", m["quality"], "-f", m["format"]]
    if m.get("transparent"):
        parts.append("--transparent")
    if m.get("typesetter", "typst") != "typst":
        parts += ["--tex", m["typesetter"]]
    if m.get("resolution"):
        parts += ["--resolution", "x".join(str(v) for v in m["resolution"])]
    if m.get("fps") and m["fps"] != preset_fps(m["quality"], m["format"]):
        parts += ["--fps", str(m["fps"])]
    if m.get("draft"):
        parts.append("--draft")
    if m.get("frame") is not None:
        parts += ["--frame", str(m["frame"])]
    for key, value in m.get("params", {}).items():
        if value is None:
            continue  # "not set" (e.g. a learning rate chosen by the scene) is the default
        text = value if isinstance(value, str) else json.dumps(value)
        parts += ["--set", f"{key}={text}"]
    return " ".join(shlex.quote(p) for p in parts)


def _files(m: dict[str, Any]) -> dict[str, str]:
    """Suffix -> path relative to the page, for the files this clip has."""
    stem = f"{m['scene']}-{m['key']}"
    found = {}
    for name in m.get("files", []):
        found[name[len(stem) :]] = f"{Path(m['_folder']).name}/{name}"
    return found


def _track_lang(m: dict[str, Any]) -> str:
    """srclang (BCP 47) and label of the clip's subtitles: the language its words were rendered in."""
    from intuition.words import LANGUAGES, bcp47

    lang = m.get("lang") or (m.get("params") or {}).get("lang") or "en"
    label = LANGUAGES.get(lang, lang)
    return f'srclang="{html.escape(bcp47(lang), quote=True)}" label="{html.escape(label, quote=True)}"'


def _snippets(m: dict[str, Any], files: dict[str, str], title: str) -> dict[str, str]:
    fmt = m["format"]
    w, h = m.get("width", 854), m.get("height", 480)
    if fmt in MIME:
        track = (
            f'\n  <track kind="captions" src="{files[".vtt"]}" {_track_lang(m)} default>'
            if ".vtt" in files
            else ""
        )
        poster = f' poster="{files[POSTER]}"' if POSTER in files else ""
        embed = (
            f'<video controls preload="metadata" width="{w}" height="{h}"{poster}>\n'
            f'  <source src="{files["." + fmt]}" type="{MIME[fmt]}">{track}\n</video>'
        )
        markdown = (
            f"[![{title}]({files[POSTER]})]({files['.' + fmt]})"
            if POSTER in files
            else f"[{title}]({files['.' + fmt]})"
        )
    elif fmt in FOR_EDITORS:
        main = files["." + fmt]
        embed = f'<a href="{main}" download>{html.escape(title)} ({fmt}, for video editors)</a>'
        markdown = f"[{title} ({fmt})]({main})"
    else:
        main = next(v for k, v in files.items() if k.endswith((".gif", ".png")))
        embed = f'<img src="{main}" width="{w}" alt="{html.escape(title, quote=True)}">'
        markdown = f"![{title}]({main})"
    return {"HTML": embed, "Markdown": markdown, "Command": _command(m)}


def _media(m: dict[str, Any], files: dict[str, str], title: str) -> str:
    fmt = m["format"]
    if fmt in MIME:
        poster = f' poster="{html.escape(files[POSTER])}"' if POSTER in files else ""
        track = (
            f'<track kind="captions" src="{html.escape(files[".vtt"])}" {_track_lang(m)} default>'
            if ".vtt" in files
            else ""
        )
        return (
            f'<video controls preload="metadata"{poster}>'
            f'<source src="{html.escape(files["." + fmt])}" type="{MIME[fmt]}">{track}</video>'
        )
    if fmt in FOR_EDITORS:
        # browsers do not play QuickTime Animation: show the poster and offer the file
        poster = (
            f'<img src="{html.escape(files[POSTER])}" alt="{html.escape(title, quote=True)}" loading="lazy">'
            if POSTER in files
            else ""
        )
        return (
            f'{poster}<p class="editors">A .{fmt} with a transparent background is for video editors '
            f"(Premiere, DaVinci Resolve, Final Cut), not for web pages: "
            f'<a href="{html.escape(files["." + fmt])}" download>download the .{fmt}</a>.</p>'
        )
    main = next(v for k, v in files.items() if k.endswith((".gif", ".png")))
    return f'<img src="{html.escape(main)}" alt="{html.escape(title, quote=True)}" loading="lazy">'


def _card(m: dict[str, Any]) -> str:
    files = _files(m)
    title = m.get("label") or m["scene"]
    params = "".join(
        f"<tr><th>{html.escape(k)}</th><td><code>{html.escape(json.dumps(v))}</code></td></tr>"
        for k, v in m.get("params", {}).items()
    )
    snippets = "".join(
        f'<div class="snippet"><div class="snippet-head"><span>{name}</span>'
        f'<button type="button" class="copy">copy</button></div><pre><code>{html.escape(code)}</code></pre></div>'
        for name, code in _snippets(m, files, title).items()
    )
    captions = m.get("captions") or []
    first = captions[0]["text"] if captions and isinstance(captions[0], dict) else ""
    meta = f"{m.get('width')}x{m.get('height')} · {m.get('fps')} fps · {m.get('duration', 0):.1f} s · {m['format']}"
    return f"""
<article class="card" data-scene="{html.escape(m["scene"])}" data-format="{m["format"]}">
  <h2>{html.escape(title)}</h2>
  <p class="meta">{html.escape(meta)}</p>
  {f'<p class="lead">{html.escape(first)}</p>' if first else ""}
  <div class="media">{_media(m, files, title)}</div>
  <details><summary>parameters</summary><table>{params}</table></details>
  {snippets}
</article>"""


STYLE = """
body{margin:0;background:#0f1117;color:#e6e8ee;font:15px/1.5 "DejaVu Sans",system-ui,sans-serif}
header{padding:24px 32px;border-bottom:1px solid #2a2e3a}
h1{margin:0;font-size:24px} header p{margin:4px 0 0;color:#969cab}
main{display:grid;grid-template-columns:repeat(auto-fill,minmax(420px,1fr));gap:24px;padding:24px 32px}
.card{background:#171a23;border:1px solid #2a2e3a;border-radius:10px;padding:16px;min-width:0}
.card h2{margin:0;font-size:18px} .meta{margin:2px 0 8px;color:#969cab;font-size:13px}
.lead{margin:0 0 8px;font-style:italic}
.editors{margin:6px 0 0;color:#969cab;font-size:13px} .editors a{color:#56ccf2}
.media video,.media img{width:100%;height:auto;border-radius:6px;background:#000;display:block}
.card[data-state=error] .media::after{content:"this clip could not be loaded";color:#e5534b}
table{border-collapse:collapse;font-size:13px} th{text-align:left;padding-right:12px;color:#969cab;font-weight:normal}
.snippet{margin-top:10px} .snippet-head{display:flex;justify-content:space-between;color:#969cab;font-size:13px}
pre{margin:4px 0 0;background:#0b0d12;border:1px solid #2a2e3a;border-radius:6px;padding:8px;overflow-x:auto;
font-size:12px;white-space:pre-wrap;word-break:break-all}
button.copy{background:#2a2e3a;color:#e6e8ee;border:0;border-radius:4px;padding:2px 10px;cursor:pointer}
"""

# Copy buttons, and a state per card (ready / error) that the page shows and
# the browser test reads.
SCRIPT = """
for (const b of document.querySelectorAll('button.copy')) {
  b.addEventListener('click', async () => {
    const code = b.closest('.snippet').querySelector('code').textContent;
    try { await navigator.clipboard.writeText(code); b.textContent = 'copied'; }
    catch (e) { b.textContent = 'select and copy'; }
    setTimeout(() => { b.textContent = 'copy'; }, 1500);
  });
}
for (const card of document.querySelectorAll('.card')) {
  const v = card.querySelector('video');
  const img = card.querySelector('.media img');
  if (v) {
    if (v.readyState >= 1) card.dataset.state = 'ready';
    v.addEventListener('loadedmetadata', () => { card.dataset.state = 'ready'; });
    v.querySelector('source').addEventListener('error', () => { card.dataset.state = 'error'; });
  } else if (img) {
    if (img.complete && img.naturalWidth) card.dataset.state = 'ready';
    img.addEventListener('load', () => { card.dataset.state = 'ready'; });
    img.addEventListener('error', () => { card.dataset.state = 'error'; });
  }
}
"""


def write_gallery(out_dir: Path, title: str = "intuition: clips") -> tuple[Path, int]:
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise IntuitionError(f"gallery: '{out_dir}' is a file, not the folder clips were rendered into")
    if not out_dir.is_dir():
        raise IntuitionError(
            f"gallery: no folder '{out_dir}'; give the folder you rendered into with -o (default media)"
        )
    manifests = [
        m for m in all_manifests(out_dir) if m.get("format") in (*MIME, *FOR_EDITORS, "gif", "png", "storyboard")
    ]
    if not manifests:
        raise IntuitionError(
            f"gallery: no clips found in '{out_dir}'; render some first, e.g. "
            f"python render.py render determinant -o {out_dir}"
        )
    cards = "".join(_card(m) for m in manifests)
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>{html.escape(title)}</title><link rel="icon" href="data:,">
<style>{STYLE}</style></head>
<body><header><h1>{html.escape(title)}</h1>
<p>{len(manifests)} clip{"s" if len(manifests) != 1 else ""}. Each card: the clip, its parameters, and snippets to
embed it or render it again.</p></header>
<main>{cards}</main>
<script>{SCRIPT}</script></body></html>
"""
    dest = out_dir / "index.html"
    tmp = out_dir / ".index.html.partial"
    tmp.write_text(page, encoding="utf-8")
    tmp.replace(dest)
    return dest, len(manifests)
