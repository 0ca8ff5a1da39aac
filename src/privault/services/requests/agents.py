"""California requests through an authorised agent (CCPA regs §7063) and the verification by data
points matched against the record (§7062): two for a request to know categories, three and a
signed declaration for specific pieces of information."""

from __future__ import annotations

import hmac
from collections.abc import Mapping
from datetime import date

from privault.db.requests import SubjectRequest
from privault.domain.errors import InvalidInputError
from privault.domain.policy import Actor
from privault.domain.requesters import PERMISSION_EXAMPLE, Requester, check_agent, check_proof
from privault.domain.requests import (
    Regime,
    RequestChannel,
    RequestStatus,
    RequestType,
    parse_channel,
    parse_request_type,
)
from privault.domain.values import normalise
from privault.domain.verification import DATA_POINTS, check_data_points
from privault.services.customers.sealing import open_fields
from privault.services.requests.intake import check_note
from privault.services.requests.on_behalf import OnBehalf, customer_for_request, file_on_behalf
from privault.services.requests.records import RequestView, record_step, refuse_step, shop_day, view
from privault.services.requests.verification import VERIFY, verifiable
from privault.services.use_case import UseCase, use_case
from privault.services.vault import Vault

# The package these types hand over holds every value: specific pieces, not categories.
SPECIFIC_PIECES = frozenset({RequestType.ACCESS, RequestType.COPY, RequestType.PORTABILITY})
DECLARED = "signed declaration under penalty of perjury"


def open_agent_request(
    vault: Vault,
    actor: Actor,
    customer_id: str,
    type: RequestType | str,
    channel: RequestChannel | str,
    *,
    agent: str,
    permission: str,
    received_on: date | None = None,
    note: str | None = None,
) -> RequestView:
    """`permission`: the customer's signed permission as seen (never a document number). The
    request then waits, as any, for the customer's own identity: a code to the customer's phone
    or email on file, or data points matched."""
    kind = (parse_request_type(type), parse_channel(channel))
    seen = check_proof(permission, "permission", PERMISSION_EXAMPLE)
    by = OnBehalf(Requester.AUTHORISED_AGENT, f"agent: {check_agent(agent)}; permission: {seen}")
    cleaned = check_note(note, vault)
    with use_case(vault, actor) as uc:
        customer = customer_for_request(uc, customer_id)
        _check_california(customer.regimes, "customer_id")
        row = file_on_behalf(uc, customer, kind, by, received_on=received_on, note=cleaned)
        uc.commit()
        return view(row, shop_day(uc))


def _check_california(regimes: str, field: str) -> None:
    if Regime.CA.value not in regimes.split():
        raise InvalidInputError(
            "the customer is not under California's rules; agents and data points are "
            "California's (CCPA regs §7062-§7063)",
            field=field,
        )


def verify_by_data_points(
    vault: Vault,
    actor: Actor,
    request_id: str,
    points: Mapping[str, str],
    *,
    is_declared: bool = False,
) -> RequestView:
    """Each data point the requester gives is compared with the record, normalised as at
    registration; too few matches are refused and the refusal audited."""
    with use_case(vault, actor) as uc:
        row = verifiable(uc, request_id)
        _check_california(row.regimes, "method")
        matched = _matching(uc, row, points)
        is_specific = RequestType(row.type) in SPECIFIC_PIECES
        try:
            check_data_points(len(matched), is_specific, is_declared=is_declared)
        except InvalidInputError as error:
            refuse_step(uc, VERIFY, row, error)
        _store(uc, row, matched, is_declared=is_declared)
        uc.commit()
        return view(uc.uow.requests.get(row.id) or row, shop_day(uc))


def _matching(uc: UseCase, row: SubjectRequest, points: Mapping[str, str]) -> list[str]:
    """The keys whose given value equals the one on file; a value that does not even parse
    simply does not match (its error would name what was typed)."""
    specs = [uc.catalog.field(key) for key in points]
    held = open_fields(uc.vault, uc.uow, [row.customer_id], only=[s.key for s in specs])
    on_file: dict[str, str] = held.get(row.customer_id, {})
    matched = []
    for spec in specs:
        try:
            given = normalise(spec, points[spec.key], today=uc.now.date()).value
        except InvalidInputError:
            continue
        if spec.key in on_file and hmac.compare_digest(given.encode(), on_file[spec.key].encode()):
            matched.append(spec.key)
    return sorted(matched)


def _store(uc: UseCase, row: SubjectRequest, matched: list[str], *, is_declared: bool) -> None:
    note = f"{len(matched)} data points matched: {', '.join(matched)}"
    note += f"; {DECLARED}" if is_declared else ""
    status = RequestStatus.IDENTITY_VERIFIED.value
    uc.uow.requests.verify(
        row.id, status=status, at=uc.now, by=uc.actor.name, method=DATA_POINTS, note=note
    )
    step = f"identity verified by {len(matched)} data points"
    record_step(uc, VERIFY, row, step, fields=tuple(matched))
