"""One-time code rules: six digits, ten minutes, five wrong attempts, five sends an hour."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from privault.domain.alerts import AlertKind, request_deadline
from privault.domain.errors import ConflictError, InvalidInputError
from privault.domain.verification import (
    CODE_TTL,
    MAX_ATTEMPTS,
    MAX_SENDS,
    CodeChannel,
    CodeState,
    Method,
    attempts_left,
    check_can_send,
    check_in_person_note,
    check_usable,
    code_message,
    expiry,
    generate_code,
    parse_channel,
    parse_code,
    parse_method,
)

SENT = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)


def _state(attempts: int = 0, used_at: datetime | None = None) -> CodeState:
    return CodeState(SENT, expiry(SENT), attempts, used_at)


def test_a_code_has_six_digits_and_lives_ten_minutes() -> None:
    codes = {generate_code() for _ in range(50)}
    assert all(len(c) == 6 and c.isdigit() for c in codes)
    assert len(codes) > 1
    assert timedelta(minutes=10) == CODE_TTL
    assert expiry(SENT) == SENT + timedelta(minutes=10)


def test_a_code_is_usable_until_its_expiry_and_not_at_it() -> None:
    check_usable(_state(), SENT + timedelta(minutes=9, seconds=59))
    with pytest.raises(ConflictError, match="expired at 09:40"):
        check_usable(_state(), SENT + CODE_TTL)


def test_a_code_dies_after_five_wrong_attempts() -> None:
    check_usable(_state(attempts=MAX_ATTEMPTS - 1), SENT)
    assert attempts_left(_state(attempts=MAX_ATTEMPTS - 1)) == 1
    with pytest.raises(ConflictError, match="5 wrong attempts: this code is dead"):
        check_usable(_state(attempts=MAX_ATTEMPTS), SENT)
    assert attempts_left(_state(attempts=MAX_ATTEMPTS + 2)) == 0


def test_a_code_is_used_once() -> None:
    with pytest.raises(ConflictError, match="used already"):
        check_usable(_state(used_at=SENT), SENT)


def test_at_most_five_codes_are_sent_an_hour() -> None:
    check_can_send(MAX_SENDS - 1, SENT)
    with pytest.raises(ConflictError, match="5 codes were sent"):
        check_can_send(MAX_SENDS, SENT)


def test_a_typed_code_may_hold_spaces_but_must_have_six_digits() -> None:
    assert parse_code(" 123 456 ") == "123456"
    for bad in (None, "", "12345", "1234567", "12a456", "１２３４５６"):
        with pytest.raises(InvalidInputError, match="code: type the 6-digit code"):
            parse_code(bad)


def test_methods_and_channels_are_parsed_with_clear_errors() -> None:
    assert parse_method("in-person") is Method.IN_PERSON
    assert parse_method("CODE") is Method.CODE
    assert parse_channel(" SMS ") is CodeChannel.SMS
    with pytest.raises(InvalidInputError, match="method: use one of code, in_person"):
        parse_method("video")
    with pytest.raises(InvalidInputError, match="via: send the code by sms or email"):
        parse_channel("fax")


def test_an_in_person_note_names_the_document_and_never_its_number() -> None:
    assert check_in_person_note("  resident ID card   shown ") == "resident ID card shown"
    with pytest.raises(InvalidInputError, match="note: say which ID document was seen"):
        check_in_person_note("   ")
    with pytest.raises(InvalidInputError, match="name the document, not its number"):
        check_in_person_note("身份证 11010519491231002X")
    with pytest.raises(InvalidInputError, match="at most 500"):
        check_in_person_note("x" * 501)


def test_the_message_is_chinese_first_and_says_only_shop_code_and_expiry() -> None:
    subject, text = code_message("丽人美发", "042917")
    zh, en = text.splitlines()
    assert zh == (
        "【丽人美发】您的身份验证码是 042917，10 分钟内有效。"
        "本店仅用于核实您提交的个人信息请求，请勿告诉他人。"
    )
    assert en.startswith("丽人美发: your verification code is 042917, valid for 10 minutes")
    assert subject == "丽人美发 身份验证码 / verification code"


def test_request_deadline_alerts_say_overdue_or_nearly_due_once_a_day() -> None:
    today = date(2025, 2, 26)
    assert request_deadline("r-1", "amy", "reply", date(2025, 3, 2), today, 3) is None
    nearly = request_deadline("r-1", "amy", "reply", date(2025, 2, 28), today, 3)
    assert nearly is not None
    assert nearly.kind is AlertKind.REQUEST_NEARLY_DUE
    assert nearly.detail == "request r-1: reply due 2025-02-28 (2 days left)"
    assert nearly.key == "request_nearly_due:r-1:reply:2025-02-26"
    late = request_deadline("r-1", "amy", "acknowledgement", date(2025, 2, 24), today, 3)
    assert late is not None
    assert late.kind is AlertKind.REQUEST_OVERDUE
    assert late.detail == "request r-1: acknowledgement due 2025-02-24 (2 days overdue)"
