"""Reading a teacher's CSV file: rows of text cells, with one-line errors.

Every scene that reads data (pca's points, logistic regression's labelled
points, the probability scenes' columns of numbers) starts here, so a missing
file, a file that is not text, an empty one, a missing column or a cell that is
not a number is said the same way everywhere: one line naming the file, the
line of the file and what is allowed.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np


def numbered_rows(path) -> list[tuple[int, list[str]]]:
    """The non-empty rows of a CSV file, cells stripped, each with the line of the file it starts on."""
    p = Path(path).expanduser()
    if not p.is_file():
        raise ValueError(f"no such file: {path}")
    rows = []
    try:
        with p.open(newline="", encoding="utf-8-sig") as fh:
            reader = csv.reader(fh)
            line = 1
            for row in reader:
                cells = [c.strip() for c in row]
                if any(cells):
                    rows.append((line, cells))
                line = reader.line_num + 1
    except (OSError, UnicodeDecodeError, csv.Error) as err:
        raise ValueError(f"cannot read {path} as CSV ({err.__class__.__name__})") from None
    if not rows:
        raise ValueError(f"{path} is empty")
    return rows


def read_rows(path) -> list[list[str]]:
    """The non-empty rows of a CSV file, cells stripped. Raises ValueError for a teacher."""
    return [cells for _, cells in numbered_rows(path)]


def is_number(cell: str) -> bool:
    """A cell holding a finite number."""
    try:
        return math.isfinite(float(cell))
    except ValueError:
        return False


def read_number_columns(
    path, columns: Sequence[str | int], *, needs: str, least: int, most: int | None = None
) -> tuple[np.ndarray, tuple[str, ...]]:
    """Numeric columns of a CSV file as an (n, len(columns)) array, and the columns' names.

    A first row with a cell that is not a number is a header (a header is
    optional). Each column is named by its header text or counted from 1; an
    empty one is the next column in order (the first, then the second...).
    ``needs`` names what reads the data in the too-few-rows message (``PCA``);
    ``least`` and ``most`` bound the number of data rows. Raises ValueError with
    one line for a teacher (the catalog adds the parameter's name).
    """
    rows = numbered_rows(path)
    first = rows[0][1]
    header = first if not all(is_number(c) for c in first) else None
    body = rows[1:] if header else rows
    width = len(header) if header else max(len(r) for _, r in rows)

    def index(col: str | int, fallback: int) -> tuple[int, str]:
        if col == "" or col is None:
            col = fallback + 1
        if isinstance(col, int) or (isinstance(col, str) and col.isdigit()):
            k = int(col) - 1
            if not 0 <= k < width:
                raise ValueError(f"{path} has no column {col} (it has {width} columns)")
            return k, header[k] if header and header[k] else f"column {k + 1}"
        if not header or col not in header:
            have = ", ".join(header) if header else "no header row"
            raise ValueError(f"{path} has no column named {col!r} (columns: {have})")
        return header.index(col), col

    cols = [index(c, i) for i, c in enumerate(columns)]
    out = []
    for line, row in body:
        vals = []
        for k, name in cols:
            cell = row[k] if k < len(row) else ""
            if not is_number(cell):
                what = f"{cell!r} is not a number" if cell else "the cell is empty"
                raise ValueError(f"{path} line {line}, {name}: {what}; each row needs a number in {name}")
            vals.append(float(cell))
        out.append(vals)
    rows_said = f"{len(out)} data row" + ("" if len(out) == 1 else "s")
    if len(out) < least:
        raise ValueError(f"{path} has {rows_said}; {needs} needs at least {least}")
    if most is not None and len(out) > most:
        raise ValueError(f"{path} has {rows_said}; {needs} reads at most {most}")
    return np.array(out, dtype=float).reshape(len(out), len(cols)), tuple(name for _, name in cols)


def require_spread(values, path, name: str, needs: str) -> None:
    """One line when every value of a column is the same and what reads it ``needs`` values that differ."""
    values = np.asarray(values, dtype=float)
    if len(values) and float(values.max() - values.min()) == 0.0:
        raise ValueError(f"{path}: every value of {name} is {values[0]:g}; {needs} needs values that differ")


# how many times farther one column may spread than the other for the two to be read in one unit
# (a covariance chart's equal axes, PCA without standardising); beyond: unlike units, square feet
# against dollars
UNLIKE_SPREADS = 4.0


def unlike_units(spreads) -> bool:
    """Whether two columns' standard deviations ``spreads`` are too far apart to share one unit
    (a column that does not spread is not a unit at all: False)."""
    lo, hi = sorted(float(s) for s in spreads)
    return lo > 0 and hi > UNLIKE_SPREADS * lo
