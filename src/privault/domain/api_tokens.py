"""Integration tokens and four eyes: a token never approves nor countersigns, a token that sees
personal data works only once a privacy officer other than its creator countersigned it, and
nobody approves what a token they created asked for.

A token is not a person: whoever mints two tokens with two roles would otherwise hold both sides
of every approval between those roles."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from privault.domain.policy import PRIVACY_OFFICER, Actor, Decision

ACTOR_PREFIX = "api:"  # an integration acts as api:<token name>


class TokenStatus(StrEnum):
    ACTIVE = "active"
    AWAITING = "awaiting countersignature"
    REVOKED = "revoked"


# Refusals, as English templates the pages translate whole (refusals.po).
INTEGRATION_APPROVES = (
    "an integration token never approves; a privacy officer signed in as themselves must"
)
CREATOR_APPROVES = (
    "{name} created the token that asked ({token}); another privacy officer must approve"
)
INTEGRATION_COUNTERSIGNS = (
    "an integration token never countersigns; a privacy officer signed in as themselves must"
)
OWN_COUNTERSIGNATURE = "nobody countersigns a token they created; another privacy officer must"
NOT_AN_OFFICER = "only a privacy officer countersigns an API token; {name} is not one"
AWAITING_COUNTERSIGNATURE = (
    "API token {name} awaits a privacy officer's countersignature: role {role} sees personal "
    "data; a privacy officer other than its creator runs privault tokens countersign {name}"
)


def is_token(actor: Actor) -> bool:
    return actor.name.startswith(ACTOR_PREFIX)


def token_name(actor_name: str) -> str | None:
    """The token behind an acting name (`api:pos.main` -> `pos.main`), None for a person."""
    return actor_name.removeprefix(ACTOR_PREFIX) if actor_name.startswith(ACTOR_PREFIX) else None


def token_status(
    revoked_at: datetime | None, countersigned_at: datetime | None, sees_personal_data: bool
) -> TokenStatus:
    """Decided from the role matrix in force, not the one at creation: a role that comes to
    see personal data later stops its uncountersigned tokens at once."""
    if revoked_at is not None:
        return TokenStatus.REVOKED
    if sees_personal_data and countersigned_at is None:
        return TokenStatus.AWAITING
    return TokenStatus.ACTIVE


def approver_refusal(
    approver: Actor, requested_by: str, requesting_token_creator: str | None
) -> Decision | None:
    """Why this actor may not give the second signature on what `requested_by` asked for.
    `requesting_token_creator`: who created the token that asked, when a token asked. (That
    nobody approves their own request is the policy's rule, OWN_EXPORT.)"""
    if is_token(approver):
        return Decision(False, INTEGRATION_APPROVES)
    if requesting_token_creator is not None and requesting_token_creator == approver.name:
        return Decision(False, CREATOR_APPROVES, {"name": approver.name, "token": requested_by})
    return None


def countersign_refusal(signer: Actor, created_by: str) -> Decision | None:
    """A human privacy officer who did not create the token."""
    if is_token(signer):
        return Decision(False, INTEGRATION_COUNTERSIGNS)
    if PRIVACY_OFFICER not in signer.roles:
        return Decision(False, NOT_AN_OFFICER, {"name": signer.name})
    if signer.name == created_by:
        return Decision(False, OWN_COUNTERSIGNATURE)
    return None
