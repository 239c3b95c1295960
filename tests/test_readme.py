"""The README's command transcripts are the real output: they cannot drift.

A fenced block right after a ``<!-- transcript -->`` comment holds ``$ python
render.py ...`` commands, each followed by what it prints (stdout and stderr).
A line ``...`` stands for any number of lines (or, with text around it, any
text); everything else must match exactly, in order.
"""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from render import cli

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"


def transcripts() -> list[tuple[str, list[str]]]:
    """(command, expected lines) for every command in a transcript block."""
    text = README.read_text()
    found = []
    for block in re.findall(r"<!-- transcript[^>]*-->\s*```[^\n]*\n(.*?)```", text, re.S):
        command, expected = None, []
        for line in block.splitlines():
            if line.startswith("$ "):
                if command:
                    found.append((command, expected))
                command, expected = line[2:], []
            else:
                expected.append(line)
        if command:
            found.append((command, expected))
    return found


def matches(expected: list[str], actual: list[str]) -> bool:
    """Lines in order; "..." alone skips any lines, "..." inside a line matches any text."""
    if not expected:
        return not actual
    head, rest = expected[0], expected[1:]
    if head.strip() == "...":
        return any(matches(rest, actual[i:]) for i in range(len(actual) + 1))
    if not actual:
        return False
    pattern = "^" + ".*".join(re.escape(part) for part in head.split("...")) + "$"
    return re.match(pattern, actual[0].rstrip()) is not None and matches(rest, actual[1:])


def test_the_readme_has_transcripts_of_list_describe_inspect_and_an_error():
    commands = [c for c, _ in transcripts()]
    for verb in ("list", "describe", "inspect"):
        assert any(c.split()[2] == verb for c in commands), commands
    assert any(expected and expected[-1].startswith("intuition: error:") for _, expected in transcripts())


@pytest.mark.parametrize(("command", "expected"), transcripts(), ids=[c for c, _ in transcripts()])
def test_readme_transcript_is_the_real_output(command, expected, monkeypatch):
    argv = shlex.split(command)
    assert argv[:2] == ["python", "render.py"], command
    monkeypatch.chdir(ROOT)
    monkeypatch.setitem(os.environ, "COLUMNS", "200")
    result = CliRunner().invoke(cli, argv[2:])
    actual = (result.stdout + result.stderr).rstrip("\n").splitlines()
    said, printed = "\n".join(expected), "\n".join(actual)
    assert matches(expected, actual), f"README says:\n{said}\n\nbut it prints:\n{printed}"
