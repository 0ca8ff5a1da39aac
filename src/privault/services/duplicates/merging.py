"""Merging two records of one person and undoing it within 30 days (issue 17, point 4).

The survivor takes the other's history (db/duplicate_merges.MOVED) and the field values the
reviewer chose; the merged-away record keeps its own key and ciphertext, status `merged`, so an
unmerge restores both value for value. Its id stays an alias that resolves to the survivor."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from privault.db.customers import CustomerRow, IndexEntry
from privault.db.duplicate_merges import MERGED, MergeRow
from privault.domain.errors import InvalidInputError
from privault.domain.members import MemberStatus
from privault.domain.policy import Action, Actor
from privault.services.customers.changes import refresh_duplicate_digests
from privault.services.customers.records import existing_customer
from privault.services.customers.sealing import index_entries, open_fields, seal_for
from privault.services.use_case import UseCase, use_case
from privault.services.vault import Vault

UNDO_DAYS = 30
SURVIVOR, MERGED_AWAY = "survivor", "merged"


@dataclass(frozen=True)
class MergeResult:
    merge_id: str
    survivor_id: str
    merged_id: str
    fields: list[str]  # the survivor's fields that changed
    moved: dict[str, int]  # rows moved per table


def merge_customers(
    vault: Vault,
    actor: Actor,
    survivor_id: str,
    merged_id: str,
    choices: Mapping[str, str] | None = None,
) -> MergeResult:
    """`choices`: for each field both hold with different values, whose value stays
    ("survivor" or "merged"); a conflict left unchosen refuses the merge."""
    with use_case(vault, actor) as uc:
        survivor, merged = _pair(uc, survivor_id.strip(), merged_id.strip())
        for row in (survivor, merged):
            uc.require(Action.DUPLICATES_MERGE, customer_id=row.id, store=row.store)
        _refuse_unmergeable(uc, survivor.id, merged.id)
        values = open_fields(uc.vault, uc.uow, [survivor.id, merged.id])
        kept = chosen_values(values.get(survivor.id, {}), values.get(merged.id, {}), choices or {})
        result = _merge(uc, survivor, merged, kept)
        uc.record(Action.DUPLICATES_MERGE, customer_id=survivor.id, fields=result.fields)
        uc.record(Action.DUPLICATES_MERGE, customer_id=merged.id, reason=f"into {survivor.id}")
        uc.commit()
        return result


def _pair(uc: UseCase, survivor_id: str, merged_id: str) -> tuple[CustomerRow, CustomerRow]:
    if survivor_id == merged_id:
        raise InvalidInputError("a customer cannot be merged with themself", field="merged")
    rows = []
    for customer_id in (survivor_id, merged_id):
        if uc.uow.merges.survivor_of(customer_id) is not None:
            raise InvalidInputError(
                "customer {id} was merged already; merge its survivor instead",
                field="merged",
                params={"id": customer_id},
            )
        rows.append(existing_customer(uc.uow, customer_id))  # an erased one: "was erased on"
    return rows[0], rows[1]


def _refuse_unmergeable(uc: UseCase, survivor_id: str, merged_id: str) -> None:
    """Two people under different legal holds stay apart: a merge would move one hold's
    evidence under the other. Two open memberships are one too many for one person."""
    holds = {
        cid: {h.reason for h in uc.uow.holds.list(customer_id=cid)}
        for cid in (survivor_id, merged_id)
    }
    if holds[survivor_id] != holds[merged_id]:
        raise InvalidInputError(
            "the two customers are under different legal holds; they cannot be merged while "
            "a hold stands",
            field="merged",
        )
    open_ones = [
        m
        for m in (uc.uow.members.of_customer(cid) for cid in (survivor_id, merged_id))
        if m is not None and m.status is not MemberStatus.CLOSED
    ]
    if len(open_ones) > 1:
        raise InvalidInputError(
            "both customers hold an open membership; close one first (privault members close)",
            field="merged",
        )


def chosen_values(
    survivor: Mapping[str, str], merged: Mapping[str, str], choices: Mapping[str, str]
) -> dict[str, str]:
    """The survivor's values, the other's where the survivor has none, the chosen where both
    differ. Every conflict must be chosen; a choice may name only a field both hold (the
    console offers one per field shown on both sides, the values masked)."""
    both = survivor.keys() & merged.keys()
    conflicts = sorted(k for k in both if survivor[k] != merged[k])
    unknown = sorted(set(choices) - both)
    if unknown:
        raise InvalidInputError(
            "no conflict to choose for {fields}; conflicts: {conflicts}",
            field="choose",
            params={"fields": ", ".join(unknown), "conflicts": ", ".join(conflicts) or "none"},
        )
    missing = [k for k in conflicts if choices.get(k) not in (SURVIVOR, MERGED_AWAY)]
    if missing:
        raise InvalidInputError(
            "choose survivor or merged for {fields}: the two records differ there",
            field="choose",
            params={"fields": ", ".join(missing)},
        )
    kept = {**merged, **survivor}
    kept |= {k: merged[k] for k in conflicts if choices.get(k) == MERGED_AWAY}
    return kept


def _merge(
    uc: UseCase, survivor: CustomerRow, merged: CustomerRow, kept: dict[str, str]
) -> MergeResult:
    uow, now = uc.uow, uc.now
    survivor_id, merged_id = survivor.id, merged.id
    before = open_fields(uc.vault, uow, [survivor_id]).get(survivor_id, {})
    undo: dict[str, Any] = {
        "survivor_indexes": _entries(uow.merges.index_entries(survivor_id)),
        "merged_indexes": _entries(uow.merges.index_entries(merged_id)),
        "merged_balances": uow.merges.balances(merged_id),
        "merged_status": merged.status,
    }
    survivor_sealed = uow.merges.sealed_record(survivor_id)
    uow.customers.replace_indexes(merged_id, _names(uc), [])
    changed = sorted(k for k, v in kept.items() if before.get(k) != v)
    if changed:
        sealed = seal_for(uc.vault, uow, survivor_id, {k: kept[k] for k in changed})
        uow.customers.put_fields(survivor_id, sealed, now)
    entries = index_entries(uc.vault.indexer, uc.catalog, kept, shares_mobile=survivor.is_minor)
    uow.customers.replace_indexes(survivor_id, _names(uc), entries)
    undo["moved"] = uow.merges.move(merged_id, survivor_id)
    for ledger, amount in undo["merged_balances"].items():
        uow.merges.add_to_balance(survivor_id, ledger, amount, now)
    uow.merges.drop_balances(merged_id)
    uow.merges.set_status(merged_id, MERGED, now)
    undo["survivor_contact"] = uow.contact_confirmations.take_later(survivor_id, merged_id)
    uow.duplicates.replace(merged_id, [])
    refresh_duplicate_digests(uc, survivor_id, list(kept))
    uow.duplicates.decide(survivor_id, merged_id, MERGED, now, uc.actor.name)
    merge_id = str(uuid.uuid4())
    uow.merges.add(
        MergeRow(
            merge_id, survivor_id, merged_id, MERGED, now, uc.actor.name, survivor_sealed, undo
        )
    )
    moved = {table: len(ids) for table, ids in undo["moved"].items()}
    return MergeResult(merge_id, survivor_id, merged_id, changed, moved)


def unmerge_customers(vault: Vault, actor: Actor, merged_id: str) -> MergeResult:
    """Within 30 days of the merge: both records as they were, each with its own history."""
    with use_case(vault, actor) as uc:
        merge = uc.uow.merges.active_of(merged_id.strip())
        if merge is None:
            raise InvalidInputError(
                "customer {id} is not merged into another", field="merged", params={"id": merged_id}
            )
        survivor = existing_customer(uc.uow, merge.survivor_id)
        uc.require(Action.DUPLICATES_MERGE, customer_id=survivor.id, store=survivor.store)
        if uc.now - merge.merged_at > timedelta(days=UNDO_DAYS):
            raise InvalidInputError(
                "the merge of {at:%Y-%m-%d} is older than {days} days and can no longer be undone",
                field="merged",
                params={"at": merge.merged_at, "days": UNDO_DAYS},
            )
        _unmerge(uc, merge)
        undone = f"unmerged (merge {merge.id})"
        uc.record(Action.DUPLICATES_MERGE, customer_id=merge.survivor_id, reason=undone)
        uc.record(Action.DUPLICATES_MERGE, customer_id=merge.merged_id, reason=undone)
        uc.commit()
        moved = {table: len(ids) for table, ids in merge.undo["moved"].items()}
        return MergeResult(merge.id, merge.survivor_id, merge.merged_id, [], moved)


def _unmerge(uc: UseCase, merge: MergeRow) -> None:
    uow, now = uc.uow, uc.now
    undo = merge.undo
    uow.merges.move_back(undo["moved"], merge.merged_id)
    for ledger, amount in undo["merged_balances"].items():
        uow.merges.add_to_balance(merge.survivor_id, ledger, -amount, now)
        uow.merges.add_to_balance(merge.merged_id, ledger, amount, now)
    uow.merges.put_record(merge.survivor_id, merge.survivor_sealed, now)
    uow.customers.replace_indexes(
        merge.survivor_id, _names(uc), _restored(undo["survivor_indexes"])
    )
    uow.customers.replace_indexes(merge.merged_id, _names(uc), _restored(undo["merged_indexes"]))
    uow.merges.set_status(merge.merged_id, undo["merged_status"], now)
    if "survivor_contact" in undo:  # merges from before it was kept left the date alone
        uow.contact_confirmations.put_back(merge.survivor_id, undo["survivor_contact"])
    uow.merges.end(merge.id, now, uc.actor.name)
    for customer_id in (merge.survivor_id, merge.merged_id):
        refresh_duplicate_digests(uc, customer_id, list(uc.catalog.fields))


@dataclass(frozen=True)
class RecentMerge:
    merge_id: str
    survivor_id: str
    merged_id: str
    merged_at: datetime
    merged_by: str
    undo_until: datetime


def list_recent_merges(vault: Vault, actor: Actor) -> list[RecentMerge]:
    """Merges that can still be undone, newest first (ids only: no personal value)."""
    with use_case(vault, actor) as uc:
        uc.require(Action.DUPLICATES_MERGE)
        since = uc.now - timedelta(days=UNDO_DAYS)
        return [
            RecentMerge(
                m.id,
                m.survivor_id,
                m.merged_id,
                m.merged_at,
                m.merged_by,
                m.merged_at + timedelta(days=UNDO_DAYS),
            )
            for m in uc.uow.merges.recent(since)
        ]


def _names(uc: UseCase) -> list[str]:
    return [n for spec in uc.catalog.fields.values() for n in spec.index_names()]


def _entries(entries: list[IndexEntry]) -> list[list[object]]:
    return [[e.index_name, e.digest.hex(), e.is_unique, e.key_version] for e in entries]


def _restored(rows: list[list[object]]) -> list[IndexEntry]:
    return [IndexEntry(str(n), bytes.fromhex(str(d)), bool(u), int(str(v))) for n, d, u, v in rows]
