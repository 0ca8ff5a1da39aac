"""The segment engine: which customers a segment and a set of consents reach right now.

Only counts leave this area for marketing; the ids stay inside the use case that sends."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date
from zoneinfo import ZoneInfo

from privault.domain.entry_review import NOT_FOR_MARKETING
from privault.domain.errors import InvalidInputError
from privault.domain.segments import Facts, Segment
from privault.services.campaigns.account_facts import account_facts
from privault.services.customers.sealing import open_fields
from privault.services.use_case import UseCase

_CHUNK = 900
BIRTH_FIELD = "birth_date"
TAGS_FIELD = "tags"


def audience(
    uc: UseCase, stores: Collection[str], segment: Segment, purposes: frozenset[str]
) -> list[str]:
    """Customers in `stores` (empty: all) holding every one of `purposes` now, processable
    (a restricted customer is stored, not processed; a pending one is not reviewed yet), for
    whom the segment holds."""
    candidates = uc.uow.consents.granted_any(sorted(purposes))
    active = consents_now(uc, candidates)
    rows = uc.uow.campaigns.stores_of([c for c in candidates if purposes <= active.get(c, set())])
    ids = [
        cid
        for cid, (store, status) in rows.items()
        if status not in NOT_FOR_MARKETING and (not stores or store in stores)
    ]
    facts = _facts(uc, sorted(ids), segment, rows, active)
    return [cid for cid in sorted(ids) if segment.holds_for(facts[cid])]


def consents_now(uc: UseCase, ids: list[str]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for start in range(0, len(ids), _CHUNK):
        found |= uc.uow.consents.active(ids[start : start + _CHUNK])
    return found


def _facts(
    uc: UseCase,
    ids: list[str],
    segment: Segment,
    rows: Mapping[str, tuple[str, str]],
    active: Mapping[str, set[str]],
) -> dict[str, Facts]:
    needs = segment.needs
    births = _opened(uc, ids, BIRTH_FIELD) if "birth" in needs else {}
    tags = _opened(uc, ids, _tags_field(uc)) if "tags" in needs else {}
    visits = _visit_days(uc, ids) if "visits" in needs else {}
    more = account_facts(uc, ids, segment)
    return {
        cid: Facts(
            store=rows[cid][0],
            purposes=frozenset(active.get(cid, ())),
            birth_month_day=_month_day(births.get(cid)),
            last_visit_on=visits.get(cid),
            tags=frozenset(tags.get(cid, "").replace(",", " ").split()),
            more=more[cid],
        )
        for cid in ids
    }


def _tags_field(uc: UseCase) -> str:
    if TAGS_FIELD not in uc.catalog.fields:
        raise InvalidInputError(
            "this installation's customer records have no tags field", field="tags"
        )
    return TAGS_FIELD


def _opened(uc: UseCase, ids: list[str], field: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for start in range(0, len(ids), _CHUNK):
        opened = open_fields(uc.vault, uc.uow, ids[start : start + _CHUNK], only=[field])
        found |= {cid: values[field] for cid, values in opened.items() if field in values}
    return found


def _visit_days(uc: UseCase, ids: list[str]) -> dict[str, date]:
    zone = ZoneInfo(uc.vault.opening_hours(uc.uow).zone)
    last = uc.uow.campaigns.last_visits(ids)
    return {cid: at.astimezone(zone).date() for cid, at in last.items()}


def _month_day(raw: str | None) -> tuple[int, int] | None:
    try:
        born = date.fromisoformat(raw) if raw else None
    except ValueError:
        return None
    return None if born is None else (born.month, born.day)
