"""The parameters layer: text coercion, one-line errors naming the key, defaults."""

from __future__ import annotations

import math

import pytest

from intuition import catalog
from intuition.errors import ParameterError
from intuition.params import coerce_text, describe_params, parse_assignments


def test_coerce_text_reads_toml_values_and_keeps_formulas_as_text():
    assert coerce_text("[[2,1],[1,2]]") == [[2, 1], [1, 2]]
    assert coerce_text("1.5") == 1.5
    assert coerce_text("true") is True
    assert coerce_text('"hi"') == "hi"
    assert coerce_text("x**2 - 1") == "x**2 - 1"
    assert coerce_text("BLUE") == "BLUE"


def test_parse_assignments():
    assert parse_assignments(["matrix=[[1,2],[3,4]]", "show-vector=false"]) == {
        "matrix": [[1, 2], [3, 4]],
        "show_vector": False,
    }
    with pytest.raises(ParameterError, match="KEY=VALUE"):
        parse_assignments(["matrix"])


SPEC = catalog.get("matrix-transform")


@pytest.mark.parametrize(
    ("values", "key", "fragment"),
    [
        ({"matrix": [[1, 2]]}, "matrix", "2x2"),
        ({"matrix": [[1, 2, 3], [4, 5, 6]]}, "matrix", "2x2"),
        ({"matrix": [[1, "a"], [2, 3]]}, "matrix", "numbers"),
        ({"matrix": [[1, math.nan], [2, 3]]}, "matrix", "finite"),
        ({"matrix": [[1, math.inf], [2, 3]]}, "matrix", "finite"),
        ({"matrix": [[11, 0], [0, 1]]}, "matrix", "between -10 and 10"),
        ({"matrix": "identity"}, "matrix", "2x2"),
        ({"vector": [1]}, "vector", "2 numbers"),
        ({"show_vector": "maybe"}, "show_vector", "true or false"),
        ({"i_color": "notacolour"}, "i_color", "colour"),
        ({"bogus": 1}, "bogus", "unknown parameter; allowed: matrix"),
        ({"title": "x" * 500}, "title", "200 characters"),
    ],
)
def test_bad_values_name_the_key(values, key, fragment):
    with pytest.raises(ParameterError) as err:
        SPEC.build(values)
    assert err.value.param == key
    assert fragment in str(err.value)
    assert "\n" not in str(err.value)


def test_good_values_are_coerced():
    p = SPEC.build({"matrix": [[1, 2], [3, 4]], "i_color": "blue", "j_color": "#ABCDEF", "show_vector": "no"})
    assert p.matrix == ((1.0, 2.0), (3.0, 4.0))
    assert p.i_color == "BLUE" and p.j_color == "#abcdef" and p.show_vector is False


def test_params_are_frozen():
    p = SPEC.build({})
    with pytest.raises(Exception):  # noqa: B017, PT011 - pydantic's frozen error type is an implementation detail
        p.matrix = ((0, 0), (0, 0))


def test_every_scene_has_described_parameters_with_valid_defaults():
    for spec in catalog.SCENES.values():
        rows = describe_params(spec.params)
        assert rows, spec.name
        for row in rows:
            assert row["help"], f"{spec.name}.{row['name']} has no help text"
        spec.build({})  # defaults validate


def _toml_or_text(raw: str):
    import tomllib

    try:
        return tomllib.loads(f"v = {raw}")["v"]
    except (tomllib.TOMLDecodeError, RecursionError):
        return raw


def test_numbers_read_quickly_read_as_toml_reads_them():
    """coerce_text reads numbers and lists of numbers with json: the same values TOML gives, for
    every string of those characters (random ones, and the corners where the two grammars differ)."""
    import math
    import random

    rng = random.Random(7)
    corners = ["01", "1.", ".5", "+1", "-0", "-0.0", "1e400", "1E+5", "0e0", "[1,2,]", "[ 1 ,\n 2 ]", "\n1",
               "1\n", "\r1", "[1,\r2]", "\t1", " 1", "[]", "[[]]", "[1, [2, 3]]", "99999999999999999999999", "1e",
               "--1", "[" * 5000 + "]" * 5000, "[" + ",".join(["1"] * 5000) + "]"]
    alphabet = "0123456789 .,-+eE[]\n\r\t\f"
    tried = corners + ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 8))) for _ in range(20000)]
    for raw in tried:
        got, want = coerce_text(raw), _toml_or_text(raw)
        both_nan = isinstance(got, float) and isinstance(want, float) and math.isnan(got) and math.isnan(want)
        same = got == want or both_nan
        assert same and type(got) is type(want), f"{raw!r}: {got!r} != TOML's {want!r}"
