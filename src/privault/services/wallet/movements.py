"""Stored value moved at the desk: a top-up (with the business's bonus as its own entry), a
spend (refused above the balance), and a refund of what is left (the manager's)."""

from __future__ import annotations

from privault.domain.ledger import EntryKind, Ledger, LedgerEntry, NewEntry, parse_reason
from privault.domain.policy import Action, Actor
from privault.domain.wallet import RULES_KEY, bonus_for, parse_money, rules_from_json
from privault.services.ledgers.accounts import customer_for, post
from privault.services.use_case import use_case
from privault.services.vault import Vault


def top_up(
    vault: Vault, actor: Actor, customer_id: str, amount: str | None, note: str | None = None
) -> list[LedgerEntry]:
    """The money paid, then the bonus its tier gives, if any, naming the top-up."""
    paid = parse_money(amount)
    with use_case(vault, actor) as uc:
        row = customer_for(uc, customer_id, Action.WALLET_MOVE)
        entry = NewEntry(
            Ledger.WALLET,
            row.id,
            row.store,
            EntryKind.TOP_UP,
            paid,
            uc.now,
            uc.actor.name,
            reason=note,
        )
        posted = [post(uc, entry, Action.WALLET_MOVE)]
        bonus = bonus_for(paid, rules_from_json(uc.uow.installation.get(RULES_KEY)))
        if bonus:
            gift = NewEntry(
                Ledger.WALLET,
                row.id,
                row.store,
                EntryKind.BONUS,
                bonus,
                uc.now,
                uc.actor.name,
                pair_id=posted[0].id,
            )
            posted.append(post(uc, gift, Action.WALLET_MOVE))
        uc.commit()
    return posted


def spend(
    vault: Vault, actor: Actor, customer_id: str, amount: str | None, note: str | None = None
) -> LedgerEntry:
    return _take(vault, actor, customer_id, EntryKind.SPEND, parse_money(amount), note)


def refund(
    vault: Vault, actor: Actor, customer_id: str, amount: str | None, reason: str | None
) -> LedgerEntry:
    """Stored value paid back to the customer: the manager's, with a reason."""
    cents = parse_money(amount)
    return _take(
        vault,
        actor,
        customer_id,
        EntryKind.REFUND,
        cents,
        parse_reason(reason, "say why the value is refunded"),
    )


def _take(
    vault: Vault, actor: Actor, customer_id: str, kind: EntryKind, cents: int, note: str | None
) -> LedgerEntry:
    action = Action.WALLET_MOVE if kind is EntryKind.SPEND else Action.LEDGER_CORRECT
    with use_case(vault, actor) as uc:
        row = customer_for(uc, customer_id, action)
        entry = NewEntry(
            Ledger.WALLET, row.id, row.store, kind, -cents, uc.now, uc.actor.name, reason=note
        )
        posted = post(uc, entry, action)
        uc.commit()
    return posted
