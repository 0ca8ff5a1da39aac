"""The review list: each candidate pair's two customers side by side, masked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from privault.db.duplicates import Candidate
from privault.domain.errors import InvalidInputError
from privault.domain.policy import Action, Actor, store_scope
from privault.services.customers.records import CustomerView, masked_views
from privault.services.use_case import Entry, UseCase, use_case
from privault.services.vault import Vault

MAX_PAGE = 200


@dataclass(frozen=True)
class CandidatePair:
    first: CustomerView
    second: CustomerView
    kinds: tuple[str, ...]  # domain.duplicates.VariantKind values: why they may be one person
    found_at: datetime
    found_by: str  # entry | scan


@dataclass(frozen=True)
class CandidatePage:
    total: int  # open pairs in the whole base, before the store scope
    pairs: list[CandidatePair]
    zone: str  # the shop's time zone, for showing found_at


def list_candidates(
    vault: Vault, actor: Actor, *, limit: int = 50, offset: int = 0
) -> CandidatePage:
    """Open pairs, newest first. A store-scoped reviewer sees only pairs whose two customers
    are both in their stores: the other one is not theirs to look at."""
    if not 1 <= limit <= MAX_PAGE or offset < 0:
        raise InvalidInputError(
            "limit must be 1 to {most} and offset 0 or more",
            field="limit",
            params={"most": MAX_PAGE},
        )
    with use_case(vault, actor) as uc:
        uc.require(Action.DUPLICATES_READ)
        found = uc.uow.duplicates.candidates(limit=limit, offset=offset)
        pairs = _side_by_side(uc, found)
        uc.record_all(
            Entry(Action.DUPLICATES_READ, view.id, view.fields)
            for pair in pairs
            for view in (pair.first, pair.second)
        )
        uc.commit()
        zone = uc.vault.opening_hours(uc.uow).zone
        return CandidatePage(uc.uow.duplicates.count(), pairs, zone)


def _side_by_side(uc: UseCase, found: list[Candidate]) -> list[CandidatePair]:
    ids = sorted({cid for c in found for cid in (c.first_id, c.second_id)})
    views = {view.id: view for view in masked_views(uc, ids)}
    scope = store_scope(uc.actor, uc.roles, Action.DUPLICATES_READ)
    pairs = []
    for c in found:
        first, second = views.get(c.first_id), views.get(c.second_id)
        if first is None or second is None:
            continue
        if scope and not {first.store, second.store} <= scope:
            continue
        pairs.append(CandidatePair(first, second, c.kinds, c.found_at, c.found_by))
    return pairs
