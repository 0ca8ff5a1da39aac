"""Line breaking for mixed Chinese and Latin text: Chinese breaks between any two characters,
Latin words stay whole unless one alone is wider than the line, and closing punctuation never
starts a line (it travels with the character before it)."""

from __future__ import annotations

import re
from collections.abc import Callable

Measure = Callable[[str], float]

_TOKEN = re.compile(r"\s+|[\x21-\x7e\u00c0-\u024f]+|.", re.DOTALL)
_CLOSING = set("，。、；：！？）》」』】〕,.;:!?)]}%·…—")


def tokens(text: str) -> list[str]:
    found: list[str] = []
    for token in _TOKEN.findall(text):
        if found and token[0] in _CLOSING and not found[-1].isspace():
            found[-1] += token
        else:
            found.append(token)
    return found


def wrap(text: str, first: float, rest: float, measure: Measure) -> list[str]:
    """The lines of `text`: the first at most `first` points wide, the others `rest`."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        _wrap_paragraph(paragraph, lines, lambda: first if not lines else rest, measure)
    return lines


def _wrap_paragraph(
    text: str, lines: list[str], width: Callable[[], float], measure: Measure
) -> None:
    line = ""
    for token in tokens(text):
        if measure(line + token) <= width():
            line += token
            continue
        if line.strip():
            lines.append(line.rstrip())
        line = token.lstrip()
        while measure(line) > width():
            head = _longest_prefix(line, width(), measure)
            lines.append(head)
            line = line[len(head) :]
    lines.append(line.rstrip())


def _longest_prefix(text: str, width: float, measure: Measure) -> str:
    """At least one character, so a glyph wider than the line still makes progress."""
    end = 1
    while end < len(text) and measure(text[: end + 1]) <= width:
        end += 1
    return text[:end]
