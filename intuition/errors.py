"""The toolkit's own error types: every rejection of user input is one of these.

The CLI turns them into one line on stderr and exit status 2, so their messages
are written for a teacher, not a programmer: name the parameter, say what is
allowed.
"""

from __future__ import annotations


class IntuitionError(Exception):
    """Base class: something the user can fix by changing their input."""


class ParameterError(IntuitionError, ValueError):
    """A scene parameter was unknown, of the wrong shape, or out of range."""

    def __init__(self, param: str, message: str, scene: str | None = None):
        self.param = param
        self.scene = scene
        self.reason = message
        where = f"{scene}: " if scene else ""
        super().__init__(f"{where}parameter '{param}': {message}")


class ExpressionError(IntuitionError, ValueError):
    """A formula was not plain math over the allowed variables and functions."""


class LessonError(IntuitionError):
    """A lesson (TOML) file could not be read or names a bad clip."""


class MissingSystemPiece(IntuitionError):
    """Something outside Python (LaTeX, a browser) is needed and not installed."""
