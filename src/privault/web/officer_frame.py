"""What every officer page shares: the frame's context, forms re-shown with their errors."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from privault.domain.errors import InvalidInputError, PolicyDeniedError, PrivaultError
from privault.domain.policy import ROLE_MAY_NOT, Action, Actor
from privault.services.staff.role_matrix import allowed_actions
from privault.services.use_case import record_refusal
from privault.services.vault import Vault
from privault.web.errors import status_of
from privault.web.explain import explain, explain_with_field
from privault.web.i18n import choose_language, gettext
from privault.web.templating import catalog_names_for, frame_reads, render

GENERAL = "_form"  # where an error that names no field is shown: above the form


def show(
    request: Request,
    vault: Vault,
    actor: Actor,
    template: str,
    context: Mapping[str, Any],
    *,
    status: int = 200,
) -> Response:
    """A page with the sign-out form and what the role may do."""
    allowed = frame_reads(request, vault, actor)().allowed
    lang = choose_language(request)
    values = {
        "actor": actor,
        "may": {a.name.lower() for a in allowed},
        "errors": {},
        **context,
    }
    # Messages are translated here (errors by `form_errors`), not with the template's _(): they
    # may quote typed input, and the template's gettext would mark them safe HTML.
    if context.get("notice"):
        values["notice"] = gettext(lang, context["notice"])
    return render(request, template, values, status=status)


def form_errors(request: Request, error: PrivaultError, form: str) -> tuple[dict[str, str], int]:
    """The message, in the page's language, next to the field it names (or above the form),
    and the HTTP status."""
    lang, names = choose_language(request), catalog_names_for(request)
    if isinstance(error, InvalidInputError) and error.field:
        return {f"{form}.{error.field}": explain(lang, error, names)}, 422
    return {f"{form}.{GENERAL}": explain_with_field(lang, error, names)}, status_of(error)


def may(vault: Vault, actor: Actor, action: Action) -> bool:
    return action in allowed_actions(vault, actor)


def gate(vault: Vault, actor: Actor, action: Action, what: str) -> None:
    """For pages that read nothing through a service (an empty form): refused and audited."""
    if may(vault, actor, action):
        return
    role = actor.role or "none"
    # The audit reason names the page; the refusal shown reads the role and action by name.
    values = {"role": role, "action": action.value}
    error = PolicyDeniedError(
        f"{what}: role {role} may not {action.value}", parts=[(ROLE_MAY_NOT, values)]
    )
    record_refusal(vault, actor, action, error)
    raise error
