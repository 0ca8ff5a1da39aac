"""Blind indexes the catalog plans that records stored before them lack (a name's surname index,
added after those records were written): each such customer's indexed fields are opened, as
any write of the record opens them, and the missing rows added, in batches of their own
transaction, each record audited as a system action. A cursor in the installation table, tied
to the planned index names, remembers how far it went: a finished walk costs one read until the
plan changes. Indexes claiming uniqueness are left out: adding one later needs the duplicate
check of a registration, not a silent backfill."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from privault.db.customers import IndexEntry
from privault.domain.policy import Action, Actor
from privault.services.customers.sealing import index_entries, open_fields
from privault.services.use_case import Entry, UseCase, in_batches, use_case
from privault.services.vault import Vault

CURSOR_KEY = "search_indexes_after"
DONE = "done"
BATCH = 500
MAX_BATCHES = 200  # one run's share; the next run continues from the cursor
REASON = "search index added for a record stored before it"


@dataclass(frozen=True)
class IndexBackfill:
    customers: int  # records given a missing index by this run
    batches: int
    is_done: bool


def add_missing_indexes(
    vault: Vault, actor: Actor, *, batch: int = BATCH, max_batches: int = MAX_BATCHES
) -> IndexBackfill:
    walked = in_batches(lambda: _one_batch(vault, actor, batch), max_batches)
    return IndexBackfill(*walked)


def search_indexes_job(vault: Vault, actor: Actor) -> dict[str, int]:
    return {"customers": add_missing_indexes(vault, actor).customers}


def _one_batch(vault: Vault, actor: Actor, size: int) -> tuple[int, bool]:
    with use_case(vault, actor) as uc:
        uc.require(Action.HOUSEKEEPING)
        names = _planned(uc)
        plan = hashlib.sha256(" ".join(names).encode()).hexdigest()[:16]
        where = (uc.uow.installation.get(CURSOR_KEY) or "").partition(":")
        after = where[2] if where[0] == plan else ""
        if after == DONE or not names:
            return 0, True
        ids = uc.uow.customers.lacking_indexes(names, after=after, limit=size)
        added = _missing_entries(uc, ids, names)
        uc.uow.customers.add_indexes([(cid, e) for cid, entries in added.items() for e in entries])
        finished = len(ids) < size
        uc.uow.installation.put(CURSOR_KEY, f"{plan}:{DONE if finished else ids[-1]}")
        _record(uc, added, len(ids))
        uc.commit()
        return len(added), finished


def _planned(uc: UseCase) -> list[str]:
    return sorted(name for _, name, _, is_unique in uc.catalog.index_plan if not is_unique)


def _missing_entries(uc: UseCase, ids: list[str], names: list[str]) -> dict[str, list[IndexEntry]]:
    """Per customer, the planned rows their values call for that they do not hold yet."""
    fields = sorted({key for key, name, _, _ in uc.catalog.index_plan if name in names})
    values = open_fields(uc.vault, uc.uow, ids, only=fields)
    held = uc.uow.customers.index_names_of(ids)
    added = {}
    for cid, opened in values.items():
        entries = index_entries(uc.vault.indexer, uc.catalog, opened)
        wanted = [e for e in entries if e.index_name in names and e.index_name not in held[cid]]
        if wanted:
            added[cid] = wanted
    return added


def _record(uc: UseCase, added: dict[str, list[IndexEntry]], seen: int) -> None:
    """Which records' values were opened and indexed (never the values), and the batch."""
    field_of = {name: key for key, name, _, _ in uc.catalog.index_plan}
    uc.record_all(
        [
            Entry(
                Action.HOUSEKEEPING,
                cid,
                sorted({field_of[e.index_name] for e in ents}),
                reason=REASON,
            )
            for cid, ents in added.items()
        ]
        + [Entry(Action.HOUSEKEEPING, reason=f"search indexes batch: {len(added)} of {seen}")]
    )
