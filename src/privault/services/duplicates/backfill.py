"""Digests for records stored before duplicate detection existed (an upgraded installation):
each such customer's variant fields are opened, as any write of the record opens them, digested
and stored, in batches of their own transaction, each record audited as a system action. A
cursor in the installation table remembers how far it went, so a customer with no value a
variant needs is read once, and a finished backfill costs one read."""

from __future__ import annotations

from dataclasses import astuple, dataclass

from privault.domain.duplicates import variant_fields
from privault.domain.policy import Action, Actor
from privault.services.customers.sealing import duplicate_entries, open_fields
from privault.services.use_case import Entry, in_batches, use_case
from privault.services.vault import Vault

CURSOR_KEY = "duplicates_backfill_after"
DONE = "done"
BATCH = 500
MAX_BATCHES = 200  # one run's share; the next run continues from the cursor
REASON = "duplicate digests computed for a record stored before them"


@dataclass(frozen=True)
class BackfillReport:
    customers: int  # records given digests by this run
    batches: int
    is_done: bool  # every record stored before digests has been looked at


def backfill_digests(
    vault: Vault, actor: Actor, *, batch: int = BATCH, max_batches: int = MAX_BATCHES
) -> BackfillReport:
    walked = in_batches(lambda: _one_batch(vault, actor, batch), max_batches)
    return BackfillReport(*walked)


def _one_batch(vault: Vault, actor: Actor, size: int) -> tuple[int, bool]:
    with use_case(vault, actor) as uc:
        uc.require(Action.DUPLICATES_BACKFILL)
        after = uc.uow.installation.get(CURSOR_KEY) or ""
        if after == DONE:
            return 0, True
        ids = uc.uow.duplicates.without_digests(after=after, limit=size)
        wanted = [key for key in astuple(variant_fields(uc.catalog)) if key]
        values = open_fields(vault, uc.uow, ids, only=wanted)
        digests = {c: duplicate_entries(vault.indexer, uc.catalog, v) for c, v in values.items()}
        uc.uow.duplicates.add((c, entry) for c, entries in digests.items() for entry in entries)
        finished = len(ids) < size
        uc.uow.installation.put(CURSOR_KEY, DONE if finished else ids[-1])
        given = [c for c in ids if digests.get(c)]
        uc.record_all(
            [Entry(Action.DUPLICATES_BACKFILL, c, sorted(values[c]), reason=REASON) for c in given]
            + [
                Entry(
                    Action.DUPLICATES_BACKFILL, reason=f"backfill batch: {len(given)} of {len(ids)}"
                )
            ]
        )
        uc.commit()
        return len(given), finished
