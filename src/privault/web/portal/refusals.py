"""A portal service's refusal of the signed-in customer, shown in the portal's own frame."""

from __future__ import annotations

from collections.abc import Iterator

from starlette.requests import Request
from starlette.responses import Response

from privault.domain.errors import PolicyDeniedError
from privault.domain.policy import Actor
from privault.web.portal.pages import page
from privault.web.portal.session import CustomerActor


class PortalRefusedError(Exception):
    """A portal service refused (and audited) the signed-in customer."""

    def __init__(self, customer: Actor) -> None:
        super().__init__("refused")
        self.customer = customer


def refusals_as_portal_page(actor: CustomerActor) -> Iterator[None]:
    """A router dependency: each route just calls its service, and a denial reaches the
    customer as the portal's refused page rather than the console's error page."""
    try:
        yield
    except PolicyDeniedError as error:
        raise PortalRefusedError(actor) from error


async def refused(request: Request, error: Exception) -> Response:
    assert isinstance(error, PortalRefusedError)  # noqa: S101 -- registered for this type only
    return page(request, "refused", {"customer": error.customer}, status=403)
