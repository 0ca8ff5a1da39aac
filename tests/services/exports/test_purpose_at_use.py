"""Purpose at use in exports: a catalog purpose every field serves, the customers whose lawful
basis for it fails at download left out and counted, a second person for contact, identity or
sensitive fields in clear whatever the size, and a masked export when nobody else could approve."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from privault.db.inspection import table_counts
from privault.domain.errors import InvalidInputError, PolicyDeniedError
from privault.domain.exports import AUTO_APPROVER, ExportStatus
from privault.domain.policy import Actor
from privault.services.audit.events import list_audit_events
from privault.services.consents.ledger import withdraw_consents
from privault.services.exports.workflow import decide_export, download_export, request_export
from privault.services.vault import Vault
from tests.factories import EVERYTHING_SALON, MEMBER, enrolled_staff, register

MANAGER = Actor("mgr.wang", frozenset({"store_manager"}), frozenset({"main"}))
OFFICER = Actor("owner", frozenset({"privacy_officer", "admin"}))  # the installation's only one
# The same person as the shop's manager: nobody else could approve what they ask for.
OWNER_MANAGING = Actor("owner", frozenset({"store_manager", "privacy_officer"}))


def _rows(out: Path) -> list[list[str]]:
    return list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))[1:]


@pytest.mark.legal("PIPL Art. 13")
@pytest.mark.legal("GB/T 35273-2020 §7.1")
def test_a_marketing_list_leaves_out_those_who_never_consented_and_needs_a_second_person(
    vault: Vault, operator: Actor, tmp_path: Path
) -> None:
    """The review's case: customers who never consented to marketing, exported with their names
    and mobiles "for marketing_sms" in a list small enough that nobody had to approve it."""
    [
        register(vault, operator, {"name": "甲", "mobile": f"1390000000{i}"}, MEMBER)
        for i in range(3)
    ]
    agreed = register(vault, operator, {"name": "乙", "mobile": "13900000009"}, EVERYTHING_SALON)

    with pytest.raises(PolicyDeniedError, match="name is not collected for marketing_sms"):
        request_export(vault, MANAGER, ["name", "mobile"], purpose="marketing_sms")
    made = request_export(vault, MANAGER, ["mobile"], purpose="marketing_sms")
    assert (made.row_count, made.status, made.purpose) == (4, ExportStatus.PENDING, "marketing_sms")
    decide_export(vault, OFFICER, made.id, approve=True)
    out = tmp_path / "sms.csv"
    done = download_export(vault, MANAGER, made.id, out)

    assert [r[1] for r in _rows(out)] == [agreed]
    assert (done.left_out_no_basis, done.left_out_restricted) == (3, 0)
    trail = list_audit_events(vault, OFFICER, limit=200)
    reasons = [e.reason or "" for e in trail]
    assert f"export {made.id}: 3 customers left out, no basis for marketing_sms" in reasons
    downloaded = {e.customer_id for e in trail if e.action == "export.download"}
    assert downloaded == {agreed, None}  # None: the event that counts those left out


def test_a_consent_withdrawn_after_approval_leaves_the_customer_out_at_download(
    vault: Vault, operator: Actor, tmp_path: Path
) -> None:
    """The basis is checked at the moment of use, not when the export was asked for."""
    first = register(vault, operator, {"name": "甲", "mobile": "13900000001"}, EVERYTHING_SALON)
    second = register(vault, operator, {"name": "乙", "mobile": "13900000002"}, EVERYTHING_SALON)
    made = request_export(vault, MANAGER, ["mobile"], purpose="marketing_sms")
    decide_export(vault, OFFICER, made.id, approve=True)
    withdraw_consents(vault, operator, first, ["marketing_sms"], channel="store")

    out = tmp_path / "sms.csv"
    done = download_export(vault, MANAGER, made.id, out)
    assert [r[1] for r in _rows(out)] == [second]
    assert done.left_out_no_basis == 1


@pytest.mark.parametrize(
    ("purpose", "message"),
    [
        ("year-end callbacks", "unknown purpose 'year-end callbacks'; known purposes: service"),
        ("", "choose the purpose from the catalog"),
    ],
)
def test_a_purpose_not_in_the_catalog_is_refused_naming_the_field_and_changes_nothing(
    vault: Vault, operator: Actor, purpose: str, message: str
) -> None:
    register(vault, operator, {"name": "甲", "mobile": "13900000001"}, MEMBER)
    before = table_counts(vault.database)
    with pytest.raises(InvalidInputError, match=message) as raised:
        request_export(vault, MANAGER, ["name"], purpose=purpose)
    assert raised.value.field == "purpose"
    assert table_counts(vault.database) == before


def test_a_purpose_is_named_by_key_or_by_its_chinese_or_english_name(
    vault: Vault, operator: Actor
) -> None:
    register(vault, operator, {"name": "甲", "mobile": "13900000001"}, EVERYTHING_SALON)
    by_name = request_export(vault, MANAGER, ["mobile"], purpose="短信营销", note="双十一活动")
    by_english = request_export(vault, MANAGER, ["mobile"], purpose="SMS marketing")
    assert (by_name.purpose, by_name.purpose_note) == ("marketing_sms", "双十一活动")
    assert by_english.purpose == "marketing_sms"


@pytest.mark.legal("PIPL Art. 6")
def test_a_field_the_purpose_does_not_need_is_refused_and_audited(
    vault: Vault, operator: Actor
) -> None:
    register(vault, operator, {"name": "甲", "mobile": "13900000001"}, EVERYTHING_SALON)
    before = table_counts(vault.database)
    with pytest.raises(PolicyDeniedError, match="birth_date is not collected for marketing_sms"):
        request_export(vault, MANAGER, ["mobile", "birth_date"], purpose="marketing_sms")
    assert table_counts(vault.database) == {**before, "audit_events": before["audit_events"] + 1}
    trail = list_audit_events(vault, OFFICER, limit=20)
    [refused] = [e for e in trail if e.action == "export.request"]
    assert (refused.outcome, refused.purpose) == ("denied", "marketing_sms")


@pytest.mark.parametrize(
    ("fields", "masked", "by_rule"),
    [
        (["hair_type"], False, True),  # a preference: the rule approves a small list
        (["mobile"], False, False),  # contact in clear: a second person, whatever the size
        (["name"], False, False),  # identity in clear
        (["allergies"], False, False),  # sensitive in clear
        (["name", "mobile"], True, True),  # masked: nothing leaves in clear
    ],
)
def test_contact_identity_or_sensitive_fields_in_clear_need_a_second_person_whatever_the_size(
    vault: Vault, operator: Actor, fields: list[str], masked: bool, by_rule: bool
) -> None:
    register(
        vault,
        operator,
        {"name": "甲", "mobile": "13900000001", "hair_type": "dry"},
        EVERYTHING_SALON,
    )
    purpose = "sensitive_care" if "allergies" in fields else "service"
    made = request_export(vault, MANAGER, fields, purpose=purpose, masked=masked)
    assert made.row_count == 1
    if by_rule:
        assert (made.status, made.decided_by) == (ExportStatus.APPROVED, AUTO_APPROVER)
    else:
        assert (made.status, made.decided_by) == (ExportStatus.PENDING, None)


def test_a_masked_export_holds_the_values_as_the_console_shows_them(
    vault: Vault, operator: Actor, tmp_path: Path
) -> None:
    customer = register(vault, operator, {"name": "张三丰", "mobile": "13812345678"}, MEMBER)
    made = request_export(vault, MANAGER, ["name", "mobile"], purpose="service", masked=True)
    out = tmp_path / "masked.csv"
    download_export(vault, MANAGER, made.id, out)
    [row] = _rows(out)
    assert row[1:] == [customer, "张*丰", "138****5678"]
    assert "13812345678" not in out.read_text(encoding="utf-8-sig")


def test_with_no_second_person_a_clear_export_is_refused_and_a_masked_one_remains(
    vault: Vault, operator: Actor, tmp_path: Path
) -> None:
    """The shop's only privacy officer cannot approve their own export, so asking is refused at
    once (audited), naming what to do, instead of waiting for a signature that cannot come."""
    register(vault, operator, {"name": "张三丰", "mobile": "13812345678"}, MEMBER)
    before = table_counts(vault.database)
    with pytest.raises(PolicyDeniedError, match="nobody but you can approve it"):
        request_export(vault, OWNER_MANAGING, ["mobile"], purpose="service")
    assert table_counts(vault.database) == {**before, "audit_events": before["audit_events"] + 1}

    masked = request_export(vault, OWNER_MANAGING, ["mobile"], purpose="service", masked=True)
    assert masked.status is ExportStatus.APPROVED
    done = download_export(vault, OWNER_MANAGING, masked.id, tmp_path / "masked.csv")
    assert done.status is ExportStatus.DOWNLOADED


@pytest.mark.legal("GB/T 35273-2020 §7.1")
def test_whoever_made_the_requesters_account_does_not_count_as_a_second_person(
    vault: Vault, operator: Actor
) -> None:
    """The shop's only privacy officer made the manager's account: they could act through it,
    so a clear export it asks for is refused at once; a second approver (the owner) lifts it."""
    register(vault, operator, {"name": "张三丰", "mobile": "13812345678"}, MEMBER)
    enrolled_staff(vault, OFFICER, "mgr.li", ["store_manager"])
    manager = Actor("mgr.li", frozenset({"store_manager"}))
    with pytest.raises(PolicyDeniedError, match="nobody but you can approve it"):
        request_export(vault, manager, ["mobile"], purpose="service")

    enrolled_staff(vault, OFFICER, "boss.chen", ["owner"])
    made = request_export(vault, manager, ["mobile"], purpose="service")
    assert made.status is ExportStatus.PENDING
    approved = decide_export(vault, Actor("boss.chen", frozenset({"owner"})), made.id, approve=True)
    assert approved.decided_by == "boss.chen"
