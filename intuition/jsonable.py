"""Turn math-model results (dataclasses, numpy arrays, complex numbers) into JSON values."""

from __future__ import annotations

import dataclasses
import json
import math
from typing import Any

import numpy as np


def to_jsonable(obj: Any) -> Any:
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_jsonable(getattr(obj, f.name)) for f in dataclasses.fields(obj) if f.repr}
    if isinstance(obj, dict):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [to_jsonable(v) for v in obj]
    if isinstance(obj, np.ndarray):
        return to_jsonable(obj.tolist())
    if isinstance(obj, (bool, np.bool_)):
        return bool(obj)
    if isinstance(obj, (int, np.integer)):
        return int(obj)
    if isinstance(obj, (complex, np.complexfloating)):
        c = complex(obj)
        if abs(c.imag) < 1e-12:
            return to_jsonable(c.real)
        return {"re": to_jsonable(c.real), "im": to_jsonable(c.imag)}
    if isinstance(obj, (float, np.floating)):
        f = float(obj)
        if not math.isfinite(f):
            return None
        return 0.0 if f == 0 else f  # no -0.0 in JSON a teacher reads
    return obj


def dumps(obj: Any, indent: int = 2) -> str:
    """JSON with one key per line but short lists (vectors, matrix rows) kept on one line."""

    def fmt(value: Any, level: int) -> str:
        pad, inner = " " * (indent * level), " " * (indent * (level + 1))
        if isinstance(value, dict):
            if not value:
                return "{}"
            items = [f"{inner}{json.dumps(k)}: {fmt(v, level + 1)}" for k, v in value.items()]
            return "{\n" + ",\n".join(items) + "\n" + pad + "}"
        if isinstance(value, list):
            flat = json.dumps(value)
            nested_dicts = any(isinstance(v, dict) for v in value)
            if not nested_dicts and (len(flat) <= 80 or not any(isinstance(v, list) for v in value)):
                return flat
            items = [f"{inner}{fmt(v, level + 1)}" for v in value]
            return "[\n" + ",\n".join(items) + "\n" + pad + "]"
        return json.dumps(value)

    return fmt(obj, 0)
