"""The customer's own points and stored value in the privacy portal: theirs to see (audited
like any read of a balance), nobody else's."""

from __future__ import annotations

from privault.domain.ledger import Ledger
from privault.domain.policy import Action, Actor
from privault.services.ledgers.accounts import RECENT, Account, read_account
from privault.services.portal.own_record import own_customer
from privault.services.use_case import use_case
from privault.services.vault import Vault


def own_ledgers(vault: Vault, actor: Actor, customer_id: str) -> list[Account]:
    """Points, then stored value, each with its latest entries."""
    with use_case(vault, actor) as uc:
        row = own_customer(uc, customer_id, Action.WALLET_READ)
        accounts = [read_account(uc, ledger, row.id, 1, RECENT) for ledger in Ledger]
        uc.commit()
    return accounts
