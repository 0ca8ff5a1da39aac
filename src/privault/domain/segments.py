"""Segments: who a campaign may address, as criteria over a customer's facts. Each criterion is
a name, a parser for what staff type and a test of one customer's facts, so a later area plugs
in its own (class, level, points or balance band) by adding one `Criterion` to `CRITERIA`."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date

from privault.domain.errors import InvalidInputError

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
