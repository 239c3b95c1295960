"""Keep the message catalogs in step with the code, through Babel's own commands.

    .venv/bin/python tools/i18n.py extract [-D DOMAIN]          # code -> intuition/locale/<domain>.pot
    .venv/bin/python tools/i18n.py update [-D DOMAIN] [LANG..]  # .pot -> <lang>/LC_MESSAGES/<domain>.po
    .venv/bin/python tools/i18n.py check                        # every shipped language complete?

``update`` adds new ids untranslated and marks changed English fuzzy (fuzzy and
empty entries count as missing: the tests fail until they are translated).

A domain is one family folder of ``scenes/`` (its scenes' words), ``kit`` (the
shared scene modules and the catalog's titles) and ``examples``; one .po file per
domain and language keeps a translator's edits apart from everybody else's.
The message id is the gettext context (``-k T:1c,2``), so the same English in two
scenes can be said two ways. See CONTRIBUTING.md, "Adding a language".
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from intuition.words import KEYWORDS, LANGUAGES, LOCALE_DIR  # noqa: E402

PYBABEL = [sys.executable, "-m", "babel.messages.frontend", "-q"]


def domains() -> dict[str, list[Path]]:
    out = {"kit": sorted((ROOT / "scenes").glob("*.py")) + sorted((ROOT / "intuition").rglob("*.py"))}
    for folder in sorted(p for p in (ROOT / "scenes").iterdir() if (p / "__init__.py").is_file()):
        out[folder.name] = sorted(folder.rglob("*.py"))
    out["examples"] = sorted((ROOT / "examples").glob("*.py"))
    return out


def pybabel(*args: str) -> None:
    subprocess.run([*PYBABEL, *args], check=True, cwd=ROOT)


def extract(only: str | None = None) -> None:
    keywords = [arg for k in KEYWORDS for arg in ("-k", f"{k}:1c,2")]
    for domain, files in domains().items():
        if only and domain != only:
            continue
        pot = LOCALE_DIR / f"{domain}.pot"
        pybabel("extract", "--no-default-keywords", *keywords, "--no-location", "--omit-header",
                "--sort-output", "-o", str(pot), *(str(f.relative_to(ROOT)) for f in files))


def update(langs: list[str], only: str | None = None) -> None:
    for pot in sorted(LOCALE_DIR.glob(f"{only or '*'}.pot")):
        for lang in langs:
            po = LOCALE_DIR / lang / "LC_MESSAGES" / f"{pot.stem}.po"
            verb = "update" if po.is_file() else "init"
            extra = ["--ignore-obsolete", "--omit-header"] if verb == "update" else []
            pybabel(verb, *extra, "-i", str(pot), "-d", str(LOCALE_DIR), "-D", pot.stem, "-l", lang)


def check() -> int:
    from babel.messages.pofile import read_po

    problems = []
    for pot in sorted(LOCALE_DIR.glob("*.pot")):
        with pot.open("rb") as fh:
            wanted = {(m.context, m.id) for m in read_po(fh) if m.id}
        for lang in LANGUAGES:
            if lang == "en":
                continue
            po = LOCALE_DIR / lang / "LC_MESSAGES" / f"{pot.stem}.po"
            done = set()
            if po.is_file():
                with po.open("rb") as fh:
                    done = {(m.context, m.id) for m in read_po(fh) if m.id and m.string and not m.fuzzy}
            for ctx, _ in sorted(wanted - done):
                problems.append(f"{lang}/{pot.stem}: {ctx} is not translated")
    print("\n".join(problems) or "every shipped language is complete")
    return 1 if problems else 0


if __name__ == "__main__":
    cmd, *rest = sys.argv[1:] or ["check"]
    domain = None
    if "-D" in rest:
        i = rest.index("-D")
        domain = rest[i + 1]
        del rest[i : i + 2]
    if cmd == "extract":
        extract(domain)
    elif cmd == "update":
        update(rest or [lang for lang in LANGUAGES if lang != "en"], domain)
    elif cmd == "check":
        sys.exit(check())
    else:
        sys.exit(f"unknown command {cmd!r}: extract, update or check")
