"""Notices to the affected customers (SMS outbox, local SMTP) and the regulator's reports; and
the whole incident, end to end."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from privault.config import Settings
from privault.domain.customer_language import SHOP_DEFAULT_KEY
from privault.domain.errors import InvalidInputError
from privault.domain.incidents import IncidentStatus
from privault.domain.policy import Action
from privault.infra.sms import FileOutbox
from privault.services.customers.language import set_customer_language
from privault.services.customers.records import get_customer, reveal_field
from privault.services.incidents.affected import TrailFilter, find_affected_customers
from privault.services.incidents.notices import (
    draft_regulator_report,
    notify_affected,
    regulator_report_pdf,
)
from privault.services.incidents.register import close_incident, describe_response, get_incident
from privault.services.requests.regimes import set_customer_regimes
from privault.services.vault import Vault, open_vault
from tests.conftest import OPERATOR, FrozenClock
from tests.factories import register
from tests.services.incidents.steps import DESK, OFFICER, events, reported
from tests.smtp_server import Inbox, smtp  # noqa: F401 -- the fixture

EMAIL = "zhao.liu@example.com"


@pytest.fixture
def mailing(settings: Settings, clock: FrozenClock, smtp: tuple[int, Inbox]) -> Iterator[Vault]:  # noqa: F811 -- the imported fixture
    configured = settings.model_copy(
        update={"smtp_host": "127.0.0.1", "smtp_port": smtp[0], "smtp_from": "shop@example.com"}
    )
    vault = open_vault(configured, clock=clock)
    yield vault
    vault.close()


def _respond(vault: Vault, incident_id: str) -> None:
    describe_response(
        vault, OFFICER, incident_id, measures="The photo was taken down; screens turned away",
        advice="Ignore calls asking for codes", contact="Privacy officer, 021-5555 0100",
    )  # fmt: skip


def _sms(vault: Vault) -> list[dict[str, str]]:
    assert isinstance(vault.sms, FileOutbox)
    incident = ("个人信息安全事件", "personal information incident")
    return [m for m in vault.sms.messages() if any(w in m["text"] for w in incident)]


def test_notifying_before_the_response_is_described_is_refused(
    vault: Vault, clock: FrozenClock
) -> None:
    incident_id = reported(vault, clock.now)
    with pytest.raises(InvalidInputError) as caught:
        notify_affected(vault, OFFICER, incident_id)
    assert caught.value.field == "measures"
    assert _sms(vault) == []


@pytest.mark.legal("PIPL Art. 57", "GDPR Art. 34")
def test_each_affected_customer_is_told_once_with_what_the_law_asks(
    vault: Vault, clock: FrozenClock
) -> None:
    customer = register(vault, OPERATOR)
    get_customer(vault, DESK, customer)
    incident_id = reported(vault, clock.now)
    find_affected_customers(
        vault, OFFICER, incident_id, TrailFilter(clock.now - timedelta(hours=1), clock.now)
    )
    _respond(vault, incident_id)
    run = notify_affected(vault, OFFICER, incident_id)
    assert (run.sent, run.unreachable, run.already) == ({"sms": 1}, 0, 0)
    [message] = _sms(vault)
    parts = ("Customer list photographed", "涉及信息：姓名", "taken down")
    for part in (*parts, "Ignore calls", "021-5555"):
        assert part in message["text"]
    assert "Data involved" not in message["text"]  # the shop's default, Chinese, alone
    again = notify_affected(vault, OFFICER, incident_id)
    assert (again.sent, again.already) == ({}, 1)
    assert len(_sms(vault)) == 1
    [event] = events(vault, Action.INCIDENT_NOTIFY)
    assert (event.customer_id, event.fields, event.reason) == (
        customer, ("mobile",), f"incident {incident_id} notice by sms in zh"
    )  # fmt: skip
    [affected] = get_incident(vault, OFFICER, incident_id).affected
    assert (affected.notice_channel, affected.notified_at) == ("sms", clock.now)


def test_the_reports_are_drafted_in_chinese_and_english_from_the_record(
    vault: Vault, clock: FrozenClock
) -> None:
    incident_id = reported(vault, clock.now)
    chinese = draft_regulator_report(vault, OFFICER, incident_id, "zh")
    english = draft_regulator_report(vault, OFFICER, incident_id, "en")
    assert "事件级别: 较大" in chinese
    assert "4小时内报告省级网信部门: 2026-11-23 21:30 (Asia/Shanghai)" in chinese
    assert "Grade: larger" in english
    assert "provincial CAC within 4 hours: 2026-11-23 21:30 (Asia/Shanghai)" in english
    with pytest.raises(InvalidInputError):
        draft_regulator_report(vault, OFFICER, incident_id, "fr")
    reasons = [e.reason for e in events(vault, Action.INCIDENT_READ)]
    assert reasons == [f"incident {incident_id} report (zh)", f"incident {incident_id} report (en)"]


@pytest.mark.legal("PIPL Art. 57", "GDPR Art. 33", "GDPR Art. 34")
def test_an_incident_end_to_end(
    mailing: Vault,
    clock: FrozenClock,
    smtp: tuple[int, Inbox],  # noqa: F811 -- the imported fixture
) -> None:
    vault = mailing
    by_phone = register(vault, OPERATOR)
    by_mail = register(vault, OPERATOR, {"name": "赵六", "email": EMAIL}, ("service", "membership"))
    set_customer_regimes(vault, OFFICER, by_mail, "EU")
    register(vault, OPERATOR)  # never opened by the desk: not affected
    clock.advance(hours=1)
    start = clock.now
    get_customer(vault, DESK, by_phone)
    reveal_field(vault, DESK, by_mail, "email", "membership")
    clock.advance(hours=2)
    incident_id = reported(vault, clock.now - timedelta(minutes=30), severity="重大")
    window = TrailFilter(start - timedelta(minutes=5), clock.now, staff=DESK.name)
    found = find_affected_customers(vault, OFFICER, incident_id, window)
    assert (found.customers, found.integrity.is_intact) == (2, True)
    clocks = {c.duty.value: c.due_at for c in get_incident(vault, OFFICER, incident_id).clocks}
    detected = clock.now - timedelta(minutes=30)
    assert clocks["cac_provincial_4h"] == detected + timedelta(hours=4)
    assert clocks["gdpr_art33_authority"] == detected + timedelta(hours=72)
    assert clocks["pipl_art57"] == detected
    _respond(vault, incident_id)
    run = notify_affected(vault, OFFICER, incident_id)
    assert run.sent == {"sms": 1, "email": 1}
    assert len(_sms(vault)) == 1
    [mail] = smtp[1].messages
    assert mail["To"] == EMAIL
    assert "您可以：Ignore calls asking for codes" in mail.get_content()  # the shop's default
    assert "重大" in draft_regulator_report(vault, OFFICER, incident_id, "zh")
    assert "EU 1" in draft_regulator_report(vault, OFFICER, incident_id, "en")
    closed = close_incident(vault, OFFICER, incident_id, "Desk screens face away from the queue")
    assert closed.status is IncidentStatus.CLOSED
    notified = {
        a.customer_id: a.notice_channel for a in get_incident(vault, OFFICER, incident_id).affected
    }
    assert notified == {by_phone: "sms", by_mail: "email"}
    assert len(events(vault, Action.INCIDENT_NOTIFY)) == 2


@pytest.mark.legal("PIPL Art. 57", "GDPR Art. 34")
def test_each_customer_is_told_in_their_own_language_only(vault: Vault, clock: FrozenClock) -> None:
    chinese = register(vault, OPERATOR)
    english = register(vault, OPERATOR)
    assert set_customer_language(vault, OPERATOR, english, " EN ") == "en"
    assert set_customer_language(vault, OPERATOR, chinese, "") == "zh"  # the shop's default
    for customer in (chinese, english):
        get_customer(vault, DESK, customer)
    incident_id = reported(vault, clock.now)
    window = TrailFilter(clock.now - timedelta(hours=1), clock.now)
    find_affected_customers(vault, OFFICER, incident_id, window)
    _respond(vault, incident_id)

    assert notify_affected(vault, OFFICER, incident_id).sent == {"sms": 2}

    texts = sorted(m["text"] for m in _sms(vault))
    assert texts[0].startswith("[")
    assert "Data involved: Name" in texts[0]
    assert "个人信息" not in texts[0]
    assert texts[1].startswith("【")
    assert "涉及信息：姓名" in texts[1]
    assert "Data involved" not in texts[1]
    reasons = {e.customer_id: e.reason for e in events(vault, Action.INCIDENT_NOTIFY)}
    assert reasons == {
        chinese: f"incident {incident_id} notice by sms in zh",
        english: f"incident {incident_id} notice by sms in en",
    }


def test_the_shops_default_language_applies_to_customers_who_chose_none(
    vault: Vault, clock: FrozenClock
) -> None:
    customer = register(vault, OPERATOR)
    with vault.unit_of_work() as uow:  # setup: the shop writes to customers in English
        uow.installation.put(SHOP_DEFAULT_KEY, "en")
        uow.commit()
    get_customer(vault, DESK, customer)
    incident_id = reported(vault, clock.now)
    window = TrailFilter(clock.now - timedelta(hours=1), clock.now)
    find_affected_customers(vault, OFFICER, incident_id, window)
    _respond(vault, incident_id)
    notify_affected(vault, OFFICER, incident_id)
    [message] = _sms(vault)
    assert "Data involved: Name" in message["text"]
    assert "涉及信息" not in message["text"]
    with pytest.raises(InvalidInputError) as bad:
        set_customer_language(vault, OPERATOR, customer, "fr")
    assert bad.value.field == "language"


def _pdf_text(data: bytes, tmp_path: Path) -> str:
    source = tmp_path / "report.pdf"
    source.write_bytes(data)
    done = subprocess.run(
        ["/usr/bin/pdftotext", "-layout", str(source), "-"], capture_output=True, check=True
    )
    return done.stdout.decode("utf-8")


@pytest.mark.legal("PIPL Art. 57")
def test_the_regulator_reports_are_pdfs_in_chinese_and_english(
    vault: Vault, clock: FrozenClock, tmp_path: Path
) -> None:
    incident_id = reported(vault, clock.now)

    chinese = _pdf_text(regulator_report_pdf(vault, OFFICER, incident_id, "zh"), tmp_path)
    english = _pdf_text(regulator_report_pdf(vault, OFFICER, incident_id, "en"), tmp_path)

    assert "个人信息安全事件报告" in chinese
    assert "较大" in chinese
    assert "Personal information incident report" in english
    assert "Grade: larger" in english
    reasons = [e.reason for e in events(vault, Action.INCIDENT_READ)]
    assert reasons == [
        f"incident {incident_id} report (zh) PDF",
        f"incident {incident_id} report (en) PDF",
    ]
    with pytest.raises(InvalidInputError):
        regulator_report_pdf(vault, OFFICER, incident_id, "fr")
