"""Which source files a module runs: its imports, followed with ``ast`` (nothing is imported).

The production layer hashes these files into a scene's cache key
(``production.fingerprint``); :mod:`intuition.words` reads the messages a scene
shows from them. Followed: this toolkit's packages, and a teacher's modules
beside her scene file; numpy, manim and the like are pinned by the environment.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OWN_PACKAGES = ("intuition", "scenes")


@cache
def _imports(path: Path, _stamp: tuple[int, int]) -> tuple[Path, ...]:
    """The toolkit's (and the file's neighbours') modules that ``path`` imports."""
    try:
        tree = ast.parse(path.read_bytes(), filename=str(path))
    except (OSError, SyntaxError, ValueError):
        return ()
    package = _package_of(path)
    found: list[Path] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                found += _module_paths(alias.name, path)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".") if package else []
                parts = parts[: len(parts) - (node.level - 1)] if node.level > 1 else parts
                base = ".".join([*parts, base] if base else parts)
            found += _module_paths(base, path)
            for alias in node.names:  # ``from scenes import style`` names a module
                found += _module_paths(f"{base}.{alias.name}" if base else alias.name, path, only_module=True)
    return tuple(dict.fromkeys(found))


def _package_of(path: Path) -> str:
    try:
        rel = path.resolve().relative_to(ROOT)
    except ValueError:
        return ""
    return ".".join(rel.parent.parts)


def _module_paths(name: str, importer: Path, only_module: bool = False) -> list[Path]:
    """Files executed by importing ``name``: its packages' ``__init__`` and the module itself."""
    if not name:
        return []
    parts = name.split(".")
    if parts[0] in OWN_PACKAGES:
        base = ROOT
    elif (importer.parent / f"{parts[0]}.py").is_file() or (importer.parent / parts[0]).is_dir():
        base = importer.parent  # a teacher's helper module beside her scene file
    else:
        return []  # numpy, manim, ...: their versions are pinned by the environment
    out = []
    for i in range(1, len(parts) + 1):
        folder = base.joinpath(*parts[:i])
        if (folder / "__init__.py").is_file():
            if not (only_module and i < len(parts)):
                out.append(folder / "__init__.py")
        elif i == len(parts) and folder.with_suffix(".py").is_file():
            out.append(folder.with_suffix(".py"))
    if only_module:
        last = base.joinpath(*parts)
        return [p for p in out if p in (last / "__init__.py", last.with_suffix(".py"))]
    return out


def source_files(*starts: Path | str) -> list[Path]:
    """Every source file reached from ``starts`` through imports (``starts`` included)."""
    seen: dict[Path, None] = {}
    todo = [Path(s).resolve() for s in starts]
    while todo:
        path = todo.pop()
        if path in seen or not path.is_file():
            continue
        seen[path] = None
        st = path.stat()
        todo.extend(_imports(path, (st.st_mtime_ns, st.st_size)))
    return sorted(seen)
