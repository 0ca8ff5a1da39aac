"""Answering in the customer's language through the SMS outbox, once; linking the requests a
complaint led to."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from privault.config import Settings
from privault.domain.complaints import AnswerRoute, ComplaintStatus
from privault.domain.errors import ConflictError, InvalidInputError, PolicyDeniedError
from privault.domain.policy import Action, Actor
from privault.domain.portal import customer_actor
from privault.infra.sms import FileOutbox
from privault.services.audit.events import list_audit_events
from privault.services.complaints.answers import answer_complaint, link_requests
from privault.services.complaints.intake import record_complaint, submit_own_complaint
from privault.services.complaints.records import get_complaint
from privault.services.customers.language import set_customer_language
from privault.services.requests.handling import open_request
from privault.services.vault import Vault, open_vault
from tests import smtp_server
from tests.conftest import FrozenClock
from tests.factories import register
from tests.smtp_server import Inbox

DESK = Actor("desk.li", frozenset({"front_desk"}), frozenset({"main"}))
MOBILE = "13800138000"
smtp = smtp_server.smtp  # the local SMTP server, as a fixture of this module


@pytest.fixture
def mailing(settings: Settings, clock: FrozenClock, smtp: tuple[int, Inbox]) -> Iterator[Vault]:
    """A vault whose settings name the local SMTP server (the path open_vault builds)."""
    configured = settings.model_copy(
        update={"smtp_host": "127.0.0.1", "smtp_port": smtp[0], "smtp_from": "shop@example.com"}
    )
    vault = open_vault(configured, clock=clock)
    yield vault
    vault.close()


def _sent(vault: Vault) -> list[dict[str, str]]:
    assert isinstance(vault.sms, FileOutbox)
    return [m for m in vault.sms.messages() if m["to"] == MOBILE]


@pytest.mark.legal("PIPL Art. 50")
def test_the_answer_goes_out_by_sms_in_chinese_and_is_recorded(
    vault: Vault, operator: Actor
) -> None:
    customer = register(vault, operator, {"name": "张三丰", "mobile": MOBILE})
    taken = record_complaint(vault, DESK, customer, "complaint", "desk", "为什么收到广告？")

    answered = answer_complaint(vault, operator, taken.id, "已为您退订营销短信。")

    assert (answered.status, answered.answer_route) == (ComplaintStatus.ANSWERED, AnswerRoute.SMS)
    assert (
        _sent(vault)[-1]["text"]
        == "【三丰美发工作室】您关于个人信息的投诉已答复：已为您退订营销短信。"
    )
    assert get_complaint(vault, operator, taken.id).answer == "已为您退订营销短信。"
    events = list_audit_events(vault, operator, customer_id=customer)
    answer = next(e for e in events if e.action == Action.COMPLAINT_ANSWER.value)
    assert answer.reason == f"answered {taken.id} in zh by sms"
    assert answer.fields == ("mobile",)


def test_an_english_question_is_answered_in_english(vault: Vault, operator: Actor) -> None:
    customer = register(vault, operator, {"name": "Ann Lee", "mobile": MOBILE})
    taken = submit_own_complaint(
        vault, customer_actor(customer), customer, "question", "What do you keep?", "en"
    )

    answer_complaint(vault, operator, taken.id, "Your name and mobile.")

    assert _sent(vault)[-1]["text"] == (
        "[三丰美发工作室] The answer to your question about your personal information: "
        "Your name and mobile."
    )


@pytest.mark.legal("PIPL Art. 50")
def test_a_complaint_taken_without_a_language_is_answered_in_the_customers_own(
    vault: Vault, operator: Actor
) -> None:
    english = register(vault, operator, {"name": "Ann Lee", "mobile": MOBILE})
    set_customer_language(vault, operator, english, "en")
    taken = record_complaint(vault, DESK, english, "question", "phone", "What do you keep?")
    assert taken.language == "en"

    answer_complaint(vault, operator, taken.id, "Your name and mobile.")

    text = _sent(vault)[-1]["text"]
    assert text.startswith("[三丰美发工作室] The answer to your question")
    assert "个人信息" not in text  # not bilingual
    events = list_audit_events(vault, operator, customer_id=english)
    answer = next(e for e in events if e.action == Action.COMPLAINT_ANSWER.value)
    assert answer.reason == f"answered {taken.id} in en by sms"


def test_a_chinese_customer_without_a_choice_is_answered_in_the_shops_default(
    vault: Vault, operator: Actor
) -> None:
    chinese = register(vault, operator, {"name": "张三丰", "mobile": MOBILE})
    taken = record_complaint(vault, DESK, chinese, "question", "desk", "你们保存什么？")
    assert taken.language == "zh"
    answer_complaint(vault, operator, taken.id, "姓名和手机号。")
    text = _sent(vault)[-1]["text"]
    assert text == "【三丰美发工作室】您关于个人信息的咨询已答复：姓名和手机号。"


def test_a_second_answer_is_refused_and_sends_nothing(vault: Vault, operator: Actor) -> None:
    customer = register(vault, operator, {"name": "张三丰", "mobile": MOBILE})
    taken = record_complaint(vault, DESK, customer, "question", "phone", "存了什么？")
    answer_complaint(vault, operator, taken.id, "姓名和手机号。")

    with pytest.raises(ConflictError):
        answer_complaint(vault, operator, taken.id, "再答一次")

    assert len(_sent(vault)) == 1


def test_the_front_desk_may_not_answer(vault: Vault, operator: Actor) -> None:
    customer = register(vault, operator, {"name": "张三丰", "mobile": MOBILE})
    taken = record_complaint(vault, DESK, customer, "question", "phone", "存了什么？")

    with pytest.raises(PolicyDeniedError):
        answer_complaint(vault, DESK, taken.id, "姓名和手机号。")

    assert get_complaint(vault, operator, taken.id).status is ComplaintStatus.OPEN
    assert _sent(vault) == []


def test_a_complaint_links_the_requests_it_led_to(vault: Vault, operator: Actor) -> None:
    customer = register(vault, operator)
    taken = record_complaint(vault, DESK, customer, "complaint", "desk", "请删除我的信息")
    request = open_request(vault, operator, customer, "deletion", "store")

    linked = link_requests(vault, operator, taken.id, [request.id])

    assert linked.request_ids == (request.id,)
    assert get_complaint(vault, operator, taken.id).request_ids == (request.id,)
    events = list_audit_events(vault, operator, customer_id=customer)
    assert any(e.reason == f"linked {taken.id} to requests {request.id}" for e in events)


def test_another_customers_request_cannot_be_linked(vault: Vault, operator: Actor) -> None:
    customer = register(vault, operator)
    other = register(vault, operator)
    taken = record_complaint(vault, DESK, customer, "complaint", "desk", "请删除我的信息")
    request = open_request(vault, operator, other, "deletion", "store")

    with pytest.raises(InvalidInputError) as refused:
        link_requests(vault, operator, taken.id, [request.id])

    assert refused.value.field == "requests"
    assert get_complaint(vault, operator, taken.id).request_ids == ()


def test_a_customer_without_a_mobile_gets_the_answer_by_email(
    mailing: Vault, operator: Actor, smtp: tuple[int, Inbox]
) -> None:
    values = {"name": "Ann Lee", "email": "ann@example.com"}
    customer = register(mailing, operator, values, ("service", "membership"))
    taken = record_complaint(mailing, DESK, customer, "question", "phone", "What?", "en")

    answered = answer_complaint(mailing, operator, taken.id, "Your name and email.")

    assert answered.answer_route is AnswerRoute.EMAIL
    [mail] = smtp[1].messages
    assert (mail["To"], mail["Subject"]) == (
        "ann@example.com",
        "The answer to your privacy question",
    )
    assert mail.get_content().strip().endswith("Your name and email.")
