"""A salon's quarter of known figures for the class tests (2026Q4 in Asia/Shanghai)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from privault.domain.policy import Actor
from privault.services.classes.important import mark_important_guest
from privault.services.classes.rule import set_class_rule
from privault.services.customers.transactions import record_transaction, reverse_transaction
from privault.services.vault import Vault
from tests.conftest import FrozenClock
from tests.factories import register

PROFILED = ("service", "personalisation")
MANAGER = Actor("mm.kim", frozenset({"marketing_manager"}), frozenset({"main"}))
MARKETING = Actor("mk.kim", frozenset({"marketing"}), frozenset({"main"}))
# Two A by spend, ranks to 3 are B, the top 1 by visits outside A is B, C from 10 yuan, and a
# month without a visit churns.
RULE = "a_spend=2 b_spend=3 b_visits=1 c_min_spend=10 churn_days=30"
AFTER_Q4 = datetime(2027, 1, 2, 2, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Quarter4:
    ids: dict[str, str]  # p1..p10 -> customer id

    def names(self, *ids: str) -> set[str]:
        return {self.name(i) for i in ids}

    def name(self, customer_id: str) -> str:
        return next(k for k, v in self.ids.items() if v == customer_id)


def quarter4(vault: Vault, actor: Actor, clock: FrozenClock) -> Quarter4:
    """p1 500 and p2 400 yuan; p3 300 net (a 200 purchase reversed); p4 100 and four visits;
    p5 20 less a 15 refund; p6 50 and a top-up; p7 nothing; p8 one visit in November only;
    p9 1000 without consent to personalisation; p10 nothing, an important guest."""
    set_class_rule(vault, actor, RULE)
    ids = {f"p{i}": register(vault, actor, purposes=PROFILED) for i in range(1, 11) if i != 9}
    ids["p9"] = register(vault, actor)
    record_transaction(vault, actor, ids["p8"], "visit", None)
    clock.advance(days=27)  # 2026-12-20
    for key, amount in (("p1", "500"), ("p2", "400"), ("p3", "300"), ("p4", "100")):
        record_transaction(vault, actor, ids[key], "purchase", amount)
    wrong = record_transaction(vault, actor, ids["p3"], "purchase", "200")
    reverse_transaction(vault, actor, wrong.id, "keyed twice")
    for _ in range(3):
        record_transaction(vault, actor, ids["p4"], "visit", None)
    record_transaction(vault, actor, ids["p5"], "purchase", "20")
    record_transaction(vault, actor, ids["p5"], "refund", "15")
    record_transaction(vault, actor, ids["p6"], "purchase", "50")
    record_transaction(vault, actor, ids["p6"], "top_up", "10000")
    record_transaction(vault, actor, ids["p9"], "purchase", "1000")
    mark_important_guest(vault, actor, ids["p10"], "年度宴请主办单位")
    clock.now = AFTER_Q4
    return Quarter4(ids)
