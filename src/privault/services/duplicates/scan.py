"""The periodic scan: customers sharing a variant digest become candidate pairs, found by one
GROUP BY in SQL; no customer value is opened."""

from __future__ import annotations

from dataclasses import dataclass

from privault.db.duplicates import pairs_of
from privault.domain.policy import Action, Actor
from privault.services.use_case import use_case
from privault.services.vault import Vault


@dataclass(frozen=True)
class ScanReport:
    pairs: int  # pairs sharing a digest now, listed before or not
    added: int  # pairs new to the review list
    open: int  # pairs waiting for a decision


def scan_duplicates(vault: Vault, actor: Actor) -> ScanReport:
    """A pair already on the list keeps its state: a dismissed pair is not raised again."""
    with use_case(vault, actor) as uc:
        uc.require(Action.DUPLICATES_SCAN)
        pairs = pairs_of(uc.uow.duplicates.shared_groups())
        added = uc.uow.duplicates.add_candidates(pairs, found_at=uc.now, found_by="scan")
        report = ScanReport(len(pairs), added, uc.uow.duplicates.count())
        uc.record(Action.DUPLICATES_SCAN, reason=f"pairs {report.pairs}, new {report.added}")
        uc.commit()
        return report
