"""Mainland licence plates: a province's abbreviation, the issuing office's letter, then five
characters (or six on a new-energy plate, D or F at one end)."""

from __future__ import annotations

import re

PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
# Plates use no I or O: they read as 1 and 0.
_LETTER = "A-HJ-NP-Z"
# After the province's character, which the scanner matches.
REST = rf"[{_LETTER}][·•\-\s]?[{_LETTER}0-9]{{5,6}}(?![A-Za-z0-9])"
_NEW_ENERGY = re.compile(rf"[DF][{_LETTER}0-9][0-9]{{4}}|[0-9]{{5}}[DF]")


def is_plate(tail: str) -> bool:
    """`tail`: the characters after the office letter and its separator. Five need a digit
    (a run of letters is a word); six must have the new-energy shape."""
    if len(tail) == 5:
        return sum(c.isdigit() for c in tail) >= 3
    return _NEW_ENERGY.fullmatch(tail) is not None
