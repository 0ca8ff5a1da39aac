"""Erasure reaches every copy (answer packages, kept messages, export files), and the recipients
of exports are told when a customer they hold is corrected or erased."""

from __future__ import annotations

from pathlib import Path

import pytest

from privault.domain.errors import NotFoundError
from privault.domain.policy import Actor
from privault.domain.requests import RequestStatus
from privault.infra.sms import FileOutbox
from privault.services.audit.alerts import list_alerts
from privault.services.audit.events import list_audit_events
from privault.services.customers.erasure import erase_customer
from privault.services.customers.records import update_customer
from privault.services.exports.workflow import decide_export, download_export, request_export
from privault.services.jobs.runner import run_due_jobs
from privault.services.portal.sign_in import request_code
from privault.services.requests.answers import fulfil_request
from privault.services.requests.files import list_answer_files, read_answer_file
from privault.services.requests.handling import get_request, open_request
from privault.services.requests.verification import verify_request
from privault.services.vault import Vault
from tests.conftest import OPERATOR, FrozenClock
from tests.erasure_scan import scan_installation
from tests.factories import MEMBER, register

MANAGER = Actor("mgr.wang", frozenset({"store_manager"}), frozenset({"main"}))
# A value of each kind a retail catalog holds for a person; none occurs anywhere else.
PERSON = {
    "name": "欧阳娜娜",
    "mobile": "13987654321",
    "email": "nana.ouyang@example.com",
    "id_number": "11010519491231002X",
    "address": "广东省深圳市南山区科技园路1号2栋301",
    "birth_date": "1949-12-31",
}
RETAIL = ("service", "membership", "marketing_email", "real_name_registration")
CLIENT = "198.51.100.7"


def outbox(vault: Vault) -> FileOutbox:
    assert isinstance(vault.sms, FileOutbox)
    return vault.sms


def answered(vault: Vault, actor: Actor, customer_id: str, kind: str, **extra: object) -> str:
    """A request of `kind`, verified at the counter and fulfilled; its id."""
    request_id = open_request(vault, actor, customer_id, kind, "store").id
    verify_request(vault, actor, request_id, "in_person", note="resident ID card at counter")
    fulfil_request(vault, actor, request_id, **extra)  # type: ignore[arg-type]
    return request_id


def exported(vault: Vault, fields: list[str], out: Path, fmt: str = "csv") -> str:
    """An export approved by a second person, downloaded by its requester to `out`."""
    made = request_export(vault, MANAGER, fields, purpose="membership", format=fmt)
    decide_export(vault, OPERATOR, made.id, approve=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    download_export(vault, MANAGER, made.id, out)
    return made.id


@pytest.mark.legal("GB/T 35273-2020 §8.3")
@pytest.mark.legal("CCPA §1798.105(c)")
@pytest.mark.legal("PIPL Art. 47")
@pytest.mark.parametrize("industry", ["retail"])
def test_erasure_leaves_no_value_of_the_person_in_any_file_or_table(
    vault: Vault, operator: Actor
) -> None:
    customer = register(vault, operator, dict(PERSON), RETAIL)
    access = answered(vault, operator, customer, "access")
    read_answer_file(vault, operator, access, "data.csv")  # one handed over, two kept sealed
    request_code(vault, PERSON["mobile"], CLIENT)  # a portal sign-in code by SMS
    export_file = vault.settings.home / "exports" / "callbacks.xlsx"
    export_id = exported(vault, ["name", "mobile", "email"], export_file, fmt="xlsx")
    before = scan_installation(vault, PERSON.values())
    assert any(w.endswith("sms.jsonl") for w in before[PERSON["mobile"]])  # the scan sees
    assert any("callbacks.xlsx!xl/" in w for w in before[PERSON["name"]])  # inside the XLSX
    assert "data:exports.requested_by" in scan_installation(vault, [MANAGER.name])[MANAGER.name]

    deletion = answered(vault, operator, customer, "deletion")

    assert scan_installation(vault, PERSON.values()) == {}
    assert not export_file.exists()
    told = [a for a in list_alerts(vault, operator) if a.kind == "recipient_copy"]
    assert [(a.staff_name, a.detail) for a in told] == [
        (
            MANAGER.name,
            f"export {export_id}: customer {customer} was erased: delete their row from your copy",
        )
    ]
    outcome = get_request(vault, operator, deletion).outcome or ""
    assert f"recipients told: {MANAGER.name} (export {export_id})" in outcome


def test_an_answer_is_sealed_handed_over_once_and_never_opens_after_erasure(
    vault: Vault, operator: Actor
) -> None:
    customer = register(vault, operator, {"name": "欧阳娜娜", "mobile": PERSON["mobile"]}, MEMBER)
    access = answered(vault, operator, customer, "access")
    folder = vault.settings.home / "requests" / access
    assert all(PERSON["mobile"].encode() not in p.read_bytes() for p in folder.iterdir())

    handed = read_answer_file(vault, operator, access, "summary.txt")

    assert PERSON["mobile"] in handed.content.decode("utf-8")
    assert list_answer_files(vault, operator, access) == ["data.csv", "data.json"]
    with pytest.raises(NotFoundError):
        read_answer_file(vault, operator, access, "summary.txt")
    erase_customer(vault, operator, customer, reason="asked at the counter")
    with pytest.raises(NotFoundError, match="can no longer be opened"):
        read_answer_file(vault, operator, access, "data.json")
    downloads = [e for e in list_audit_events(vault, operator) if e.action == "request.download"]
    assert [e.customer_id for e in downloads] == [customer]


def test_answers_and_dead_codes_leave_the_disk_when_the_purge_job_runs(
    vault: Vault, operator: Actor, clock: FrozenClock
) -> None:
    customer = register(vault, operator, {"name": "欧阳娜娜", "mobile": PERSON["mobile"]}, MEMBER)
    access = answered(vault, operator, customer, "access")
    clock.advance(days=6)
    request_code(vault, PERSON["mobile"], CLIENT)

    [kept] = run_due_jobs(vault, "w1", only="one-time-code-purge")
    assert kept.summary == "codes_purged=0, answer_files_purged=0, messages_purged=0"
    assert len(list_answer_files(vault, operator, access)) == 3
    assert [m["to"] for m in outbox(vault).messages()] == [PERSON["mobile"]]

    clock.advance(days=1, minutes=1)
    [purged] = run_due_jobs(vault, "w1", only="one-time-code-purge")

    assert purged.summary == "codes_purged=0, answer_files_purged=3, messages_purged=1"
    assert list_answer_files(vault, operator, access) == []
    assert not (vault.settings.home / "requests" / access).exists()
    assert outbox(vault).messages() == []


def test_erasing_a_customer_drops_the_messages_sent_to_them_at_once_and_keeps_others(
    vault: Vault, operator: Actor
) -> None:
    gone = register(vault, operator, {"name": "欧阳娜娜", "mobile": PERSON["mobile"]}, MEMBER)
    register(vault, operator, {"name": "张三丰", "mobile": "13812345678"}, MEMBER)
    request_code(vault, PERSON["mobile"], CLIENT)
    request_code(vault, "13812345678", CLIENT)

    erase_customer(vault, operator, gone, reason="asked by phone")

    assert [m["to"] for m in outbox(vault).messages()] == ["13812345678"]


@pytest.mark.legal("GB/T 35273-2020 §8.3")
@pytest.mark.legal("CCPA §1798.105(c)")
@pytest.mark.legal("GDPR Art. 19")
def test_an_export_file_outside_the_home_is_left_to_its_requester_who_is_told(
    vault: Vault, operator: Actor, tmp_path: Path
) -> None:
    customer = register(vault, operator, {"name": "欧阳娜娜", "mobile": PERSON["mobile"]}, MEMBER)
    elsewhere = tmp_path / "desk" / "list.csv"
    export_id = exported(vault, ["name"], elsewhere)

    erase_customer(vault, operator, customer, reason="asked by phone")

    assert elsewhere.exists()  # not privault's to remove: the requester deletes their copy
    told = [a for a in list_alerts(vault, operator) if a.kind == "recipient_copy"]
    assert [(a.staff_name, export_id in a.detail) for a in told] == [(MANAGER.name, True)]


@pytest.mark.legal("GDPR Art. 19")
def test_a_correction_tells_the_requesters_of_exports_holding_the_changed_field_only(
    vault: Vault, operator: Actor, tmp_path: Path
) -> None:
    customer = register(vault, operator, {"name": "欧阳娜娜", "mobile": PERSON["mobile"]}, MEMBER)
    names = exported(vault, ["name"], tmp_path / "names.csv")
    mobiles = exported(vault, ["mobile"], tmp_path / "mobiles.csv")

    request_id = answered(vault, operator, customer, "correction", changes={"name": "欧阳丽丽"})

    shown = get_request(vault, operator, request_id)
    assert shown.status is RequestStatus.COMPLETED
    assert f"recipients told: {MANAGER.name} (export {names})" in (shown.outcome or "")
    assert mobiles not in (shown.outcome or "")
    told = [a.detail for a in list_alerts(vault, operator) if a.kind == "recipient_copy"]
    assert told == [f"export {names}: customer {customer} was corrected (name): correct your copy"]
    assert "欧阳" not in " ".join(told)


@pytest.mark.legal("GDPR Art. 19")
def test_a_change_made_by_staff_tells_the_recipients_too(
    vault: Vault, operator: Actor, tmp_path: Path
) -> None:
    customer = register(vault, operator, {"name": "欧阳娜娜", "mobile": PERSON["mobile"]}, MEMBER)
    export_id = exported(vault, ["name", "mobile"], tmp_path / "list.csv")

    update_customer(vault, operator, customer, {"mobile": "13812345678"})

    told = [a.detail for a in list_alerts(vault, operator) if a.kind == "recipient_copy"]
    assert told == [
        f"export {export_id}: customer {customer} was corrected (mobile): correct your copy"
    ]
    trail = [e for e in list_audit_events(vault, operator) if e.action == "copy.recipient_told"]
    assert [(e.customer_id, e.fields) for e in trail] == [(customer, ("mobile",))]
