"""Stored value moved at the desk: a top-up (with the business's bonus as its own entry), a
spend (refused above the balance), and a refund of what is left (the manager's)."""

from __future__ import annotations

from privault.domain.ledger import EntryKind, Ledger, LedgerEntry, parse_reason
from privault.domain.policy import Action, Actor
from privault.domain.wallet import RULES_KEY, bonus_for, parse_money, rules_from_json
from privault.services.ledgers.accounts import Movement, customer_for, entry_for, move, post
from privault.services.use_case import use_case
from privault.services.vault import Vault


def top_up(
    vault: Vault, actor: Actor, customer_id: str, amount: str | None, note: str | None = None
) -> list[LedgerEntry]:
    """The money paid, then the bonus its tier gives, if any, naming the top-up."""
    paid = parse_money(amount)
    with use_case(vault, actor) as uc:
        row = customer_for(uc, customer_id, Action.WALLET_MOVE)
        money = Movement(Ledger.WALLET, EntryKind.TOP_UP, paid, note)
        posted = [post(uc, entry_for(uc, row, money), Action.WALLET_MOVE)]
        bonus = bonus_for(paid, rules_from_json(uc.uow.installation.get(RULES_KEY)))
        if bonus:
            gift = Movement(Ledger.WALLET, EntryKind.BONUS, bonus, pair_id=posted[0].id)
            posted.append(post(uc, entry_for(uc, row, gift), Action.WALLET_MOVE))
        uc.commit()
    return posted


def spend(
    vault: Vault, actor: Actor, customer_id: str, amount: str | None, note: str | None = None
) -> LedgerEntry:
    paid = Movement(Ledger.WALLET, EntryKind.SPEND, -parse_money(amount), note)
    return move(vault, actor, customer_id, Action.WALLET_MOVE, paid)


def refund(
    vault: Vault, actor: Actor, customer_id: str, amount: str | None, reason: str | None
) -> LedgerEntry:
    """Stored value paid back to the customer: the manager's, with a reason."""
    cents = parse_money(amount)
    why = parse_reason(reason, "say why the value is refunded")
    back = Movement(Ledger.WALLET, EntryKind.REFUND, -cents, why)
    return move(vault, actor, customer_id, Action.LEDGER_CORRECT, back)
