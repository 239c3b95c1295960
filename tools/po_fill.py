"""Fill translations into a domain's .po files from a Python table (a translator's helper).

    .venv/bin/python tools/po_fill.py DOMAIN TABLE.py

TABLE.py defines ``T = {id: (es, fr, de, zh_Hans)}``; entries are matched by id
(the gettext context), the fuzzy flag is cleared, and placeholders are checked
against the English before anything is written.
"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from babel.messages.pofile import read_po, write_po  # noqa: E402

from intuition.words import LOCALE_DIR, placeholders  # noqa: E402

LANGS = ("es", "fr", "de", "zh_Hans")


def fill(domain: str, table: dict[str, tuple[str, ...]]) -> int:
    bad = 0
    for i, lang in enumerate(LANGS):
        po = LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.po"
        with po.open("rb") as fh:
            catalog = read_po(fh, locale={"zh_Hans": "zh_Hans_CN"}.get(lang, lang))
        for message in catalog:
            if not message.id or message.context not in table:
                continue
            text = table[message.context][i]
            if placeholders(text) != placeholders(message.id):
                print(f"{lang} {message.context}: placeholders {placeholders(text)} != {placeholders(message.id)}")
                bad += 1
                continue
            message.string = text
            message.flags.discard("fuzzy")
        with po.open("wb") as fh:
            write_po(fh, catalog, omit_header=False, width=100)
    return bad


if __name__ == "__main__":
    sys.exit(1 if fill(sys.argv[1], runpy.run_path(sys.argv[2])["T"]) else 0)
