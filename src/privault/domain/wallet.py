"""Stored value (储值): amounts in fen, and the bonus a top-up earns.

The business sets bonus tiers ("pay 1000.00, get 100.00"): a top-up gets the bonus of the
highest tier it reaches, kept as its own entry so the accounts tell money paid from money given.

The wallet ledger is the one record of stored value. A check-out recorded with the visits'
kind `top_up` (domain/transactions.py, older than the wallet) stays what it was: a line of the
customer's visit history saying money was paid at the till; it moves no stored value and earns
no points, and a desk tops up the wallet with `privault wallet topup` or the API instead."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from privault.domain.errors import InvalidInputError
from privault.domain.transactions import format_cents, parse_cents

MAX_TIERS = 10


@dataclass(frozen=True)
class WalletRules:
    bonus_tiers: tuple[tuple[int, int], ...] = ()  # (paid fen at least, bonus fen), ascending

    def to_json(self) -> str:
        return json.dumps({"bonus_tiers": [list(t) for t in self.bonus_tiers]})


def rules_from_json(stored: str | None) -> WalletRules:
    if not stored:
        return WalletRules()
    tiers = json.loads(stored)["bonus_tiers"]
    return WalletRules(tuple((int(paid), int(bonus)) for paid, bonus in tiers))


def parse_money(raw: str | None, field: str = "amount") -> int:
    """Yuan with at most two decimals, as fen, more than 0."""
    if raw is None or not raw.strip():
        raise InvalidInputError("give an amount in yuan such as 100.00", field=field)
    cents = parse_cents(raw, field)
    if cents == 0:
        raise InvalidInputError("must be more than 0.00", field=field)
    return cents


def parse_tiers(lines: Sequence[str]) -> WalletRules:
    """Each "PAID:BONUS" in yuan, e.g. "1000:100"; none clears the tiers."""
    if len(lines) > MAX_TIERS:
        raise InvalidInputError(
            "at most {limit} tiers", field="bonus_tiers", params={"limit": MAX_TIERS}
        )
    tiers = sorted(_tier(line) for line in lines)
    return WalletRules(tuple(tiers))


def _tier(line: str) -> tuple[int, int]:
    paid, sep, bonus = line.partition(":")
    if not sep:
        raise InvalidInputError(
            'write each tier as "PAID:BONUS" in yuan, such as 1000:100', field="bonus_tiers"
        )
    return parse_money(paid, "bonus_tiers"), parse_cents(bonus, "bonus_tiers")


def bonus_for(paid: int, rules: WalletRules) -> int:
    return max((bonus for least, bonus in rules.bonus_tiers if paid >= least), default=0)


def describe_tiers(rules: WalletRules) -> list[str]:
    return [f"{format_cents(p)}:{format_cents(b)}" for p, b in rules.bonus_tiers]


RULES_KEY = "wallet_rules"  # the installation setting holding the bonus tiers
