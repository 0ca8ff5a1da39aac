"""The daily reconciliation: every balance recomputed from its entries and compared with the
kept one; a difference raises an alert for the privacy officer (counts and account ids only)."""

from __future__ import annotations

from privault.domain.alerts import ledger_mismatch
from privault.domain.ledger import Ledger, mismatches
from privault.domain.policy import Action, Actor
from privault.services.use_case import use_case
from privault.services.vault import Vault


def reconcile_ledgers(vault: Vault, actor: Actor) -> dict[str, int]:
    with use_case(vault, actor) as uc:
        uc.require(Action.HOUSEKEEPING)
        kept = uc.uow.ledgers.kept()
        wrong = mismatches(kept, uc.uow.ledgers.summed())
        raised = 0
        for ledger in Ledger:
            accounts = [holder for name, holder in wrong if name == ledger.value]
            if accounts:
                raised += uc.alert(ledger_mismatch(ledger.value, accounts, uc.now))
        uc.record(
            Action.HOUSEKEEPING,
            reason=f"ledgers reconciled: {len(kept)} accounts, {len(wrong)} differ",
        )
        uc.commit()
    return {"accounts": len(kept), "mismatched": len(wrong), "alerts_raised": raised}
