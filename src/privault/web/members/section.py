"""The member section of a customer's profile: number, level and why, status, joined; the
business's levels for the manager's change-of-level form."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request

from privault.domain.errors import NotFoundError, PrivaultError
from privault.domain.policy import Action, Actor
from privault.services.members.levels import show_level_rules
from privault.services.members.membership import get_membership
from privault.services.vault import Vault
from privault.web.explain import explain
from privault.web.frame import language


def member_section(
    request: Request, vault: Vault, actor: Actor, customer_id: str, allowed: set[str]
) -> dict[str, Any]:
    """What the profile's member section needs; nothing when the reader may not read members."""
    if Action.MEMBERS_READ.value not in allowed:
        return {}
    try:
        member = get_membership(vault, actor, customer_id)
    except NotFoundError:
        return {"member": None}
    except PrivaultError as error:  # a restricted customer: the section says why
        return {"member_error": explain(language(request), error)}
    manages = {Action.MEMBERS_MANAGE.value, Action.MEMBER_LEVELS_READ.value} <= allowed
    levels = show_level_rules(vault, actor).levels if manages else ()
    return {"member": member, "levels": levels}
