"""Yearly incident drills, and the alert when none was held for twelve months."""

from __future__ import annotations

from datetime import date

import pytest

from privault.domain.errors import InvalidInputError
from privault.domain.policy import Action
from privault.services.audit.alerts import list_alerts
from privault.services.incidents.drills import (
    check_drills,
    list_drills,
    record_drill,
    remind_drills,
)
from privault.services.use_case import SYSTEM
from privault.services.vault import Vault
from tests.conftest import FrozenClock
from tests.services.incidents.steps import OFFICER, events


def _drill_alerts(vault: Vault) -> list[str]:
    return [a.detail for a in list_alerts(vault, OFFICER) if a.kind == "drill_overdue"]


def test_a_drill_is_recorded_and_listed(vault: Vault, clock: FrozenClock) -> None:
    drill = record_drill(vault, OFFICER, date(2026, 11, 20), "Lost tablet", "Wipe took 2 hours")
    assert [d.id for d in list_drills(vault, OFFICER)] == [drill.id]
    assert events(vault, Action.INCIDENT_MANAGE)[0].reason == f"drill {drill.id} held 2026-11-20"


def test_a_drill_in_the_future_is_refused(vault: Vault, clock: FrozenClock) -> None:
    with pytest.raises(InvalidInputError) as caught:
        record_drill(vault, OFFICER, date(2026, 12, 1), "Lost tablet", "-")
    assert caught.value.field == "held_on"
    assert list_drills(vault, OFFICER) == []


def test_no_drill_in_twelve_months_alerts_the_officer_once_a_day(
    vault: Vault, clock: FrozenClock
) -> None:
    assert check_drills(vault, OFFICER)
    assert check_drills(vault, OFFICER)
    assert _drill_alerts(vault) == ["no incident drill in 12 months (last: never)"]
    record_drill(vault, OFFICER, date(2025, 11, 24), "Leaked list", "Calls went well")
    clock.advance(days=1)
    assert not check_drills(vault, OFFICER)
    clock.advance(days=1)
    assert check_drills(vault, OFFICER)
    assert len(_drill_alerts(vault)) == 2


def test_the_scheduler_checks_the_drills_daily(vault: Vault, clock: FrozenClock) -> None:
    assert remind_drills(vault, SYSTEM) == {"overdue": 1}
    assert _drill_alerts(vault) == ["no incident drill in 12 months (last: never)"]
