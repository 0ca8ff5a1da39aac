"""Overdue questions and complaints alert the privacy officer, once a day each."""

from __future__ import annotations

import pytest

from privault.domain.policy import Actor
from privault.services.complaints.answers import answer_complaint
from privault.services.complaints.intake import record_complaint
from privault.services.complaints.overdue import alert_overdue_complaints
from privault.services.complaints.records import list_complaints
from privault.services.use_case import SYSTEM
from privault.services.vault import Vault
from tests.conftest import FrozenClock
from tests.factories import register

DESK = Actor("desk.li", frozenset({"front_desk"}), frozenset({"main"}))


@pytest.mark.legal("PIPL Art. 50")
def test_an_unanswered_complaint_past_its_date_alerts_once_a_day(
    vault: Vault, operator: Actor, clock: FrozenClock
) -> None:
    customer = register(vault, operator)
    late = record_complaint(vault, DESK, customer, "complaint", "desk", "为什么收到广告？")
    answered = record_complaint(vault, DESK, customer, "question", "desk", "存了什么？")
    answer_complaint(vault, operator, answered.id, "姓名和手机号。")
    assert alert_overdue_complaints(vault, SYSTEM) == {"overdue": 0, "alerts_raised": 0}

    clock.advance(days=16)

    assert alert_overdue_complaints(vault, SYSTEM) == {"overdue": 1, "alerts_raised": 1}
    assert alert_overdue_complaints(vault, SYSTEM) == {"overdue": 1, "alerts_raised": 0}
    with vault.unit_of_work() as uow:
        alerts = uow.alerts.recent(open_only=True, limit=10, kinds={"complaint_overdue"})
    assert [a.detail for a in alerts] == [
        f"complaint {late.id}: answer due 2026-12-08 (1 days overdue)"
    ]
    assert [c.is_overdue for c in list_complaints(vault, operator)] == [True, False]
