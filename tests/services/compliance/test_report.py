"""The compliance report: figures from the records, the trail verified, the pack signed and
checked, the issue audited; the Art. 52 flag at a million people."""

from __future__ import annotations

import copy

import pytest

from privault.crypto.evidence import sign_pack, verify_pack
from privault.domain.compliance import OFFICER_THRESHOLD, EvidenceRejectedError
from privault.domain.errors import InvalidInputError, PolicyDeniedError
from privault.domain.policy import Action, Actor
from privault.services.audit.events import list_audit_events
from privault.services.complaints.answers import answer_complaint
from privault.services.complaints.intake import record_complaint
from privault.services.compliance.report import issue_compliance_report, report_public_key
from privault.services.vault import Vault
from tests.factories import register

AUDITOR = Actor("aud.zhou", frozenset({"auditor"}))
DESK = Actor("desk.li", frozenset({"front_desk"}), frozenset({"main"}))


def _report(vault: Vault, actor: Actor) -> dict[str, object]:
    issued = issue_compliance_report(vault, actor, 2026)
    report = issued.pack["report"]
    assert isinstance(report, dict)
    return report


@pytest.mark.legal("PIPL Art. 54")
def test_the_report_counts_the_years_records_and_verifies_the_trail(
    vault: Vault, operator: Actor
) -> None:
    customer = register(vault, operator, purposes=("service", "marketing_sms"))
    register(vault, operator)
    taken = record_complaint(vault, DESK, customer, "complaint", "desk", "为什么收到广告？")
    answer_complaint(vault, operator, taken.id, "已为您退订。")

    report = _report(vault, operator)

    assert report["period"] == {"start": "2026-01-01", "end": "2026-11-23"}
    assert report["shop"] == "三丰美发工作室"
    assert report["data_subjects"] == {
        "count": 2,
        "threshold": OFFICER_THRESHOLD,
        "protection_officer_required": False,
    }
    assert report["consents"] == {
        "marketing_sms": {"granted": 1, "withdrawn": 0},
        "service": {"granted": 2, "withdrawn": 0},
    }
    assert report["complaints"] == {
        "received": 1,
        "answered": 1,
        "answered_on_time": 1,
        "open_overdue": 0,
    }
    trail = report["audit_trail"]
    assert isinstance(trail, dict)
    assert (trail["intact"], trail["problems"]) == (True, 0)
    assert trail["events_checked"] > 0
    assert report["disclosures"] == {"disclosures": 0, "customers": 0, "cross_border": 0}


@pytest.mark.legal("PIPL Art. 54")
def test_the_issue_and_the_trail_check_are_audited_with_the_packs_digest(
    vault: Vault, operator: Actor
) -> None:
    issued = issue_compliance_report(vault, AUDITOR, 2026)

    events = list_audit_events(vault, operator)
    actions = [e.action for e in events[:2]]
    assert actions == [Action.COMPLIANCE_REPORT.value, Action.AUDIT_VERIFY.value]
    assert events[0].reason == f"issued 2026-01-01..2026-11-23: sha256 {issued.pack['sha256']}"


@pytest.mark.legal("PIPL Art. 54")
def test_the_pack_verifies_under_the_published_key(vault: Vault, operator: Actor) -> None:
    issued = issue_compliance_report(vault, operator)

    assert verify_pack(issued.pack, report_public_key(vault)) == issued.public_key


@pytest.mark.legal("PIPL Art. 54")
def test_a_changed_figure_fails_verification(vault: Vault, operator: Actor) -> None:
    issued = issue_compliance_report(vault, operator)
    tampered = copy.deepcopy(issued.pack)
    report = tampered["report"]
    assert isinstance(report, dict)
    report["complaints"]["open_overdue"] = 0  # unchanged value: digest still matches
    verify_pack(tampered)
    report["data_subjects"]["count"] = 5

    with pytest.raises(EvidenceRejectedError, match="changed after it was signed"):
        verify_pack(tampered)


def test_a_pack_re_signed_with_another_key_fails_against_the_published_one(
    vault: Vault, operator: Actor
) -> None:
    issued = issue_compliance_report(vault, operator)
    report = issued.pack["report"]
    assert isinstance(report, dict)
    forged = sign_pack(b"\x01" * 32, {**report, "data_subjects": {"count": 1}})

    with pytest.raises(EvidenceRejectedError, match="another key"):
        verify_pack(forged, issued.public_key)


def test_a_year_in_the_future_is_refused(vault: Vault, operator: Actor) -> None:
    with pytest.raises(InvalidInputError) as refused:
        issue_compliance_report(vault, operator, 2027)

    assert refused.value.field == "year"


def test_the_front_desk_may_not_issue_the_report_and_the_refusal_is_audited(
    vault: Vault, operator: Actor
) -> None:
    with pytest.raises(PolicyDeniedError):
        issue_compliance_report(vault, DESK)

    denied = list_audit_events(vault, operator)[0]
    assert (denied.action, denied.outcome.value) == (Action.COMPLIANCE_REPORT.value, "denied")
