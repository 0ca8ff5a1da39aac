"""Export control: request for a catalog purpose, approval by a second person, one audited
download."""

from __future__ import annotations

import csv
import json
import stat
from pathlib import Path

import pytest
from openpyxl import load_workbook

from privault.db.inspection import table_counts
from privault.domain.errors import InvalidInputError, PolicyDeniedError
from privault.domain.exports import AUTO_APPROVER, SMALL_EXPORT_ROWS, ExportStatus
from privault.domain.policy import Actor
from privault.services.audit.alerts import list_alerts
from privault.services.audit.events import list_audit_events
from privault.services.exports.workflow import decide_export, download_export, request_export
from privault.services.vault import Vault
from tests.conftest import FrozenClock
from tests.factories import EVERYTHING_SALON, register

MANAGER = Actor("mgr.wang", frozenset({"store_manager"}), frozenset({"main"}))
OFFICER = Actor("po.zhao", frozenset({"privacy_officer"}))
SECOND_OFFICER = Actor("po.qian", frozenset({"privacy_officer"}))


def _customers(
    vault: Vault, actor: Actor, n: int, *, store: str = "main", first: int = 0
) -> list[str]:
    """Odd ones gave every consent and told their allergies; even ones gave service only."""
    ids = []
    for i in range(first, first + n):
        values = {
            "name": "顾客" + "甲乙丙丁戊己庚辛壬癸子丑寅卯"[i],
            "mobile": f"1380000{i:04d}",
            "hair_type": "dry",
        }
        if i % 2:
            values["allergies"] = "花生"
        ids.append(
            register(vault, actor, values, EVERYTHING_SALON if i % 2 else ("service",), store=store)
        )
    return ids


def _approved(
    vault: Vault,
    fields: tuple[str, ...] = ("name", "mobile"),
    fmt: str = "csv",
    purpose: str = "service",
) -> str:
    made = request_export(vault, MANAGER, fields, purpose=purpose, format=fmt)
    assert made.status is ExportStatus.PENDING
    decide_export(vault, OFFICER, made.id, approve=True, note="checked the purpose")
    return made.id


def test_a_large_export_waits_for_another_officer_and_downloads_once(
    vault: Vault, operator: Actor, tmp_path: Path
) -> None:
    ids = _customers(vault, operator, SMALL_EXPORT_ROWS + 2)
    made = request_export(
        vault, MANAGER, ["name", "mobile"], purpose="service", note="year-end callbacks"
    )
    assert (made.row_count, made.status, made.decided_by) == (
        SMALL_EXPORT_ROWS + 2,
        ExportStatus.PENDING,
        None,
    )
    out = tmp_path / "callbacks.csv"
    with pytest.raises(PolicyDeniedError, match="waits for a second person"):
        download_export(vault, MANAGER, made.id, out)
    assert not out.exists()

    approved = decide_export(vault, OFFICER, made.id, approve=True, note="ok")
    assert (approved.status, approved.decided_by) == (ExportStatus.APPROVED, OFFICER.name)
    done = download_export(vault, MANAGER, made.id, out)
    assert done.status is ExportStatus.DOWNLOADED
    assert stat.S_IMODE(out.stat().st_mode) == 0o600

    rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0][:2] == ["export_id", "customer_id"]
    assert {r[0] for r in rows[1:]} == {made.id}  # every row carries the watermark
    assert sorted(r[1] for r in rows[1:]) == sorted(ids)
    assert {r[3] for r in rows[1:]} == {f"1380000{i:04d}" for i in range(len(ids))}

    with pytest.raises(PolicyDeniedError, match="downloaded already"):
        download_export(vault, MANAGER, made.id, tmp_path / "again.csv")
    trail = list_audit_events(vault, OFFICER, limit=500)
    downloads = [e for e in trail if e.action == "export.download" and e.outcome == "allowed"]
    assert sorted(e.customer_id or "" for e in downloads) == sorted(ids)
    assert {e.purpose for e in downloads} == {"service"}
    asked = next(e for e in trail if e.action == "export.request")
    assert asked.purpose == "service"
    assert done.purpose_note == "year-end callbacks"


@pytest.mark.legal("GB/T 35273-2020 §7.1")
def test_nobody_approves_their_own_export(vault: Vault, operator: Actor) -> None:
    _customers(vault, operator, SMALL_EXPORT_ROWS + 1)
    both = Actor("owner.li", frozenset({"store_manager", "privacy_officer"}))
    made = request_export(vault, both, ["name"], purpose="service")
    before = table_counts(vault.database)
    with pytest.raises(PolicyDeniedError, match="nobody approves their own export"):
        decide_export(vault, both, made.id, approve=True)
    after = table_counts(vault.database)
    assert after == {**before, "audit_events": before["audit_events"] + 1}
    approved = decide_export(vault, SECOND_OFFICER, made.id, approve=True)
    assert approved.decided_by == SECOND_OFFICER.name


def test_a_small_export_is_approved_by_the_rule_and_still_audited(
    vault: Vault, operator: Actor, tmp_path: Path
) -> None:
    ids = _customers(vault, operator, 3)
    made = request_export(vault, MANAGER, ["hair_type"], purpose="service", format="json")
    assert (made.status, made.decided_by) == (ExportStatus.APPROVED, AUTO_APPROVER)
    out = tmp_path / "today.json"
    download_export(vault, MANAGER, made.id, out)
    document = json.loads(out.read_text(encoding="utf-8"))
    assert (document["export_id"], document["purpose"]) == (made.id, "service")
    assert sorted(c["id"] for c in document["customers"]) == sorted(ids)
    assert all(c["fields"] == {"hair_type": "dry"} for c in document["customers"])


def test_only_the_requester_downloads_and_a_rejection_needs_a_reason(
    vault: Vault, operator: Actor, tmp_path: Path
) -> None:
    _customers(vault, operator, SMALL_EXPORT_ROWS + 1)
    export_id = _approved(vault)
    other_manager = Actor("mgr.sun", frozenset({"store_manager"}), frozenset({"main"}))
    with pytest.raises(PolicyDeniedError, match=f"only {MANAGER.name}"):
        download_export(vault, other_manager, export_id, tmp_path / "x.csv")

    second = request_export(vault, MANAGER, ["name"], purpose="service")
    with pytest.raises(InvalidInputError, match="why") as raised:
        decide_export(vault, OFFICER, second.id, approve=False)
    assert raised.value.field == "note"
    rejected = decide_export(vault, OFFICER, second.id, approve=False, note="not needed")
    assert rejected.status is ExportStatus.REJECTED
    with pytest.raises(PolicyDeniedError, match="rejected: not needed"):
        download_export(vault, MANAGER, second.id, tmp_path / "y.csv")


def test_an_approval_expires_after_seven_days(
    vault: Vault, operator: Actor, clock: FrozenClock, tmp_path: Path
) -> None:
    _customers(vault, operator, SMALL_EXPORT_ROWS + 1)
    export_id = _approved(vault)
    clock.advance(days=8)
    with pytest.raises(PolicyDeniedError, match="expired"):
        download_export(vault, MANAGER, export_id, tmp_path / "late.csv")


@pytest.mark.legal("PIPL Art. 29")
def test_sensitive_fields_leave_only_with_the_customers_consent(
    vault: Vault, operator: Actor, tmp_path: Path
) -> None:
    ids = _customers(vault, operator, SMALL_EXPORT_ROWS + 1)
    export_id = _approved(vault, ("allergies",), fmt="xlsx", purpose="sensitive_care")
    out = tmp_path / "care.xlsx"
    done = download_export(vault, MANAGER, export_id, out)
    book = load_workbook(out, read_only=True)
    assert export_id in (book.properties.title or "")
    rows = list(next(iter(book.worksheets)).iter_rows(values_only=True))
    assert export_id in str(rows[0][0])  # the banner
    body = {r[1]: r for r in rows[2:]}
    consented = {cid for i, cid in enumerate(ids) if i % 2}
    assert set(body) == consented  # the others gave no allergy-care consent: left out, counted
    assert done.left_out_no_basis == len(ids) - len(consented)
    for row in body.values():
        assert (row[0], row[2]) == (export_id, "花生")


@pytest.mark.parametrize(
    ("actor", "fields", "reason"),
    [
        (Actor("desk.li", frozenset({"front_desk"}), frozenset({"main"})), ["name"], "may not"),
        (Actor("mkt.wu", frozenset({"marketing"}), frozenset({"main"})), ["name"], "may not"),
        (
            Actor("mgr.new", frozenset({"store_manager"}), training_gap="no training on record"),
            ["name"],
            "masked data only",
        ),
        (MANAGER, ["birth_date"], "demographic"),
    ],
)
def test_a_request_outside_the_role_or_training_is_refused_and_changes_nothing(
    vault: Vault, operator: Actor, actor: Actor, fields: list[str], reason: str
) -> None:
    _customers(vault, operator, 2)
    before = table_counts(vault.database)
    with pytest.raises(PolicyDeniedError, match=reason):
        request_export(vault, actor, fields, purpose="membership")
    after = table_counts(vault.database)
    assert after == {**before, "audit_events": before["audit_events"] + 1}


def test_a_store_manager_exports_only_their_stores(
    vault: Vault, operator: Actor, tmp_path: Path
) -> None:
    main = _customers(vault, operator, 2)
    _customers(vault, operator, 2, store="north", first=2)
    with pytest.raises(PolicyDeniedError, match="north is outside"):
        request_export(vault, MANAGER, ["hair_type"], purpose="service", stores=["north"])
    made = request_export(vault, MANAGER, ["hair_type"], purpose="service")
    assert made.stores == ("main",)
    out = tmp_path / "main.csv"
    download_export(vault, MANAGER, made.id, out)
    rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))[1:]
    assert sorted(r[1] for r in rows) == sorted(main)


def test_every_export_request_alerts_the_privacy_officer(vault: Vault, operator: Actor) -> None:
    _customers(vault, operator, 1)
    made = request_export(vault, MANAGER, ["name", "mobile"], purpose="service")
    alerts = [a for a in list_alerts(vault, OFFICER) if a.kind == "export_request"]
    assert [(a.staff_name, made.id in a.detail) for a in alerts] == [(MANAGER.name, True)]


def test_an_existing_file_is_never_overwritten(
    vault: Vault, operator: Actor, tmp_path: Path
) -> None:
    _customers(vault, operator, 1)
    made = request_export(vault, MANAGER, ["hair_type"], purpose="service")
    out = tmp_path / "keep.csv"
    out.write_text("mine", encoding="utf-8")
    with pytest.raises(InvalidInputError, match="exists already"):
        download_export(vault, MANAGER, made.id, out)
    assert out.read_text(encoding="utf-8") == "mine"
    assert download_export(vault, MANAGER, made.id, tmp_path / "new.csv").status is (
        ExportStatus.DOWNLOADED
    )


def test_only_a_privacy_officer_decides_and_only_once(vault: Vault, operator: Actor) -> None:
    _customers(vault, operator, SMALL_EXPORT_ROWS + 1)
    made = request_export(vault, MANAGER, ["name"], purpose="service")
    other_manager = Actor("mgr.sun", frozenset({"store_manager"}), frozenset({"main"}))
    with pytest.raises(PolicyDeniedError, match=r"may not export\.approve"):
        decide_export(vault, other_manager, made.id, approve=True)
    decide_export(vault, OFFICER, made.id, approve=True)
    with pytest.raises(InvalidInputError, match="approved, not waiting"):
        decide_export(vault, SECOND_OFFICER, made.id, approve=False, note="too late")
