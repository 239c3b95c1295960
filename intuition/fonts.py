"""Which characters the installed fonts can draw, asked of fontconfig (``fc-match``).

Pango falls back from the scene's font to any installed font that has a glyph,
so a character is drawable when some font of fontconfig's fallback list for that
family covers it; one that none covers would come out as an empty box ("tofu").
The production layer refuses such words before rendering (:func:`uncovered`).
"""

from __future__ import annotations

import shutil
import subprocess
from functools import cache

# the font of the words on screen, per language: DejaVu Sans ships with every Debian that has
# pango; a script it lacks gets a font that has it (the set-up installs fonts-noto-cjk)
FONT = "DejaVu Sans"
LANGUAGE_FONTS = {"zh_Hans": "Noto Sans CJK SC"}


def font_for(lang: str) -> str:
    return LANGUAGE_FONTS.get(lang, FONT)


# what to install for a script no font covers (Debian packages)
CJK_PACKAGE = "fonts-noto-cjk"
OTHER_PACKAGE = "fonts-noto-core"


@cache
def coverage(family: str, fallback: bool = True) -> tuple[tuple[int, int], ...] | None:
    """Code point ranges drawable when ``family`` is asked for (None: fontconfig is not there):
    by any font of its fallback list, or with ``fallback=False`` by the one font it names."""
    if shutil.which("fc-match") is None:
        return None
    try:
        out = subprocess.run(
            ["fc-match", *(["-s"] if fallback else []), family, "--format", "%{charset}\n"],
            capture_output=True, text=True, timeout=30,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    ranges: set[tuple[int, int]] = set()
    for line in out.splitlines():
        for part in line.split():
            lo, _, hi = part.partition("-")
            try:
                ranges.add((int(lo, 16), int(hi or lo, 16)))
            except ValueError:
                continue
    return tuple(sorted(ranges))


def uncovered(text: str, family: str, fallback: bool = True) -> list[str]:
    """The characters of ``text`` no installed font draws (each once, in order; [] if unknown);
    with ``fallback=False``, those the family's own font lacks."""
    ranges = coverage(family, fallback)
    if ranges is None:
        return []
    out: list[str] = []
    for ch in dict.fromkeys(text):
        if ch.isspace() or not ch.isprintable():
            continue
        cp = ord(ch)
        if not any(lo <= cp <= hi for lo, hi in ranges) and ch not in out:
            out.append(ch)
    return out


def package_for(chars: list[str]) -> str:
    """The Debian font package most likely to cover ``chars``."""
    cjk = any("\u2e80" <= ch <= "\u9fff" or "\uac00" <= ch <= "\ud7af" or "\uff00" <= ch <= "\uffef" for ch in chars)
    return CJK_PACKAGE if cjk else OTHER_PACKAGE
