"""Where a line of words may break: at a space, or between two characters of a script written
without spaces (Chinese), but never before a closing mark or after an opening one (at a space
either: German's "10 %", French's "prêt :" stay on one line).

The second rule is the one every Chinese and Japanese typesetter keeps (kinsoku shori): a line
that starts with "。" or "，" reads as a typo. The scenes' captions and the contact sheets under
their frames both break lines with it.
"""

from __future__ import annotations

# marks that close what came before: they stay at the end of its line
NO_LINE_START = frozenset("。，、；：？！）」』】》〉”’％・…ー,.;:?!)]}%‰»")
# marks that open what comes after: they stay at the start of its line
NO_LINE_END = frozenset("（「『【《〈“‘([{«")


def is_wide(ch: str) -> bool:
    """A CJK ideograph, kana, CJK mark or full-width form: a line may break on either side of it."""
    return "\u2e80" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\uff00" <= ch <= "\uffef"


def may_break_between(before: str, after: str) -> bool:
    """Whether a line may end after ``before`` and the next begin with ``after`` (no space between)."""
    return is_wide(before) and is_wide(after) and after not in NO_LINE_START and before not in NO_LINE_END


def may_break_at_space(before: str, after: str) -> bool:
    """Whether a line may break at a space between ``before`` and ``after``: not before a closing mark
    (German and French put one before "%", French before ":", "?" and "»") nor after an opening one."""
    return after not in NO_LINE_START and before not in NO_LINE_END


def pieces(text: str) -> list[tuple[str, str]]:
    """``text`` cut into the pieces a line is built from, each with what joins it to the one before:
    a space between words, nothing between two characters of Chinese."""
    out: list[tuple[str, str]] = []
    for word in text.split(" "):
        glue = " "
        for ch in word:
            if glue == "" and out and not may_break_between(out[-1][1][-1], ch):
                out[-1] = (out[-1][0], out[-1][1] + ch)
            elif glue == " " and out and not may_break_at_space(out[-1][1][-1], ch):
                out[-1] = (out[-1][0], out[-1][1] + " " + ch)  # "10 %" stays together
            else:
                out.append((glue if out else "", ch))
            glue = ""
    return out
