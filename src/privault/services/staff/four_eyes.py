"""The second signature of a four-eyes approval: a person, never an integration token, not
whoever created the token that asked, and not whoever created or last reset the account that
asked. Every approval asks `check_approver` before its policy check (today: exports), so no one
holds both sides by minting tokens or by setting up an account."""

from __future__ import annotations

from collections.abc import Iterable

from privault.domain.api_tokens import approver_refusal, token_name
from privault.domain.enrolment import account_approver_refusal
from privault.domain.policy import Action
from privault.services.use_case import UseCase


def check_approver(
    uc: UseCase,
    action: Action,
    requested_by: str,
    *,
    fields: Iterable[str] = (),
    purpose: str | None = None,
) -> None:
    """Refuses (audited) an approval of what `requested_by` asked for by a token, by the
    person who created the token that asked, or by who created or last reset the account that
    asked. (Approving one's own request is the policy's refusal.)"""
    name = token_name(requested_by)
    token = uc.uow.api_tokens.by_name(name) if name else None
    creator = token.created_by if token is not None else None
    refusal = approver_refusal(uc.actor, requested_by, creator)
    account = uc.uow.staff.get(requested_by) if name is None else None
    if refusal is None and account is not None and requested_by != uc.actor.name:
        kept = account.enrolment
        refusal = account_approver_refusal(
            uc.actor.name, requested_by, kept.created_by, kept.last_reset_by
        )
    if refusal is not None:
        uc.refuse(action, refusal.error(), fields=fields, purpose=purpose)
