"""Digests for honest cache keys: the code a scene runs, and the files it reads.

The code digest of a scene is the hash of its module's source and of every
module of this toolkit it imports, followed through the import statements
(read with ``ast``, nothing is imported or run), plus the parts of the
production layer that make pixels. So editing a scene, the style or a math
model re-renders the clips that use it, and editing the gallery or a test does
not. A teacher's own file is followed the same way, together with the modules
beside it that it imports.
"""

from __future__ import annotations

import ast
import hashlib
from functools import cache
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OWN_PACKAGES = ("intuition", "scenes")
# the production modules whose code changes what a render writes
PIXEL_MODULES = ("production/rendering.py", "production/media.py", "production/gif.py", "production/jobs.py")


def version_of(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "unknown"


def file_digest(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


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


def code_files(*starts: Path | str) -> list[Path]:
    """Every source file reached from ``starts`` through imports, plus the pixel modules."""
    seen: dict[Path, None] = {}
    todo = [Path(s).resolve() for s in starts] + [ROOT / m for m in PIXEL_MODULES]
    while todo:
        path = todo.pop()
        if path in seen or not path.is_file():
            continue
        seen[path] = None
        st = path.stat()
        todo.extend(_imports(path, (st.st_mtime_ns, st.st_size)))
    return sorted(seen)


def code_digest(*starts: Path | str) -> str:
    """A short digest of the code reached from ``starts`` (see :func:`code_files`)."""
    h = hashlib.sha256()
    for path in code_files(*starts):
        try:
            name = str(path.relative_to(ROOT))
        except ValueError:
            name = path.name
        h.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    return f"{version_of('intuition')}+{h.hexdigest()[:12]}"


@cache
def toolkit_digest() -> str:
    """All of the toolkit's pixel-making source at once: the request cache's coarse key.

    (A repeated command is answered before the catalog is loaded, so it cannot
    know which scene uses what; every single clip's own key is still exact.)
    """
    h = hashlib.sha256()
    files = [p for pkg in OWN_PACKAGES for p in sorted((ROOT / pkg).rglob("*.py"))]
    for path in files + [ROOT / m for m in PIXEL_MODULES]:
        if path.is_file():
            h.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return f"{version_of('intuition')}+{h.hexdigest()[:12]}"
