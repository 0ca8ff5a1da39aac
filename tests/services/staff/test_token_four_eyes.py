"""Four eyes through tokens (issue 13.2): no one person is both sides of an approval by minting
integration tokens. Tokens never approve; a token whose role sees personal data waits for a
privacy officer's countersignature (not its creator's, not a token's) and raises an alert; an
export's approver is a human officer who neither asked for it nor created the asking token."""

from __future__ import annotations

from pathlib import Path

import pytest

from privault.domain.errors import AuthenticationError, ConflictError, PolicyDeniedError
from privault.domain.exports import ExportStatus
from privault.domain.policy import Action, Actor
from privault.services.audit.alerts import list_alerts
from privault.services.audit.events import list_audit_events
from privault.services.customers.records import reveal_field
from privault.services.exports.workflow import (
    decide_export,
    download_export,
    list_exports,
    request_export,
)
from privault.services.staff import tokens
from privault.services.staff.tokens import authenticate_token, create_token, list_tokens
from privault.services.vault import Vault
from tests.factories import register

ADMIN = Actor("it.admin", frozenset({"admin"}))
# A small shop's owner: admin and privacy officer in one account.
OWNER = Actor("owner.li", frozenset({"admin", "privacy_officer"}))
OFFICER = Actor("po.zhao", frozenset({"privacy_officer"}))
SECOND_OFFICER = Actor("po.qian", frozenset({"privacy_officer"}))
AWAITING = "awaits a privacy officer's countersignature"

TOKEN_ACTOR_PREFIX = "api:"  # how the trail and the policy name a token's actor


def _customers(vault: Vault, actor: Actor, n: int = 12) -> list[str]:
    """More than a small export: an export of them waits for approval."""
    return [register(vault, actor, {"name": "顾客", "mobile": f"1390000{i:04d}"}) for i in range(n)]


def _token_actor(name: str, role: str) -> Actor:
    """What `authenticate_token` answers for a token named `name` with `role`."""
    return Actor(TOKEN_ACTOR_PREFIX + name, frozenset({role}))


def _events(vault: Vault, action: Action) -> list[tuple[str, str, str | None]]:
    return [
        (e.actor, e.outcome.value, e.reason)
        for e in reversed(list_audit_events(vault, OFFICER, limit=500))
        if e.action == action.value
    ]


def test_an_admin_alone_cannot_request_and_approve_an_export_through_two_tokens(
    vault: Vault, operator: Actor
) -> None:
    _customers(vault, operator)
    manager = create_token(vault, ADMIN, "pos.mgr", "store_manager")
    officer = create_token(vault, ADMIN, "po.bot", "privacy_officer")
    # The token use step: neither works before a privacy officer countersigns it.
    for made in (manager, officer):
        with pytest.raises(AuthenticationError, match=AWAITING):
            authenticate_token(vault, made.token)
    assert ("api:pos.mgr", "denied") in [e[:2] for e in _events(vault, Action.SIGN_IN)]
    # Even countersigned, the approval step is refused: a token never approves.
    tokens.countersign_token(vault, OFFICER, "pos.mgr")
    tokens.countersign_token(vault, OFFICER, "po.bot")
    asked = request_export(
        vault, authenticate_token(vault, manager.token), ["name", "mobile"], purpose="service"
    )
    assert asked.status is ExportStatus.PENDING
    with pytest.raises(PolicyDeniedError, match="an integration token never approves"):
        decide_export(vault, authenticate_token(vault, officer.token), asked.id, approve=True)
    denied = _events(vault, Action.EXPORT_APPROVE)[-1]
    assert denied[:2] == ("api:po.bot", "denied")
    assert [e.status for e in list_exports(vault, OFFICER)] == [ExportStatus.PENDING]


def test_an_admin_minted_front_desk_token_reveals_no_mobile_until_an_officer_countersigns(
    vault: Vault, operator: Actor
) -> None:
    customer = register(vault, operator, {"name": "韩梅梅", "mobile": "13900001111"})
    made = create_token(vault, ADMIN, "pos.desk", "front_desk")
    with pytest.raises(AuthenticationError, match=AWAITING):
        authenticate_token(vault, made.token)
    listed = list_tokens(vault, ADMIN)[0]
    assert (listed.status, listed.countersigned_by) == ("awaiting countersignature", None)

    signed = tokens.countersign_token(vault, OFFICER, "pos.desk")
    assert (signed.status, signed.countersigned_by) == ("active", "po.zhao")
    desk = authenticate_token(vault, made.token)
    assert reveal_field(vault, desk, customer, "mobile", "service") == "13900001111"
    assert ("po.zhao", "allowed", "countersigned API token pos.desk") in _events(
        vault, Action.STAFF_MANAGE
    )


def test_the_creator_a_token_or_a_non_officer_cannot_countersign(vault: Vault) -> None:
    made = create_token(vault, OWNER, "pos.desk", "front_desk")
    with pytest.raises(AuthenticationError, match=AWAITING):
        authenticate_token(vault, made.token)
    with pytest.raises(PolicyDeniedError, match="nobody countersigns a token they created"):
        tokens.countersign_token(vault, OWNER, "pos.desk")
    with pytest.raises(PolicyDeniedError, match="an integration token never countersigns"):
        tokens.countersign_token(vault, _token_actor("po.bot", "privacy_officer"), "pos.desk")
    with pytest.raises(PolicyDeniedError, match="only a privacy officer countersigns"):
        tokens.countersign_token(vault, ADMIN, "pos.desk")
    assert [e[:2] for e in _events(vault, Action.STAFF_MANAGE)][-3:] == [
        ("owner.li", "denied"),
        ("api:po.bot", "denied"),
        ("it.admin", "denied"),
    ]
    assert list_tokens(vault, ADMIN)[0].status == "awaiting countersignature"


def test_a_token_cannot_approve_an_export_whatever_its_role(vault: Vault, operator: Actor) -> None:
    _customers(vault, operator)
    asked = request_export(vault, operator, ["mobile"], purpose="service")
    for role in ("privacy_officer", "store_manager"):
        with pytest.raises(PolicyDeniedError, match="an integration token never approves"):
            decide_export(vault, _token_actor("po.bot", role), asked.id, approve=True)
    assert [e[:2] for e in _events(vault, Action.EXPORT_APPROVE)] == [("api:po.bot", "denied")] * 2
    assert decide_export(vault, OFFICER, asked.id, approve=True).decided_by == "po.zhao"


def test_an_officer_who_created_the_requesting_token_cannot_approve_its_export(
    vault: Vault, operator: Actor
) -> None:
    _customers(vault, operator)
    create_token(vault, OWNER, "pos.mgr", "store_manager")
    asked = request_export(
        vault, _token_actor("pos.mgr", "store_manager"), ["mobile"], purpose="service"
    )
    with pytest.raises(PolicyDeniedError, match="created the token that asked"):
        decide_export(vault, OWNER, asked.id, approve=True)
    assert _events(vault, Action.EXPORT_APPROVE)[-1][:2] == ("owner.li", "denied")
    approved = decide_export(vault, OFFICER, asked.id, approve=True, note="purpose checked")
    assert (approved.status, approved.decided_by) == (ExportStatus.APPROVED, "po.zhao")


def test_a_token_that_sees_personal_data_raises_an_alert_and_one_that_does_not_works_at_once(
    vault: Vault,
) -> None:
    create_token(vault, ADMIN, "pos.desk", "front_desk")
    raised = [(a.kind, a.staff_name) for a in list_alerts(vault, OFFICER)]
    assert raised == [("token_personal_data", "it.admin")]
    assert "pos.desk" in list_alerts(vault, OFFICER)[0].detail

    counts = create_token(vault, ADMIN, "crm.counts", "marketing")
    auditor = create_token(vault, ADMIN, "siem", "auditor")
    assert authenticate_token(vault, counts.token).name == "api:crm.counts"
    assert authenticate_token(vault, auditor.token).name == "api:siem"
    assert len(list_alerts(vault, OFFICER)) == 1
    statuses = {t.name: t.status for t in list_tokens(vault, ADMIN)}
    assert statuses == {
        "pos.desk": "awaiting countersignature",
        "crm.counts": "active",
        "siem": "active",
    }


def test_a_countersigned_token_asks_and_a_second_officer_approves_and_it_downloads(
    vault: Vault, operator: Actor, tmp_path: Path
) -> None:
    _customers(vault, operator)
    made = create_token(vault, ADMIN, "pos.mgr", "store_manager")
    with pytest.raises(AuthenticationError, match=AWAITING):
        authenticate_token(vault, made.token)
    tokens.countersign_token(vault, OFFICER, "pos.mgr")
    manager = authenticate_token(vault, made.token)
    asked = request_export(vault, manager, ["name", "mobile"], purpose="service")
    approved = decide_export(vault, SECOND_OFFICER, asked.id, approve=True, note="checked")
    assert (approved.status, approved.decided_by) == (ExportStatus.APPROVED, "po.qian")
    done = download_export(vault, manager, asked.id, tmp_path / "callbacks.csv")
    assert done.status is ExportStatus.DOWNLOADED
    assert len((tmp_path / "callbacks.csv").read_text("utf-8-sig").splitlines()) == 13
    # A countersignature is given once.
    with pytest.raises(ConflictError, match="countersigned already"):
        tokens.countersign_token(vault, SECOND_OFFICER, "pos.mgr")
