"""What a scene name on the command line (or a class in Python) refers to.

``determinant`` and ``Determinant`` name a catalog scene; ``FILE.py:Class``
names a class in a teacher's own file, which may subclass a catalog scene
(and inherit its parameters) or declare ``spec = SceneSpec(...)`` itself.
Catalog scenes resolve without importing manim; a file is imported, since its
class is the only place its entry is written.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import inspect
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from intuition import catalog
from intuition.catalog import SceneSpec
from intuition.errors import IntuitionError
from production.fingerprint import code_digest

USER_MODULE = "intuition_user_"  # the module name a teacher's file is imported under, + a digest of its path


@dataclass(frozen=True)
class SceneRef:
    """A scene to render: the name its files get, its catalog entry, and where its class lives."""

    name: str
    spec: SceneSpec
    source: str  # "scenes.linear_algebra.determinant:Determinant" or "/abs/mine.py:MyShear"
    scene_class: type | None = field(default=None, compare=False, repr=False)

    @property
    def is_file(self) -> bool:
        return ".py:" in self.source

    def code(self) -> str:
        """Digest of the class's code and everything it uses (see ``production.fingerprint``)."""
        scene_file = _file_of(self.source)
        starts = [
            p
            for p in (
                scene_file,
                _module_file(self.spec.params.__module__),
                _module_file(getattr(self.spec.model, "__module__", "")),
            )
            if p
        ]
        inline = ""
        if self.scene_class is not None and scene_file is None:
            try:
                inline = inspect.getsource(self.scene_class)
            except (OSError, TypeError):
                inline = self.source
        digest = code_digest(*starts)
        if inline:
            digest += "+" + hashlib.sha256(inline.encode()).hexdigest()[:8]
        return digest

    def load_class(self) -> type:
        if self.scene_class is not None:
            return self.scene_class
        return load_source(self.source)


def _module_file(module: str) -> Path | None:
    if not module or module == "__main__":
        return None
    mod = sys.modules.get(module)
    where = getattr(mod, "__file__", None)
    if where:
        return Path(where)
    try:
        found = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        return None
    return Path(found.origin) if found and found.origin and found.origin.endswith(".py") else None


def _file_of(source: str) -> Path | None:
    if source.startswith("<"):
        return None
    if ".py:" in source:
        return Path(source.rsplit(":", 1)[0])
    return _module_file(source.split(":", 1)[0])


def slug(class_name: str) -> str:
    """MyShear -> my-shear: the folder and file name of a teacher's class."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "-", class_name).replace("_", "-").lower()


def resolve(name: str) -> SceneRef:
    """A catalog name or class name, or FILE.py:Class."""
    if ":" in name and name.split(":", 1)[0].endswith(".py"):
        return ref_for_class(load_source(name))
    spec = catalog.get(name)
    return SceneRef(name=spec.name, spec=spec, source=spec.scene)


def ref_for_class(cls: type) -> SceneRef:
    """The reference of a scene class: its own entry's name, or its class name for a subclass."""
    spec = catalog.spec_for_class(cls)
    if spec is None or not hasattr(cls, "scene_spec"):
        raise IntuitionError(
            f"{cls.__name__} is not an intuition scene: derive it from a catalog scene "
            "or from scenes.kit.IntuitionScene with spec = SceneSpec(...)"
        )
    own = cls.__dict__.get("spec") is spec or catalog.registered_for(cls) is spec
    name = spec.name if own else slug(cls.__name__)
    module = sys.modules.get(cls.__module__)
    where = getattr(module, "__file__", None)
    if registered := catalog.registered_for(cls):
        return SceneRef(name=name, spec=spec, source=registered.scene, scene_class=cls)
    by_path = cls.__module__ == "__main__" or cls.__module__.startswith(USER_MODULE)
    if where and not by_path and _importable(cls):
        source = f"{cls.__module__}:{cls.__qualname__}"
    elif where:
        source = f"{Path(where).resolve()}:{cls.__qualname__}"
    else:
        source = f"<interactive>:{cls.__qualname__}"
    return SceneRef(name=name, spec=spec, source=source, scene_class=cls)


def _importable(cls: type) -> bool:
    try:
        return getattr(importlib.import_module(cls.__module__), cls.__qualname__, None) is cls
    except Exception:  # noqa: BLE001 - any failure just means "load it by path"
        return False


def load_source(source: str) -> type:
    """The class named by "module:Class" or "FILE.py:Class" (imports it)."""
    where, _, class_name = source.rpartition(":")
    if not where or not class_name:
        raise IntuitionError(f"'{source}': write a scene file as FILE.py:ClassName")
    if not where.endswith(".py"):
        return getattr(importlib.import_module(where), class_name)
    path = Path(where).expanduser()
    if not path.is_file():
        raise IntuitionError(f"scene file '{where}': no such file")
    path = path.resolve()
    module_name = USER_MODULE + hashlib.sha256(str(path).encode()).hexdigest()[:12]
    module = sys.modules.get(module_name)
    if module is None:
        spec = importlib.util.spec_from_file_location(module_name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[module_name] = module
        sys.path.insert(0, str(path.parent))  # its own helper modules, as manim's CLI allows
        try:
            spec.loader.exec_module(module)
        except IntuitionError:
            del sys.modules[module_name]
            raise
        except Exception as err:
            del sys.modules[module_name]
            raise IntuitionError(
                f"scene file '{where}' failed to load: {type(err).__name__}: "
                f"{str(err).splitlines()[0] if str(err) else ''}".rstrip(": ")
            ) from None
    cls = getattr(module, class_name, None)
    if not isinstance(cls, type):
        from scenes.base import IntuitionScene

        found = [
            n
            for n, v in vars(module).items()
            if isinstance(v, type) and issubclass(v, IntuitionScene) and v.__module__ == module_name
        ]
        raise IntuitionError(
            f"scene file '{where}' has no class {class_name}; scenes in it: {', '.join(found) or 'none'}"
        )
    return cls
