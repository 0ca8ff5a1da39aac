"""Characters no value may hold: controls (a NUL once stored broke every workbook that held it),
bidirectional overrides (they make text read other than it is stored) and lone surrogates
(no file encoding can write them). TAB, LF and CR are not among them: free text turns each
into a space."""

from __future__ import annotations

import re

from privault.domain.errors import InvalidInputError

REFUSED = "contains a control character; remove it and try again"
# C0 controls but TAB, LF and CR; DEL and the C1 controls; the bidi embeddings, overrides and
# isolates (U+202A-U+202E, U+2066-U+2069); the surrogate range.
_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
REPLACEMENT = "\ufffd"  # shows where a character was, rather than silently joining the rest


def has_control_character(text: str) -> bool:
    return _FORBIDDEN.search(text) is not None


def refuse_control_characters(text: str, *, field: str) -> None:
    """The refusal names the field only: the value would carry the character into logs."""
    if has_control_character(text):
        raise InvalidInputError(REFUSED, field=field)


def without_control_characters(text: str) -> str:
    """For what was stored before values were checked: each such character marked, not kept."""
    return _FORBIDDEN.sub(REPLACEMENT, text)
