"""Segments: who a campaign may address, as criteria over a customer's facts. Each criterion is
a name, a parser for what staff type and a test of one customer's facts, so a later area plugs
in its own (class, level, points or balance band) by adding one `Criterion` to `CRITERIA`."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date

from privault.domain.classes import PROFILING_PURPOSE, CustomerClass
from privault.domain.errors import InvalidInputError
from privault.domain.transactions import parse_cents

MAX_TAGS = 10


@dataclass(frozen=True)
class Facts:
    """What the segment engine knows of one customer; no contact value is ever among them."""

    store: str
    purposes: frozenset[str]  # active consents now
    birth_month_day: tuple[int, int] | None = None
    last_visit_on: date | None = None
    tags: frozenset[str] = frozenset()
    more: Mapping[str, object] = field(default_factory=dict)  # facts later areas add


Test = Callable[[object, Facts], bool]


@dataclass(frozen=True)
class Criterion:
    name: str
    parse: Callable[[str], object]
    test: Test
    needs: str = ""  # the fact it reads that must be looked up ("birth", "visits", "tags")


def _month(raw: str) -> int:
    if not raw.strip().isdigit() or not 1 <= int(raw) <= 12:
        raise InvalidInputError("a month from 1 to 12", field="birthday_month")
    return int(raw)


def _month_day(raw: str) -> tuple[int, int]:
    match = re.fullmatch(r"\s*(\d{1,2})-(\d{1,2})\s*", raw)
    try:
        if match is None:
            raise ValueError
        date(2000, int(match[1]), int(match[2]))  # a leap year: 02-29 is a birthday
    except ValueError:
        raise InvalidInputError("a month and day as MM-DD, e.g. 03-07", field="birthday") from None
    return int(match[1]), int(match[2])


def _day(name: str) -> Callable[[str], date]:
    def parse(raw: str) -> date:
        try:
            return date.fromisoformat(raw.strip())
        except ValueError:
            raise InvalidInputError("a date as YYYY-MM-DD", field=name) from None

    return parse


def _stores(raw: str) -> frozenset[str]:
    stores = frozenset(s for s in re.split(r"[\s,，]+", raw) if s)
    if not stores:
        raise InvalidInputError("name at least one store", field="store")
    return stores


def _tags(raw: str) -> frozenset[str]:
    tags = frozenset(t for t in re.split(r"[\s,，]+", raw) if t)
    if not tags or len(tags) > MAX_TAGS:
        raise InvalidInputError("from 1 to {limit} tags", field="tags", params={"limit": MAX_TAGS})
    return tags


def _purpose(raw: str) -> str:
    cleaned = raw.strip()
    if not re.fullmatch(r"[a-z_]{1,64}", cleaned):
        raise InvalidInputError("a consent purpose key such as marketing_sms", field="consent")
    return cleaned


def _visited_before(value: object, facts: Facts) -> bool:
    return facts.last_visit_on is None or facts.last_visit_on < _as_date(value)


def _visited_after(value: object, facts: Facts) -> bool:
    return facts.last_visit_on is not None and facts.last_visit_on > _as_date(value)


def _as_date(value: object) -> date:
    assert isinstance(value, date)  # noqa: S101 (parsed by the criterion's own parser)
    return value


def _in_set(value: object, facts: Facts, wanted: str) -> bool:
    assert isinstance(value, frozenset)  # noqa: S101
    held = {"store": {facts.store}, "tags": facts.tags}[wanted]
    return bool(value & held)


def _class(raw: str) -> str:
    wanted = raw.strip().casefold()
    for known in CustomerClass:
        if wanted == known.value.casefold():
            return known.value
    raise InvalidInputError(
        "a class: one of {choices}",
        field="class",
        params={"choices": ", ".join(c.value for c in CustomerClass)},
    )


def _in_class(value: object, facts: Facts) -> bool:
    """Class-based marketing only while the customer's consent to profiling stands (PIPL
    Art. 24): a customer who refused personalisation is in no class segment."""
    return PROFILING_PURPOSE in facts.purposes and facts.more.get("class") == value


def _level(raw: str) -> str:
    """The level's key or name as the business's rules have it; checked against the rules
    when the segment is looked up (`campaigns/audience`)."""
    wanted = raw.strip()
    if not 1 <= len(wanted) <= 32:
        raise InvalidInputError("a member level such as gold", field="level_at_least")
    return wanted


def _level_at_least(value: object, facts: Facts) -> bool:
    """`levels`: each level's key and name (casefolded) from the base up, as the rules stand."""
    levels = facts.more.get("levels", ())
    held = facts.more.get("level")
    assert isinstance(levels, tuple)  # noqa: S101 (set by the audience's lookup)
    wanted, has = level_rank(levels, str(value)), level_rank(levels, str(held or ""))
    return wanted is not None and has is not None and has >= wanted


def level_rank(levels: tuple[frozenset[str], ...], level: str) -> int | None:
    return next((i for i, names in enumerate(levels) if level.casefold() in names), None)


def _count(name: str) -> Callable[[str], int]:
    def parse(raw: str) -> int:
        text = raw.strip()
        if not (text.isascii() and text.isdigit()) or int(text) > MAX_BAND:
            raise InvalidInputError(
                "a whole number from 0 to {limit}", field=name, params={"limit": MAX_BAND}
            )
        return int(text)

    return parse


def _yuan(name: str) -> Callable[[str], int]:
    def parse(raw: str) -> int:
        if raw.strip().startswith("-"):
            raise InvalidInputError("an amount in yuan of 0.00 or more", field=name)
        return parse_cents(raw, name)

    return parse


def _band(fact: str, *, at_least: bool) -> Test:
    """A balance band: at least the value, or below it. No account counts as 0."""

    def test(value: object, facts: Facts) -> bool:
        held = facts.more.get(fact, 0)
        assert isinstance(value, int)  # noqa: S101 (parsed by the criterion's own parser)
        assert isinstance(held, int)  # noqa: S101 (set by the audience's lookup)
        return held >= value if at_least else held < value

    return test


MAX_BAND = 100_000_000
CRITERIA: dict[str, Criterion] = {
    c.name: c
    for c in (
        Criterion(
            "birthday_month",
            _month,
            lambda v, f: f.birth_month_day is not None and f.birth_month_day[0] == v,
            "birth",
        ),
        Criterion("birthday", _month_day, lambda v, f: f.birth_month_day == v, "birth"),
        Criterion("last_visit_before", _day("last_visit_before"), _visited_before, "visits"),
        Criterion("last_visit_after", _day("last_visit_after"), _visited_after, "visits"),
        Criterion("store", _stores, lambda v, f: _in_set(v, f, "store")),
        Criterion("tags", _tags, lambda v, f: _in_set(v, f, "tags"), "tags"),
        Criterion("consent", _purpose, lambda v, f: v in f.purposes),
        Criterion("class", _class, _in_class, "class"),
        Criterion("level_at_least", _level, _level_at_least, "level"),
        Criterion(
            "points_at_least", _count("points_at_least"), _band("points", at_least=True), "points"
        ),
        Criterion(
            "points_below", _count("points_below"), _band("points", at_least=False), "points"
        ),
        Criterion(
            "stored_value_at_least",
            _yuan("stored_value_at_least"),
            _band("wallet", at_least=True),
            "wallet",
        ),
        Criterion(
            "stored_value_below",
            _yuan("stored_value_below"),
            _band("wallet", at_least=False),
            "wallet",
        ),
    )
}


@dataclass(frozen=True)
class Segment:
    """Every criterion must hold (AND); an empty segment is every customer in reach."""

    criteria: tuple[tuple[str, object], ...] = ()
    text: Mapping[str, str] = field(default_factory=dict)  # as typed, to store and show

    @property
    def needs(self) -> frozenset[str]:
        return frozenset(CRITERIA[name].needs for name, _ in self.criteria) - {""}

    def holds_for(self, facts: Facts) -> bool:
        return all(CRITERIA[name].test(value, facts) for name, value in self.criteria)


def parse_segment(raw: Mapping[str, str]) -> Segment:
    """Criteria as typed (name → text); an unknown name or a bad value is refused by name."""
    criteria = []
    for name, text in sorted(raw.items()):
        criterion = CRITERIA.get(name)
        if criterion is None:
            raise InvalidInputError(
                "unknown criterion; use one of {choices}",
                field=name,
                params={"choices": ", ".join(CRITERIA)},
            )
        criteria.append((name, criterion.parse(text)))
    return Segment(tuple(criteria), {name: raw[name].strip() for name in sorted(raw)})


def parse_criteria_text(raw: str) -> dict[str, str]:
    """`birthday_month=3 store=main`: the CLI's and the form's way of naming criteria."""
    found: dict[str, str] = {}
    for part in raw.split():
        name, sep, value = part.partition("=")
        if not sep or not value:
            raise InvalidInputError("write each criterion as name=value", field="segment")
        found[name] = value
    return found
