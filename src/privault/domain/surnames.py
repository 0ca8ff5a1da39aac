"""A name's surname, as the front desk asks for it ("姓?") and as a masked name shows it (张*三,
欧阳**): the material of the surname blind index and the parser of what a person types."""

from __future__ import annotations

import unicodedata

from privault.domain.control_characters import refuse_control_characters
from privault.domain.errors import InvalidInputError
from privault.domain.masking import COMPOUND_SURNAMES, is_chinese_name

_LONGEST = 64
_WHAT_TO_TYPE = "type the surname only (张, 欧阳) or the masked name as shown (张*三)"


def surname_of(name: str) -> str:
    """Chinese: a compound surname when the name is longer than two characters and starts with
    one (a two-character name is a surname and a given name, as its mask 欧* shows), else the
    first character; other names: the last word, casefolded."""
    if not is_chinese_name(name):
        words = name.split()
        return words[-1].casefold() if words else ""
    if len(name) > 2 and name[:2] in COMPOUND_SURNAMES:
        return name[:2]
    return name[:1]


def parse_surname(typed: str | None, field: str = "surname") -> str | None:
    """Blank means any. A masked name counts up to its first star; a Chinese value of two or
    more characters without one must be a compound surname, never a whole name."""
    refuse_control_characters(typed or "", field=field)
    text = " ".join(unicodedata.normalize("NFKC", typed or "").split())
    if not text:
        return None
    if len(text) > _LONGEST:
        raise InvalidInputError("at most 64 characters; " + _WHAT_TO_TYPE, field=field)
    head = text.split("*", 1)[0].strip()
    if "*" in text or is_chinese_name(head):
        return _chinese_surname(head, field)
    if any(char.isdigit() for char in text) or not any(char.isalpha() for char in text):
        raise InvalidInputError(_WHAT_TO_TYPE, field=field)
    return surname_of(text)


def _chinese_surname(head: str, field: str) -> str:
    """What comes before the star of a masked name: one character or a compound surname (a
    masked Latin name shows initials only, never the surname)."""
    is_surname = len(head) == 1 or (len(head) == 2 and head in COMPOUND_SURNAMES)
    if not (is_chinese_name(head) and is_surname):
        raise InvalidInputError(_WHAT_TO_TYPE, field=field)
    return head
