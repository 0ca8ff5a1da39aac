"""Identity verification of requesters: codes by SMS (file outbox) and by mail (a real local
SMTP server), their limits, and verification in person."""

from __future__ import annotations

import re
import stat
from collections.abc import Iterator

import pytest

from privault.config import Settings
from privault.db.inspection import table_counts
from privault.domain.errors import ConfigurationError, ConflictError, InvalidInputError
from privault.domain.policy import Actor
from privault.domain.requests import RequestStatus
from privault.infra.sms import FileOutbox
from privault.services.audit.events import list_audit_events
from privault.services.requests.handling import get_request, open_request
from privault.services.requests.verification import send_code, verify_request
from privault.services.vault import Vault, open_vault
from tests import smtp_server
from tests.conftest import FrozenClock
from tests.factories import MEMBER, register
from tests.smtp_server import Inbox

smtp = smtp_server.smtp  # the local SMTP server, as a fixture of this module

MOBILE = "13812345678"
EMAIL = "nana.ouyang@example.com"


def _request(vault: Vault, actor: Actor, values: dict[str, str] | None = None) -> str:
    customer_id = register(vault, actor, values or {"name": "欧阳娜娜", "mobile": MOBILE}, MEMBER)
    return open_request(vault, actor, customer_id, "access", "phone").id


def _sms_code(vault: Vault) -> str:
    assert isinstance(vault.sms, FileOutbox)
    found = re.search(r"\b(\d{6})\b", vault.sms.messages()[-1]["text"])
    assert found is not None
    return found.group(1)


def _verify_events(
    vault: Vault, actor: Actor, request_id: str
) -> list[tuple[str, str, tuple[str, ...]]]:
    customer_id = get_request(vault, actor, request_id).customer_id
    return [
        (e.outcome.value, (e.reason or "").removeprefix(f"request {request_id}: "), e.fields)
        for e in reversed(list_audit_events(vault, actor, customer_id=customer_id))
        if e.action == "request.verify"
    ]


def test_a_code_goes_to_the_mobile_on_file_and_verifies_the_request_once(
    vault: Vault, operator: Actor
) -> None:
    request_id = _request(vault, operator)

    sent = send_code(vault, operator, request_id, "sms")

    assert (sent.via.value, sent.to) == ("sms", "138****5678")
    assert isinstance(vault.sms, FileOutbox)
    [message] = vault.sms.messages()
    assert message["to"] == MOBILE
    assert message["text"].startswith(
        "【三丰美发工作室】您的身份验证码是"
    )  # the shop signs, not a store code
    assert "欧阳" not in message["text"]
    assert stat.S_IMODE(vault.sms.path.stat().st_mode) == 0o600
    # Read from the store: the stored code hash shows nowhere else.
    with vault.unit_of_work() as uow:
        stored = uow.codes.latest(request_id)
    assert stored is not None
    assert _sms_code(vault).encode() not in stored.code_hash

    verified = verify_request(vault, operator, request_id, "code", code=_sms_code(vault))

    assert (verified.status, verified.verification) == (RequestStatus.IDENTITY_VERIFIED, "code")
    # Read from the store: no service shows that the code itself was marked used.
    with vault.unit_of_work() as uow:
        used = uow.codes.latest(request_id)
    assert used is not None
    assert used.used_at is not None
    with pytest.raises(ConflictError, match="is identity_verified already"):
        verify_request(vault, operator, request_id, "code", code=_sms_code(vault))
    assert _verify_events(vault, operator, request_id) == [
        ("allowed", "code sent by sms", ("mobile",)),
        ("allowed", "identity verified by code", ()),
    ]


def test_a_code_expires_after_ten_minutes(
    vault: Vault, operator: Actor, clock: FrozenClock
) -> None:
    request_id = _request(vault, operator)
    send_code(vault, operator, request_id, "sms")
    clock.advance(minutes=10)

    with pytest.raises(ConflictError, match="the code expired at 09:40 UTC; send a new one"):
        verify_request(vault, operator, request_id, "code", code=_sms_code(vault))

    assert get_request(vault, operator, request_id).status is RequestStatus.RECEIVED
    assert _verify_events(vault, operator, request_id)[-1][:2] == (
        "denied",
        "the code expired at 09:40 UTC; send a new one",
    )


def test_five_wrong_attempts_kill_the_code_and_each_is_audited_as_denied(
    vault: Vault, operator: Actor
) -> None:
    request_id = _request(vault, operator)
    send_code(vault, operator, request_id, "sms")
    right = _sms_code(vault)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"

    for left in (4, 3, 2, 1):
        with pytest.raises(InvalidInputError, match=f"code: wrong code; {left} attempts left"):
            verify_request(vault, operator, request_id, "code", code=wrong)
    with pytest.raises(InvalidInputError, match="wrong code; the code is dead"):
        verify_request(vault, operator, request_id, "code", code=wrong)
    with pytest.raises(ConflictError, match="5 wrong attempts: this code is dead"):
        verify_request(vault, operator, request_id, "code", code=right)

    outcomes = [o for o, _, _ in _verify_events(vault, operator, request_id)]
    assert outcomes == ["allowed"] + ["denied"] * 6
    send_code(vault, operator, request_id, "sms")
    verify_request(vault, operator, request_id, "code", code=_sms_code(vault))


def test_a_new_code_retires_the_one_before(vault: Vault, operator: Actor) -> None:
    request_id = _request(vault, operator)
    send_code(vault, operator, request_id, "sms")
    first = _sms_code(vault)
    send_code(vault, operator, request_id, "sms")
    second = _sms_code(vault)
    if first != second:
        with pytest.raises(InvalidInputError, match="wrong code"):
            verify_request(vault, operator, request_id, "code", code=first)
    assert verify_request(vault, operator, request_id, "code", code=second).verification == "code"


def test_at_most_five_codes_an_hour_reach_one_customer(
    vault: Vault, operator: Actor, clock: FrozenClock
) -> None:
    request_id = _request(vault, operator)
    for _ in range(5):
        send_code(vault, operator, request_id, "sms")
        clock.advance(minutes=5)
    before = table_counts(vault.database)

    with pytest.raises(ConflictError, match="5 codes were sent to this customer within the last"):
        send_code(vault, operator, request_id, "sms")

    after = table_counts(vault.database)
    assert after["one_time_codes"] == before["one_time_codes"]
    assert after["audit_events"] == before["audit_events"] + 1  # the refusal
    assert isinstance(vault.sms, FileOutbox)
    assert len(vault.sms.messages()) == 5
    clock.advance(minutes=36)
    send_code(vault, operator, request_id, "sms")


@pytest.fixture
def mailing(settings: Settings, clock: FrozenClock, smtp: tuple[int, Inbox]) -> Iterator[Vault]:
    """A vault whose settings name the local SMTP server (the path open_vault builds)."""
    configured = settings.model_copy(
        update={
            "smtp_host": "127.0.0.1",
            "smtp_port": smtp[0],
            "smtp_from": "shop@example.com",
            "shop_name": "丽人美发",
        }
    )
    vault = open_vault(configured, clock=clock)
    yield vault
    vault.close()


def test_a_code_is_mailed_over_smtp_to_the_email_on_file(
    mailing: Vault, operator: Actor, smtp: tuple[int, Inbox]
) -> None:
    inbox = smtp[1]
    values = {"name": "欧阳娜娜", "mobile": MOBILE, "email": EMAIL}
    request_id = _request(mailing, operator, values)

    sent = send_code(mailing, operator, request_id, "email")

    assert sent.to != EMAIL
    assert sent.to.endswith("@example.com")
    [mail] = inbox.messages
    assert (mail["To"], mail["From"]) == (EMAIL, "shop@example.com")
    assert mail["Subject"] == "丽人美发 身份验证码 / verification code"
    body = mail.get_content()
    assert body.startswith("【丽人美发】")
    assert "欧阳" not in body
    code = re.search(r"\b(\d{6})\b", body)
    assert code is not None
    verified = verify_request(mailing, operator, request_id, code=code.group(1))
    assert verified.status is RequestStatus.IDENTITY_VERIFIED
    assert _verify_events(mailing, operator, request_id)[0] == (
        "allowed",
        "code sent by email",
        ("email",),
    )


def test_email_codes_without_a_mail_server_name_the_setting_and_write_nothing(
    vault: Vault, operator: Actor
) -> None:
    values = {"name": "欧阳娜娜", "mobile": MOBILE, "email": EMAIL}
    request_id = _request(vault, operator, values)
    before = table_counts(vault.database)

    with pytest.raises(ConfigurationError, match="set PRIVAULT_SMTP_HOST"):
        send_code(vault, operator, request_id, "email")

    assert table_counts(vault.database) == before


def test_a_customer_without_an_email_cannot_get_a_mailed_code(
    mailing: Vault, operator: Actor, smtp: tuple[int, Inbox]
) -> None:
    request_id = _request(mailing, operator)
    with pytest.raises(InvalidInputError, match="via: the customer has no email on file"):
        send_code(mailing, operator, request_id, "email")
    assert smtp[1].messages == []


def test_in_person_verification_needs_a_note_naming_the_document(
    vault: Vault, operator: Actor
) -> None:
    request_id = _request(vault, operator)
    before = table_counts(vault.database)
    with pytest.raises(InvalidInputError, match="note: say which ID document was seen"):
        verify_request(vault, operator, request_id, "in_person")
    with pytest.raises(InvalidInputError, match="name the document, not its number"):
        verify_request(vault, operator, request_id, "in_person", note="ID 110105194912310021")
    with pytest.raises(InvalidInputError, match="code: type the 6-digit code"):
        verify_request(vault, operator, request_id, "code")
    assert table_counts(vault.database) == before

    verified = verify_request(
        vault, operator, request_id, "in-person", note="resident ID card, photo matches"
    )

    assert (verified.verification, verified.verification_note) == (
        "in_person",
        "resident ID card, photo matches",
    )
    assert _verify_events(vault, operator, request_id) == [
        ("allowed", "identity verified in person", ())
    ]


def test_verifying_without_a_code_sent_is_refused(vault: Vault, operator: Actor) -> None:
    request_id = _request(vault, operator)
    with pytest.raises(ConflictError, match="no code was sent for this request"):
        verify_request(vault, operator, request_id, code="123456")
