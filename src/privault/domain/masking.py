"""Mask personal values for display so a screen or export shows only what the task needs."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from privault.domain.catalog import MaskRule


@dataclass(frozen=True)
class MaskSettings:
    """How many characters each rule keeps; an installation may show less (or more)."""

    mobile_head: int = 3
    mobile_tail: int = 4
    id_head: int = 3
    id_tail: int = 4
    card_tail: int = 4
    landline_tail: int = 4
    email_head: int = 1
    tail_keep: int = 4
    text_head: int = 1


DEFAULT_MASKING = MaskSettings()

# A fixed run of stars where the masked length itself would tell something.
HIDDEN = "******"

_PLATE_HEAD = 2
_PLATE_TAIL = 2

_COMPOUND_SURNAME_TEXT = (
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 令狐 "
    "钟离 澹台 端木 独孤 南宫 西门 闻人 万俟 申屠 太史 百里 呼延 拓跋 东郭 第五 "
    "赫连 濮阳 淳于 单于 太叔 仲孙 子车 颛孙 巫马 公西 漆雕 乐正 壤驷 公良 宰父 "
    "谷梁 段干 东门 左丘 梁丘 羊舌 微生 公冶 公羊 司空 司寇 亓官 鲜于 闾丘 呼衍"
)
COMPOUND_SURNAMES = frozenset(_COMPOUND_SURNAME_TEXT.split())

_CJK = r"[\u4e00-\u9fff]"
_PROVINCE = (
    r"(?:北京|天津|上海|重庆|河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北|"
    r"湖南|广东|海南|四川|贵州|云南|陕西|甘肃|青海|台湾|内蒙古|广西|西藏|宁夏|新疆|香港|澳门)"
    r"(?:省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)?"
)
_CITY = rf"(?:{_CJK}{{2,4}}?市|{_CJK}{{2,10}}?(?:自治州|地区|盟))"
# Residential compounds, parks and campuses end in 区 too; they are not divisions and stay masked.
_DISTRICT = rf"(?:{_CJK}{{1,8}}?(?:自治县|自治旗|区|县|市|旗)(?<![小社园校景厂街商营]区))"
_ADMIN_PREFIX = re.compile(rf"(?:中国)?(?:{_PROVINCE}{_CITY}?{_DISTRICT}?|{_CITY}{_DISTRICT}?)")
_ISO_DATE = re.compile(r"(\d{4})-\d{2}-\d{2}")


def mask(rule: MaskRule, value: str, settings: MaskSettings = DEFAULT_MASKING) -> str:
    return _MASKERS[rule](value, settings)


def _keep_ends(value: str, head: int, tail: int) -> str:
    """A value no longer than what would be kept is masked whole."""
    if len(value) <= head + tail:
        return "*" * len(value)
    return value[:head] + "*" * (len(value) - head - tail) + value[len(value) - tail :]


def _bank_card(value: str, settings: MaskSettings) -> str:
    if len(value) <= settings.card_tail:
        return "*" * len(value)
    # Fixed groups: the card's length would narrow down the issuer.
    return "**** **** **** " + value[len(value) - settings.card_tail :]


def is_chinese_name(value: str) -> bool:
    """Written in Chinese characters without spaces: the surname comes first."""
    return " " not in value and re.search(_CJK, value) is not None


def _name(value: str, settings: MaskSettings) -> str:
    if not is_chinese_name(value):
        return " ".join(_keep_ends(word, 1, 0) for word in value.split())
    return _chinese_name(value)


def _chinese_name(value: str) -> str:
    if len(value) <= 1:
        return "*" * len(value)
    if len(value) > 2 and value[:2] in COMPOUND_SURNAMES:
        return value[:2] + "*" * (len(value) - 2)
    if len(value) == 2:
        return value[0] + "*"
    return _keep_ends(value, 1, 1)


def _address(value: str, settings: MaskSettings) -> str:
    """Keep province, city and district; the fixed stars hide how long the rest is."""
    match = _ADMIN_PREFIX.match(value)
    return (match.group(0) if match else "") + HIDDEN


def _email(value: str, settings: MaskSettings) -> str:
    local, at, domain = value.rpartition("@")
    if not at:
        return HIDDEN
    return _keep_ends(local, settings.email_head, 0) + at + domain


def _landline(value: str, settings: MaskSettings) -> str:
    area, dash, subscriber = value.rpartition("-")
    return area + dash + _keep_ends(subscriber, 0, settings.landline_tail)


def _birth_date(value: str, settings: MaskSettings) -> str:
    match = _ISO_DATE.fullmatch(value)
    return f"{match[1]}-**-**" if match else "****-**-**"


def _text(value: str, settings: MaskSettings) -> str:
    # Fixed stars hide the length; a value no longer than the head is hidden whole.
    if len(value) <= settings.text_head:
        return "***"
    return value[: settings.text_head] + "***"


_MASKERS: dict[MaskRule, Callable[[str, MaskSettings], str]] = {
    MaskRule.MOBILE: lambda value, s: _keep_ends(value, s.mobile_head, s.mobile_tail),
    MaskRule.CN_RESIDENT_ID: lambda value, s: _keep_ends(value, s.id_head, s.id_tail),
    MaskRule.BANK_CARD: _bank_card,
    MaskRule.NAME: _name,
    MaskRule.ADDRESS: _address,
    MaskRule.EMAIL: _email,
    MaskRule.LANDLINE: _landline,
    MaskRule.BIRTH_DATE: _birth_date,
    MaskRule.PLATE_NUMBER: lambda value, s: _keep_ends(value, _PLATE_HEAD, _PLATE_TAIL),
    MaskRule.TAIL: lambda value, s: _keep_ends(value, 0, s.tail_keep),
    MaskRule.TEXT: _text,
    MaskRule.FULL: lambda value, s: HIDDEN,
    MaskRule.NONE: lambda value, s: value,
}
