"""One compiled pass finds the candidates of every kind; each is then confirmed or dropped by its
validator (a checksum, a date, an issuer prefix, a place name), as Presidio's recognizers do."""

from __future__ import annotations

import re
from collections.abc import Iterator

from privault.domain.free_text import addresses, numbers, plates
from privault.domain.free_text.findings import Finding, Kind

# The pattern opens with one character class of every kind's first character, which lets the
# engine skip the Chinese text between candidates without trying each kind at each position
# (3 to 4 times faster); a lookbehind then says which kinds that character may start. The email
# comes first: 13812345678@qq.com is an email, not a mobile.
_CANDIDATES = re.compile(
    rf"[A-Za-z0-9{plates.PROVINCES}{addresses.ROAD_KINDS}](?:"
    r"(?<=[A-Za-z0-9])(?P<email>[A-Za-z0-9._%+-]{0,63}@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})"
    r"|(?<=[0-9])(?P<number>(?:[ \-]?[0-9]){10,18}(?:[ \-]?[Xx])?)(?![0-9])"
    rf"|(?<=[{plates.PROVINCES}])(?P<plate>{plates.REST})"
    rf"|(?<=[{addresses.ROAD_KINDS}])(?P<road>{addresses.ROAD_REST})"
    rf"|(?<=[0-9])(?P<building>{addresses.BUILDING_REST})"
    ")"
)
# Full-width digits and Latin letters (１３８, ＠) map one for one, so spans stay valid.
# Only those: the full-width comma and stops of every Chinese sentence need no translation.
_FULL_WIDTH = re.compile("[\uff0b\uff0d\uff0e\uff10-\uff19\uff20-\uff3a\uff41-\uff5a]")
_HALF_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def scan(text: str) -> list[Finding]:
    """Every finding in `text`, in order of position, none overlapping another."""
    if _FULL_WIDTH.search(text) is not None:
        text = text.translate(_HALF_WIDTH)
    found: list[Finding] = []
    for match in _CANDIDATES.finditer(text):
        for finding in _confirmed(text, match):
            if not found or finding.start >= found[-1].end:
                found.append(finding)
    return found


def _confirmed(text: str, match: re.Match[str]) -> Iterator[Finding]:
    start, end = match.span()
    group = match.lastgroup
    if group == "email":
        yield Finding(start, end, Kind.EMAIL, 0.95)
    elif group == "number":
        # A run that starts inside a longer one (a 20-digit invoice number) is no candidate.
        if start == 0 or not text[start - 1].isdigit():
            yield from numbers.classify(text, start, end)
    elif group == "plate":
        tail = re.sub(r"[·•\-\s]", "", text[start + 2 : end])
        if plates.is_plate(tail):
            yield Finding(start, end, Kind.PLATE, 0.85)
    else:
        yield from _address(text, start, end)


def _address(text: str, start: int, end: int) -> Iterator[Finding]:
    begin = addresses.start_of(text, start)
    if text[start].isdigit():  # a building with its room: an address even without a name
        yield Finding(start if begin is None else begin, end, Kind.ADDRESS, 0.8)
    elif begin is not None and addresses.is_road_address(text, start, begin):
        yield Finding(begin, end, Kind.ADDRESS, 0.85)
