"""What an access package says of the customer's membership and accounts (issue 16): the
membership and its level history, every points and stored-value entry, the balances and the
points owed from reversed purchases. Stored value is written in yuan, points as whole numbers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from privault.db.unit_of_work import UnitOfWork
from privault.domain.ledger import Ledger
from privault.domain.ledger import LedgerEntry as AccountEntry
from privault.domain.members import LevelChange, Membership
from privault.domain.transactions import format_cents


@dataclass(frozen=True)
class HeldAccounts:
    membership: Membership | None = None
    level_changes: tuple[LevelChange, ...] = ()
    entries: tuple[AccountEntry, ...] = ()  # both ledgers, each oldest first
    balances: Mapping[str, int] = field(default_factory=dict)  # ledger -> points, or fen
    points_owed: int = 0


def held_accounts(uow: UnitOfWork, customer_id: str) -> HeldAccounts:
    membership = uow.members.of_customer(customer_id)
    changes = uow.members.changes(membership.id) if membership else []
    return HeldAccounts(
        membership,
        tuple(changes),
        tuple(e for ledger in Ledger for e in uow.ledgers.entries(ledger, customer_id)),
        {ledger.value: uow.ledgers.balance(ledger, customer_id) for ledger in Ledger},
        uow.points_owed.left_for(customer_id),
    )


def figure(ledger: Ledger, amount: int) -> str:
    return format_cents(amount) if ledger is Ledger.WALLET else str(amount)


def accounts_document(held: HeldAccounts) -> dict[str, Any]:
    m = held.membership
    membership = None
    if m is not None:
        membership = {
            "level": m.level,
            "status": m.status.value,
            "store": m.store,
            "joined_on": m.joined_on.isoformat(),
            "closed_at": m.closed_at.isoformat() if m.closed_at else None,
            "level_history": [_change(c) for c in held.level_changes],
        }
    ledgers: dict[str, dict[str, Any]] = {
        ledger.value: {
            "unit": "CNY" if ledger is Ledger.WALLET else "points",
            "balance": figure(ledger, held.balances.get(ledger.value, 0)),
            "entries": [_entry(e) for e in held.entries if e.ledger is ledger],
        }
        for ledger in Ledger
    }
    ledgers[Ledger.POINTS.value]["owed"] = held.points_owed
    return {"membership": membership, "ledgers": ledgers}


def _change(c: LevelChange) -> dict[str, Any]:
    return {
        "from": c.from_level,
        "to": c.to_level,
        "kind": c.kind.value,
        "at": c.at.isoformat(),
        "reason": c.reason,
    }


def _entry(e: AccountEntry) -> dict[str, Any]:
    return {
        "id": e.id,
        "kind": e.kind.value,
        "amount": figure(e.ledger, e.amount),
        "at": e.at.isoformat(),
        "store": e.store,
        "reason": e.reason,
        "reverses": e.reverses_id,
        "expires_at": e.expires_at.isoformat() if e.expires_at else None,
    }


def accounts_csv_rows(held: HeldAccounts) -> list[list[str]]:
    """Rows of data.csv: section, key, label_zh, label_en, value, at."""
    rows: list[list[str]] = []
    m = held.membership
    if m is not None:
        rows.append(["membership", "level", "会员等级", "Level", m.level, m.joined_on.isoformat()])
        rows.append(["membership", "status", "会员状态", "Status", m.status.value, ""])
    for ledger in Ledger:
        balance = figure(ledger, held.balances.get(ledger.value, 0))
        rows.append(["balance", ledger.value, *LEDGER_NAMES[ledger], balance, ""])
    for e in held.entries:
        amount = figure(e.ledger, e.amount)
        rows.append(
            ["ledger", e.ledger.value, e.kind.value, e.reason or "", amount, e.at.isoformat()]
        )
    if held.points_owed:
        rows.append(["balance", "points_owed", "欠积分", "Points owed", str(held.points_owed), ""])
    return rows


LEDGER_NAMES = {Ledger.POINTS: ("积分", "Points"), Ledger.WALLET: ("储值", "Stored value")}
WORDS = {
    "zh": {
        "level": "会员等级：{level}（{status}），{on} 入会",
        "none": "  无",
        "balance": "{name}余额：{value}",
        "owed": "冲正消费时已使用、待从新积分中抵还的积分：{value}",
        "change": "{on} 等级 {from_} → {to}",
    },
    "en": {
        "level": "Member level: {level} ({status}), joined {on}",
        "none": "  none",
        "balance": "{name} balance: {value}",
        "owed": "Points owed from reversed purchases, repaid from new points: {value}",
        "change": "{on} level {from_} -> {to}",
    },
}


def membership_lines(held: HeldAccounts, lang: str) -> list[str]:
    words, m = WORDS[lang], held.membership
    if m is None:
        return [words["none"]]
    on = m.joined_on.isoformat()
    lines = ["  " + words["level"].format(level=m.level, status=m.status.value, on=on)]
    for c in held.level_changes:
        at = f"{c.at:%Y-%m-%d}"
        lines.append("  " + words["change"].format(on=at, from_=c.from_level or "-", to=c.to_level))
    return lines


def accounts_lines(held: HeldAccounts, lang: str) -> list[str]:
    words = WORDS[lang]
    named = 0 if lang == "zh" else 1
    lines = []
    for ledger in Ledger:
        value = figure(ledger, held.balances.get(ledger.value, 0))
        name = LEDGER_NAMES[ledger][named]
        lines.append("  " + words["balance"].format(name=name, value=value))
        lines += [
            f"    {e.at:%Y-%m-%d} {e.kind.value} {figure(ledger, e.amount)}"
            for e in held.entries
            if e.ledger is ledger
        ]
    if held.points_owed:
        lines.append("  " + words["owed"].format(value=held.points_owed))
    return lines
