"""Colours a scene reads from the style too early (at import, or as a default argument).

A theme sets ``style.TEXT`` and the rest when a clip is built; a module constant
``POINT = style.TEXT`` or a default ``color=style.TEXT`` keeps the dark theme's value.
``style.Roles("TEXT", ...)`` reads the colour when it is used. Run by tests/test_themes.py.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROLES = {"BACKGROUND", "TEXT", "MUTED", "GRID", "GRID_FAINT", "I_HAT", "J_HAT", "VECTOR", "ACCENT", "POSITIVE",
         "NEGATIVE", "HIGHLIGHT", "SERIES"}


def _colours(node: ast.AST) -> list[str]:
    return [n.attr for n in ast.walk(node)
            if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id == "style"
            and n.attr in ROLES]


def early_colours(paths) -> list[str]:
    found = []
    for path in paths:
        tree = ast.parse(Path(path).read_text(encoding="utf-8"))
        rel = Path(path).resolve().relative_to(ROOT) if Path(path).resolve().is_relative_to(ROOT) else path
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                for d in [*node.args.defaults, *(d for d in node.args.kw_defaults if d)]:
                    if _colours(d):
                        found.append(f"{rel}:{d.lineno}: default argument reads style.{_colours(d)[0]} too early")
        bodies = [tree.body] + [n.body for n in tree.body if isinstance(n, ast.ClassDef)]
        for body in bodies:
            for st in body:
                if isinstance(st, (ast.Assign, ast.AnnAssign)) and _colours(st):
                    found.append(f"{rel}:{st.lineno}: constant keeps style.{_colours(st)[0]} from import time")
    return found


if __name__ == "__main__":
    problems = early_colours(sorted((ROOT / "scenes").rglob("*.py")))
    print("\n".join(problems) or "every colour is read when it is drawn")
    sys.exit(1 if problems else 0)
