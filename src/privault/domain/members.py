"""Membership (会员): member numbers, statuses, and levels with their upgrade rules.

A member number is a business-wide sequence with a Luhn check digit (python-stdnum), so a
mistyped number at the till is caught before any lookup; it is never derived from the phone.
It lives in the customer's record as the catalog's `member_no` field (sealed, blind-indexed,
masked by default), so erasure shreds it with the rest.
A level is earned by spend or visits over a window of months; evaluation upgrades, and moves
down only where the rules say `downgrade = true`."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from itertools import pairwise
from typing import Any

from stdnum import luhn

from privault.domain.control_characters import refuse_control_characters
from privault.domain.errors import InvalidInputError
from privault.domain.transactions import format_cents, parse_cents, short_text

PREFIX = "M"
DIGITS = 7  # the sequence's width: ten million members before the number grows
MAX_REASON = 200
MAX_LEVELS = 10
MAX_WINDOW_MONTHS = 36
MAX_VISITS = 100_000
SETTING = "member_levels"  # the installation key the business's level rules live under


class MemberStatus(StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"
    CLOSED = "closed"


class ChangeKind(StrEnum):
    ENROLLED = "enrolled"  # the first level, at enrolment
    RULE = "rule"  # a rule was met (or, where allowed, no longer met)
    MANUAL = "manual"  # set by a manager, with a reason


@dataclass(frozen=True)
class Level:
    key: str
    name: str
    spend_cents: int | None = None  # at least this spent over the window, or
    visits: int | None = None  # at least this many visits over the window

    @property
    def is_base(self) -> bool:
        return self.spend_cents is None and self.visits is None


@dataclass(frozen=True)
class LevelRules:
    levels: tuple[Level, ...]
    window_months: int = 12
    downgrade: bool = False

    @property
    def base(self) -> Level:
        return self.levels[0]

    def level(self, key: str) -> Level | None:
        return next((lv for lv in self.levels if lv.key == key), None)

    def rank(self, key: str) -> int:
        """Unknown keys (a level since removed) rank lowest, so a rule lifts them."""
        return next((i for i, lv in enumerate(self.levels) if lv.key == key), -1)

    def as_text(self) -> str:
        lines = [
            f"window_months = {self.window_months}",
            f"downgrade = {str(self.downgrade).lower()}",
        ]
        for lv in self.levels:
            lines += ["", "[[levels]]", f'key = "{lv.key}"', f'name = "{lv.name}"']
            if lv.spend_cents is not None:
                lines.append(f'spend = "{format_cents(lv.spend_cents)}"')
            if lv.visits is not None:
                lines.append(f"visits = {lv.visits}")
        return "\n".join(lines) + "\n"


DEFAULT_RULES = LevelRules(
    levels=(
        Level("standard", "普通"),
        Level("silver", "银卡", spend_cents=200_000, visits=10),
        Level("gold", "金卡", spend_cents=500_000, visits=24),
        Level("diamond", "钻石", spend_cents=2_000_000, visits=48),
    )
)


@dataclass(frozen=True)
class Standing:
    """What a member did over the rules' window: net spend (refunds and reversed entries out)
    and visits."""

    spend_cents: int
    visits: int
    window_months: int


@dataclass(frozen=True)
class LevelMove:
    to: Level
    kind: ChangeKind
    standing: Standing | None = None


@dataclass(frozen=True)
class Membership:
    id: str
    customer_id: str | None  # none once erased: the accounts keep a pseudonym instead
    store: str
    status: MemberStatus
    level: str
    joined_on: date
    enrolled_by: str
    closed_at: datetime | None = None
    close_reason: str | None = None


@dataclass(frozen=True)
class LevelChange:
    membership_id: str
    from_level: str | None
    to_level: str
    kind: ChangeKind
    at: datetime
    by: str
    reason: str | None = None  # a manager's reason
    spend_cents: int | None = None  # a rule's standing when it was met
    visits: int | None = None
    window_months: int | None = None


def member_number(sequence: int) -> str:
    body = f"{sequence:0{DIGITS}d}"
    return f"{PREFIX}{body}{luhn.calc_check_digit(body)}"


def parse_member_number(raw: str | None) -> str:
    """Spaces and dashes are dropped and the letter read in either case. A number of ours (M
    and digits) with a wrong check digit is refused, naming the field, before any lookup; a
    card number from before (kept in the catalog's member_no field) passes as typed."""
    text = "".join((raw or "").split()).replace("-", "").upper()
    if not text:
        raise InvalidInputError("give the member number, e.g. M00000018", field="number")
    digits = text.removeprefix(PREFIX)
    if text.startswith(PREFIX) and digits.isdigit() and not luhn.is_valid(digits):
        raise InvalidInputError(
            "the check digit does not match; retype the member number", field="number"
        )
    return text


def parse_reason(raw: str | None) -> str:
    reason = short_text(raw, "reason", MAX_REASON)
    if reason is None:
        raise InvalidInputError("say why (it is kept in the audit trail)", field="reason")
    return reason


def earned(rules: LevelRules, standing: Standing) -> Level:
    """The highest level whose spend or visit threshold the standing meets."""
    met = [lv for lv in rules.levels if lv.is_base or _meets(lv, standing)]
    return met[-1] if met else rules.base


def _meets(level: Level, standing: Standing) -> bool:
    by_spend = level.spend_cents is not None and standing.spend_cents >= level.spend_cents
    by_visits = level.visits is not None and standing.visits >= level.visits
    return by_spend or by_visits


def level_move(rules: LevelRules, current: str, standing: Standing) -> LevelMove | None:
    """An upgrade when a higher level's rule is met; a lower level only when the rules allow
    downgrades; otherwise none (a manual level stays until a rule lifts it)."""
    target = earned(rules, standing)
    up = rules.rank(target.key) > rules.rank(current)
    down = rules.downgrade and rules.rank(target.key) < rules.rank(current)
    return LevelMove(target, ChangeKind.RULE, standing) if up or down else None


def window_start(today: date, months: int) -> date:
    """The same day `months` earlier (the month's last day where it has fewer days)."""
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    month += 1
    for day in range(today.day, 27, -1):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    return date(year, month, min(today.day, 28))


def parse_level_key(rules: LevelRules, raw: str | None) -> Level:
    wanted = (raw or "").strip()
    for lv in rules.levels:
        if wanted.casefold() in (lv.key.casefold(), lv.name.casefold()):
            return lv
    raise InvalidInputError(
        "choose a level: {known}",
        field="level",
        params={"known": ", ".join(f"{lv.key} ({lv.name})" for lv in rules.levels)},
    )


def parse_level_rules(text: str) -> LevelRules:
    """The rules document (TOML): `window_months`, `downgrade`, and `[[levels]]` from the base
    level up, each with `key`, `name` and, above the base, `spend` (yuan) and/or `visits`.
    Each fault names its place, and nothing is kept until the whole document is right."""
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InvalidInputError(
            "not a valid rules document: {why}", field="levels", params={"why": str(error)}
        ) from None
    unknown = sorted(set(document) - {"window_months", "downgrade", "levels"})
    if unknown:
        raise InvalidInputError(
            "unknown key {key}", field="levels", params={"key": ", ".join(unknown)}
        )
    raw = document.get("levels")
    if not isinstance(raw, list) or not 2 <= len(raw) <= MAX_LEVELS:
        raise InvalidInputError(
            "give between 2 and {limit} [[levels]], the base level first",
            field="levels",
            params={"limit": MAX_LEVELS},
        )
    levels = tuple(_level(i, entry) for i, entry in enumerate(raw, 1))
    _check_order(levels)
    return LevelRules(levels, _window(document), _flag(document))


def _window(document: dict[str, Any]) -> int:
    months = document.get("window_months", 12)
    if type(months) is not int or not 1 <= months <= MAX_WINDOW_MONTHS:
        raise InvalidInputError(
            "window_months must be a whole number from 1 to {limit}",
            field="window_months",
            params={"limit": MAX_WINDOW_MONTHS},
        )
    return months


def _flag(document: dict[str, Any]) -> bool:
    value = document.get("downgrade", False)
    if not isinstance(value, bool):
        raise InvalidInputError("downgrade must be true or false", field="downgrade")
    return value


def _level(number: int, entry: object) -> Level:
    where = f"levels.{number}"
    if not isinstance(entry, dict) or set(entry) - {"key", "name", "spend", "visits"}:
        raise InvalidInputError("a level has key, name, spend and visits only", field=where)
    key, name = entry.get("key"), entry.get("name")
    if not isinstance(key, str) or not key.isascii() or not key.isidentifier() or len(key) > 32:
        raise InvalidInputError("key: a short latin name such as gold", field=f"{where}.key")
    if not isinstance(name, str) or not name.strip() or len(name) > 32:
        raise InvalidInputError("name: the level's name, e.g. 金卡", field=f"{where}.name")
    refuse_control_characters(name, field=f"{where}.name")
    return Level(key, name.strip(), _spend(entry.get("spend"), where), _visits(entry, where))


def _spend(raw: object, where: str) -> int | None:
    if raw is None:
        return None
    if not isinstance(raw, str | int) or isinstance(raw, bool):
        raise InvalidInputError('spend: yuan as text, e.g. "2000.00"', field=f"{where}.spend")
    return parse_cents(str(raw), f"{where}.spend")


def _visits(entry: dict[str, Any], where: str) -> int | None:
    raw = entry.get("visits")
    if raw is not None and (type(raw) is not int or not 1 <= raw <= MAX_VISITS):
        raise InvalidInputError(
            "visits: a whole number from 1 to {limit}",
            field=f"{where}.visits",
            params={"limit": MAX_VISITS},
        )
    return raw


def _check_order(levels: tuple[Level, ...]) -> None:
    """The base level has no threshold; every other has one, each above the level below."""
    keys = [lv.key for lv in levels]
    if len(set(keys)) != len(keys):
        raise InvalidInputError("each level needs its own key", field="levels")
    if not levels[0].is_base:
        raise InvalidInputError("the first level is the base: no spend or visits", field="levels.1")
    for number, (low, high) in enumerate(pairwise(levels), 2):
        if high.is_base:
            raise InvalidInputError("give spend or visits", field=f"levels.{number}")
        if not (_above(high.spend_cents, low.spend_cents) and _above(high.visits, low.visits)):
            raise InvalidInputError(
                "each threshold must be higher than the level below's", field=f"levels.{number}"
            )


def _above(high: int | None, low: int | None) -> bool:
    return high is None or low is None or high > low
