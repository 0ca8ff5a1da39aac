"""Street addresses: a road, lane or village with a house number, or a building with a unit and
room, extended back over the place names before it (省, 市, 区, 县, 镇)."""

from __future__ import annotations

import re

_HAN = "\u4e00-\u9fff"
_NUMBER = r"[0-9]{1,5}"
# The road's last character and its number anchor the pass (大道 and 大街 by 道 and 街, 胡同 by
# 同), one character class the engine skips to quickly; a name or verb ending in 路 or 道 without
# a number after it (一路顺风, 知道) is never a candidate. A plain 道 needs a place name before it.
# The scanner matches the first character (ROAD_KINDS, or a digit) and then the rest.
ROAD_KINDS = "路街巷弄村道同"
_FLATS = rf"(?:\s*(?:{_NUMBER}|[A-Z])\s*(?:号楼|栋|幢|座|单元|楼|层|室|号|房))*"
ROAD_REST = rf"\s*{_NUMBER}\s*[号弄]{_FLATS}"
BUILDING_REST = (
    rf"[0-9]{{0,4}}\s*(?:号楼|栋|幢|座)\s*(?:{_NUMBER}\s*单元\s*)?{_NUMBER}\s*(?:室|房|号)?{_FLATS}"
)
_PLACES = "省市区县镇乡村"
_NAME_RUN = re.compile(rf"[{_HAN}0-9]{{1,24}}$")
_STOP = "的在住是和到去从往给我你他她请"


def start_of(text: str, anchor: int) -> int | None:
    """Where the address before `anchor` (the road's kind or the building's number) begins, or
    None when no name precedes it. A place name extends the span up to two characters before its
    first 省/市/区/县/镇; otherwise the name is the up to six characters before the anchor, cut at
    a word that ends a sentence's verb part (住在, 到)."""
    run = _NAME_RUN.search(text, max(0, anchor - 24), anchor)
    if run is None:
        return None
    name = run.group()
    # 小区 and 社区 name a housing estate, not an administrative district.
    places = name.replace("小区", "小_").replace("社区", "社_")
    first_place = min((places.find(p) for p in _PLACES if p in places), default=-1)
    begin = max(0, first_place - 2) if first_place > 0 else max(0, len(name) - 6)
    while begin < len(name) - 1 and name[begin] in _STOP:
        begin += 1
    return run.start() + begin


def is_road_address(text: str, anchor: int, begin: int) -> bool:
    """A bare 道 (not 大道) counts only after a place name: 知道3号 is a date."""
    if text[anchor] == "同":
        return text[anchor - 1 : anchor] == "胡" and anchor - 1 > begin
    if text[anchor] != "道" or text[anchor - 1 : anchor] == "大":
        return anchor > begin
    return any(p in text[begin:anchor] for p in _PLACES)
