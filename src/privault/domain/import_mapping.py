"""Moving in from the system a shop leaves (issue 17, point 7): a member export's headers mapped to
catalog fields and to the opening figures of a membership, by synonyms built in or by a mapping
the shop saved; the value forms such exports use (1979/3/8, 2026年3月8日, ¥1,280.50, 男性).

Headers are not personal data: a mapping keeps them, never a value."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from zoneinfo import ZoneInfo

from privault.domain.catalog import Catalog, ValueKind
from privault.domain.errors import InvalidInputError
from privault.domain.members import Level

SKIP = ""  # a saved choice: this column is not imported
MAX_NAME = 64
MAX_POINTS = 100_000_000
MAX_CENTS = 999_999_999


class Extra(StrEnum):
    """What a member export holds beside the customer record: membership and history."""

    LEVEL = "member:level"
    POINTS = "member:points"
    BALANCE = "member:balance"
    SPEND = "history:spend"
    VISITS = "history:visits"
    LAST_VISIT = "history:last_visit"


MEMBERSHIP = frozenset({Extra.LEVEL, Extra.POINTS, Extra.BALANCE})

# Headers as the SaaS systems shops leave write them (有赞, 客如云, 微盟, 美团 and the like),
# normalised by `header_key`; a field key that the catalog lacks is not suggested.
_SYNONYMS: dict[str, tuple[str, ...]] = {
    "name": (
        "客户姓名", "会员姓名", "会员名称", "客户名称", "顾客姓名", "姓名", "名字", "真实姓名",
        "会员名", "客户名", "name", "customer name", "full name",
    ),
    "mobile": (
        "手机号", "手机号码", "手机", "联系电话", "联系手机", "会员手机号", "会员手机", "电话",
        "电话号码", "联系方式", "mobile", "phone", "mobile phone", "cell phone",
    ),
    "gender": ("性别", "会员性别", "gender", "sex"),
    "birth_date": (
        "生日", "出生日期", "会员生日", "出生年月日", "生日日期", "birthday", "date of birth",
        "dob",
    ),
    "email": ("邮箱", "电子邮箱", "电子邮件", "邮箱地址", "email", "e-mail", "mail"),
    "address": ("地址", "联系地址", "详细地址", "家庭住址", "收货地址", "address"),
    "member_no": (
        "会员卡号", "卡号", "会员号", "会员编号", "会员卡号码", "实体卡号", "card no",
        "card number", "member no", "member number",
    ),
    "id_number": ("身份证号", "身份证", "身份证号码", "证件号码", "证件号"),
    Extra.LEVEL: ("会员等级", "等级", "会员级别", "卡等级", "会员卡等级", "会员卡类型", "level"),
    Extra.POINTS: ("积分", "可用积分", "当前积分", "积分余额", "剩余积分", "会员积分", "points"),
    Extra.BALANCE: (
        "储值余额", "卡余额", "余额", "储值卡余额", "账户余额", "可用余额", "会员卡余额",
        "储值金额", "balance", "stored value",
    ),
    Extra.SPEND: (
        "累计消费金额", "累计消费", "累计消费额", "消费总额", "消费总金额", "总消费金额",
        "消费金额", "total spend",
    ),
    Extra.VISITS: ("累计消费次数", "消费次数", "到店次数", "累计到店次数", "visits"),
    Extra.LAST_VISIT: (
        "最近消费时间", "最后消费时间", "上次消费时间", "最近消费日期", "最近到店时间",
        "最后到店时间", "最近消费", "last visit", "last purchase",
    ),
}  # fmt: skip
_UNITS = re.compile(r"[(（\[【][^)）\]】]*[)）\]】]|[*＊:：]")


def header_key(header: str) -> str:
    """A header as compared: width and case folded, units in brackets and marks dropped
    ("储值余额（元）" and "*手机号" read as 储值余额 and 手机号)."""
    text = unicodedata.normalize("NFKC", header)
    return " ".join(_UNITS.sub("", text).casefold().split())


SYNONYMS: dict[str, str] = {
    header_key(spelling): target
    for target, spellings in _SYNONYMS.items()
    for spelling in spellings
}


def is_extra(target: str) -> bool:
    return target in Extra._value2member_map_


def suggest(catalog: Catalog, header: str) -> str | None:
    """The field or membership figure a header names by a built-in synonym; a field the
    catalog lacks is no suggestion."""
    target = SYNONYMS.get(header_key(header))
    if target is None or is_extra(target) or target in catalog.fields:
        return target
    return None


def headers_digest(header: Iterable[str]) -> str:
    """The same columns in any order, spelt with any width or case, give the same digest:
    a saved mapping is found again for the next file of the same system."""
    keys = sorted({header_key(h) for h in header if h.strip()})
    return hashlib.sha256("\x1f".join(keys).encode()).hexdigest()


def parse_mapping_name(raw: str | None) -> str:
    name = " ".join((raw or "").split())
    if not name or len(name) > MAX_NAME:
        raise InvalidInputError(
            "name the mapping by the system the file comes from (1 to {limit} characters), "
            "e.g. 有赞",
            field="mapping",
            params={"limit": MAX_NAME},
        )
    return name


def parse_choices(pairs: Sequence[str]) -> dict[str, str]:
    """`HEADER=TARGET` as typed (`HEADER=` leaves the column out); `choice_target` checks the
    target against the catalog."""
    choices: dict[str, str] = {}
    for pair in pairs:
        header, sep, target = pair.partition("=")
        if not sep or not header.strip():
            raise InvalidInputError("give a column as HEADER=FIELD or HEADER=", field="map")
        choices[header.strip()] = target.strip()
    return choices


def choice_target(catalog: Catalog, target: str) -> str:
    """A field key or label, a membership figure, or "" (left out)."""
    if not target or is_extra(target):
        return target
    key = catalog.resolve_column(target)
    if key is None:
        known = [*catalog.fields, *(e.value for e in Extra)]
        raise InvalidInputError(
            "unknown target; use a catalog field or one of {known}",
            field="map",
            params={"known": ", ".join(known)},
        )
    return key


# --- value forms -------------------------------------------------------------------------------

_GENDER = {"男性": "男", "先生": "男", "m": "男", "女性": "女", "女士": "女", "f": "女"}
_UNKNOWN = {"未知", "保密", "未填写", "不详", "-", "--", "/", "无"}
_DATE_TIME = re.compile(r"(.+?)(?:\s+|T)\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?")


def reform(catalog: Catalog, values: Mapping[str, str]) -> dict[str, str]:
    """The forms other systems write, in a spelling the catalog's normalisers take: a gender
    as 男性 or 女士, a date with its time; 未知 or 保密 is no value."""
    reformed: dict[str, str] = {}
    for key, raw in values.items():
        text = unicodedata.normalize("NFKC", raw).strip()
        if text.casefold() in _UNKNOWN:
            continue
        kind = catalog.field(key).kind if key in catalog.fields else None
        if kind is ValueKind.ENUM:
            text = _GENDER.get(text.casefold(), text)
        elif kind is ValueKind.DATE:
            match = _DATE_TIME.fullmatch(text)
            text = match[1] if match else text
        reformed[key] = text
    return reformed


@dataclass(frozen=True)
class Opening:
    """One row's membership and history as the file gives them; None where it gives nothing."""

    level: str | None = None  # the level's key in this installation's rules
    points: int | None = None
    balance_fen: int | None = None
    spend_cents: int | None = None
    visits: int | None = None
    last_visit: datetime | None = None

    @property
    def is_member(self) -> bool:
        """The file shows a membership: a level, points or stored value."""
        return any(v is not None for v in (self.level, self.points, self.balance_fen))

    @property
    def has_history(self) -> bool:
        return any(v is not None for v in (self.spend_cents, self.visits, self.last_visit))


def parse_opening(
    extras: Mapping[str, str], levels: Sequence[Level], zone: ZoneInfo, now: datetime
) -> Opening:
    """Refusals name the figure (the caller puts the header as written), never the value."""
    cleaned = ((k, unicodedata.normalize("NFKC", v).strip()) for k, v in extras.items())
    given = {k: v for k, v in cleaned if v and v not in _UNKNOWN}
    return Opening(
        level=_level(given[Extra.LEVEL], levels) if Extra.LEVEL in given else None,
        points=_count(given, Extra.POINTS, MAX_POINTS),
        balance_fen=_cents(given, Extra.BALANCE),
        spend_cents=_cents(given, Extra.SPEND),
        visits=_count(given, Extra.VISITS, MAX_POINTS),
        last_visit=_moment(given[Extra.LAST_VISIT], zone, now)
        if Extra.LAST_VISIT in given
        else None,
    )


def _level(text: str, levels: Sequence[Level]) -> str:
    wanted = {text.casefold(), text.casefold().removesuffix("会员").removesuffix("卡")}
    for level in levels:
        names = {level.key.casefold(), level.name.casefold(), level.name.removesuffix("卡")}
        if wanted & names:
            return level.key
    raise InvalidInputError(
        "is not a member level of this shop; levels: {levels}. Set the level rules first "
        "(privault members levels) or change the level in the file",
        field=Extra.LEVEL.value,
        params={"levels": ", ".join(lv.name for lv in levels)},
    )


_NUMBER = re.compile(r"(?:¥|CNY|RMB)?\s*((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)\s*(?:元|CNY|RMB)?")


def _decimal(text: str, field: str, expected: str) -> Decimal:
    match = _NUMBER.fullmatch(text.replace(" ", ""))
    try:
        if match is None:
            raise InvalidOperation
        return Decimal(match[1].replace(",", ""))
    except InvalidOperation:
        raise InvalidInputError(expected, field=field) from None


def _count(given: Mapping[str, str], extra: Extra, limit: int) -> int | None:
    if extra not in given:
        return None
    expected = "not a whole number of 0 or more, e.g. 1280 or 1,280"
    number = _decimal(given[extra], extra.value, expected)
    if number != number.to_integral_value() or number > limit:
        raise InvalidInputError(expected, field=extra.value)
    return int(number)


def _cents(given: Mapping[str, str], extra: Extra) -> int | None:
    if extra not in given:
        return None
    expected = "not an amount of 0 or more with at most 2 decimals, e.g. 1,280.50 or ¥1280.5"
    amount = _decimal(given[extra], extra.value, expected) * 100
    if amount != amount.to_integral_value() or amount > MAX_CENTS:
        raise InvalidInputError(expected, field=extra.value)
    return int(amount)


_MOMENT = re.compile(
    r"(\d{4})(?:([-/.])(\d{1,2})\2(\d{1,2})|(\d{2})(\d{2})|年(\d{1,2})月(\d{1,2})日)"
    r"(?:(?:\s+|T)(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?"
)


def looks_like_figure(target: str, text: str) -> bool:
    """Whether a preview may show a figure's cell as written: a level's short name, a number of
    at most 10 digits, a date. A column mapped by mistake (mobiles taken for points) shows
    nothing of its values."""
    digits = sum(char.isdigit() for char in text)
    if target == Extra.LEVEL:
        return len(text) <= 16 and digits <= 4
    if target == Extra.LAST_VISIT:
        return _MOMENT.fullmatch(unicodedata.normalize("NFKC", text)) is not None
    compact = unicodedata.normalize("NFKC", text).replace(" ", "")
    return _NUMBER.fullmatch(compact) is not None and digits <= 10


def _moment(text: str, zone: ZoneInfo, now: datetime) -> datetime:
    """A date or a date and time in the shop's zone, as exports write them; not after now."""
    match = _MOMENT.fullmatch(text)
    expected = "not a date and time such as 2026-03-08 14:20, 2026/3/8 or 2026年3月8日"
    if match is None:
        raise InvalidInputError(expected, field=Extra.LAST_VISIT.value)
    month = match[3] or match[5] or match[7]
    day = match[4] or match[6] or match[8]
    clock = (int(match[9] or 0), int(match[10] or 0), int(match[11] or 0))
    try:
        at = datetime.combine(date(int(match[1]), int(month), int(day)), time(*clock), zone)
    except ValueError:
        raise InvalidInputError(expected, field=Extra.LAST_VISIT.value) from None
    if at > now:
        raise InvalidInputError(
            "is in the future; a last visit is in the past", field=Extra.LAST_VISIT.value
        )
    return at
