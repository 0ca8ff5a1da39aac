"""The errors privault raises for refusals a user can act on; none carries a personal value.

A message with variable parts is raised as an English template and its parameters
(`"between 1 and {limit}"`, `params={"limit": 90}`): `message` (and `reason`) read as before, in
English, for the CLI and the API, while the pages translate `template` whole and then fill it in."""

from __future__ import annotations

from collections.abc import Mapping, Sequence


def filled(template: str, params: Mapping[str, object]) -> str:
    """Without parameters a message is plain text: its braces are not placeholders."""
    return template.format(**params) if params else template


class PrivaultError(Exception):
    """A refusal with a message meant for the person who asked."""

    code = "error"

    def __init__(self, message: str, *, params: Mapping[str, object] | None = None) -> None:
        self.template = message
        self.params: dict[str, object] = dict(params or {})
        self.message = filled(message, self.params)
        super().__init__(self.message)


class InvalidInputError(PrivaultError):
    """Input that cannot be accepted; names the field (and row, in imports) at fault. `reason`
    is the message without the field; `template` is the reason's."""

    code = "invalid_input"

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        params: Mapping[str, object] | None = None,
    ) -> None:
        reason = filled(message, params or {})
        super().__init__(f"{field}: {reason}" if field else reason)
        self.template = message
        self.params = dict(params or {})
        self.field = field
        self.reason = reason


class ConsentRequiredError(InvalidInputError):
    code = "consent_required"


class DuplicateCustomerError(PrivaultError):
    """`existing_id` None: the holder is a customer of a store outside the asker's stores,
    who must not learn that customer's id (only that the value is taken, and whom to ask)."""

    code = "duplicate"

    def __init__(self, field: str, existing_id: str | None) -> None:
        super().__init__(
            f"{field}: {DUPLICATE_ELSEWHERE}"
            if existing_id is None
            else (
                f"{field}: already registered to customer {existing_id}; "
                "update that customer instead of registering again"
            )
        )
        self.field = field
        self.existing_id = existing_id


DUPLICATE_ELSEWHERE = (
    "already registered to a customer of another store; "
    "ask a store manager or the privacy officer to look into it"
)


class NotFoundError(PrivaultError):
    code = "not_found"


class PolicyDeniedError(PrivaultError):
    """Refused by the policy. When several roles each refused for their own reason, the
    message joins them and `parts` keeps each reason's template and values, for the pages."""

    code = "denied"

    def __init__(
        self,
        message: str,
        *,
        params: Mapping[str, object] | None = None,
        parts: Sequence[tuple[str, Mapping[str, object]]] = (),
    ) -> None:
        super().__init__(message, params=params)
        self.parts = tuple((template, dict(values)) for template, values in parts)


class ConfigurationError(PrivaultError):
    code = "configuration"


class AuthenticationError(PrivaultError):
    """Sign-in refused: unknown account, wrong password or code, locked, disabled, expired."""

    code = "unauthenticated"


class AuditTrailBrokenError(PrivaultError):
    """The audit trail fails verification where an operation needs it intact."""

    code = "audit_broken"


class LegalHoldError(PrivaultError):
    """Erasure or retention refused while a legal hold covers the customer."""

    code = "legal_hold"


class ConflictError(PrivaultError):
    """The thing acted on is not in a state that allows the action (a closed request, say)."""

    code = "conflict"


class RateLimitedError(PrivaultError):
    """Too many attempts in a short time (sign-ins, one-time codes); try again later."""

    code = "rate_limited"
