"""Answering a privacy question or complaint in the customer's language, sent by SMS or email
through the gateways and recorded; linking the rights requests it led to."""

from __future__ import annotations

from dataclasses import dataclass

from privault.db.complaints import Answer, ComplaintRow
from privault.domain.complaints import AnswerRoute, ComplaintStatus, answer_message, parse_text
from privault.domain.errors import ConflictError, InvalidInputError
from privault.domain.policy import Action, Actor
from privault.services.complaints.records import ComplaintView, load, view
from privault.services.complaints.sealing import ANSWER, seal
from privault.services.consents.notices import shop_identity
from privault.services.customers.sealing import open_fields
from privault.services.requests.records import shop_day
from privault.services.use_case import UseCase, use_case
from privault.services.vault import Vault

ANSWER_SUBJECT = {"zh": "您的个人信息咨询/投诉答复", "en": "The answer to your privacy question"}
MAX_LINKS = 10


@dataclass(frozen=True)
class Delivery:
    route: AnswerRoute
    to: str = ""
    subject: str = ""
    text: str = ""


def answer_complaint(
    vault: Vault, actor: Actor, complaint_id: str, answer: str | None
) -> ComplaintView:
    """Answered once; the message goes out after the commit, so a gateway's failure cannot
    undo the record (the portal shows the answer either way)."""
    text = parse_text(answer, "answer")
    with use_case(vault, actor) as uc:
        row = load(uc, complaint_id)
        uc.require(Action.COMPLAINT_ANSWER, customer_id=row.customer_id)
        if row.status is ComplaintStatus.ANSWERED:
            raise ConflictError("complaint {id} is already answered", params={"id": row.id})
        delivery = _delivery(uc, row, text)
        sealed = seal(uc, row.customer_id, row.id, ANSWER, text)
        today = shop_day(uc)
        uc.uow.complaints.answer(row.id, Answer(uc.now, today, actor.name, sealed, delivery.route))
        uc.record(
            Action.COMPLAINT_ANSWER,
            customer_id=row.customer_id,
            fields=_fields(delivery.route),
            reason=f"answered {row.id} in {row.language} by {delivery.route.value}",
        )
        uc.commit()
        answered = uc.uow.complaints.get(row.id)
    _send(vault, delivery)
    return view(answered or row, today, answer=text)


def _fields(route: AnswerRoute) -> tuple[str, ...]:
    return {AnswerRoute.SMS: ("mobile",), AnswerRoute.EMAIL: ("email",)}.get(route, ())


def _delivery(uc: UseCase, row: ComplaintRow, text: str) -> Delivery:
    """SMS to the mobile on file first, else email, else none (the portal shows it)."""
    shop = shop_identity(uc.uow).business_name or "privault"
    message = answer_message(row.language, shop, row.kind, text)
    contacts = open_fields(uc.vault, uc.uow, [row.customer_id], only=("mobile", "email"))
    mine = contacts.get(row.customer_id, {})
    if mine.get("mobile") and uc.vault.sms is not None:
        return Delivery(AnswerRoute.SMS, mine["mobile"], text=message)
    if mine.get("email") and uc.vault.mailer is not None:
        return Delivery(AnswerRoute.EMAIL, mine["email"], ANSWER_SUBJECT[row.language], message)
    return Delivery(AnswerRoute.NONE)


def _send(vault: Vault, delivery: Delivery) -> None:
    if delivery.route is AnswerRoute.SMS and vault.sms is not None:
        vault.sms.send(delivery.to, delivery.text)
    elif delivery.route is AnswerRoute.EMAIL and vault.mailer is not None:
        vault.mailer.send(delivery.to, delivery.subject, delivery.text)


def link_requests(
    vault: Vault, actor: Actor, complaint_id: str, request_ids: list[str]
) -> ComplaintView:
    """The rights requests a complaint led to: each the same customer's, the list replaced."""
    wanted = tuple(dict.fromkeys(r.strip() for r in request_ids if r.strip()))
    if len(wanted) > MAX_LINKS:
        raise InvalidInputError(
            "at most {limit} requests", field="requests", params={"limit": MAX_LINKS}
        )
    with use_case(vault, actor) as uc:
        row = load(uc, complaint_id)
        uc.require(Action.COMPLAINT_ANSWER, customer_id=row.customer_id)
        for request_id in wanted:
            _check_request(uc, row, request_id)
        uc.uow.complaints.link(row.id, wanted)
        uc.record(
            Action.COMPLAINT_ANSWER,
            customer_id=row.customer_id,
            reason=f"linked {row.id} to requests {' '.join(wanted) or '(none)'}",
        )
        uc.commit()
        return view(row.__class__(**{**vars(row), "request_ids": wanted}), shop_day(uc))


def _check_request(uc: UseCase, row: ComplaintRow, request_id: str) -> None:
    found = uc.uow.requests.get(request_id)
    if found is None or found.customer_id != row.customer_id:
        raise InvalidInputError(
            "no request {id} of this complaint's customer; open it first",
            field="requests",
            params={"id": request_id},
        )
