"""Reading a teacher's CSV file: rows of text cells, with one-line errors.

Every scene that reads data (pca's points, logistic regression's labelled
points, and more to come) starts here, so a missing file, a file that is not
text or an empty one is said the same way everywhere.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path


def read_rows(path) -> list[list[str]]:
    """The non-empty rows of a CSV file, cells stripped. Raises ValueError for a teacher."""
    p = Path(path).expanduser()
    if not p.is_file():
        raise ValueError(f"no such file: {path}")
    try:
        with p.open(newline="", encoding="utf-8-sig") as fh:
            rows = [[c.strip() for c in row] for row in csv.reader(fh) if any(c.strip() for c in row)]
    except (OSError, UnicodeDecodeError, csv.Error) as err:
        raise ValueError(f"cannot read {path} as CSV ({err.__class__.__name__})") from None
    if not rows:
        raise ValueError(f"{path} is empty")
    return rows


def is_number(cell: str) -> bool:
    """A cell holding a finite number."""
    try:
        return math.isfinite(float(cell))
    except ValueError:
        return False
