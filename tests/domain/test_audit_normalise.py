"""Audit fields are normalised where an event is built, so the bytes hashed are the bytes stored:
no control character (the payload's column separator among them), no lone surrogate, NFC, and
no column longer than the database keeps."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from privault.db.tables import audit_events
from privault.domain.audit import SEPARATOR, AuditEvent, Outcome, chain_payload

AT = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
TEXT_COLUMNS = (
    "actor",
    "role",
    "store",
    "action",
    "customer_id",
    "purpose",
    "request_id",
    "reason",
)


def _event(text: str) -> AuditEvent:
    return AuditEvent(
        at=AT,
        actor=text,
        role=text,
        store=text,
        action=text,
        outcome=Outcome.DENIED,
        request_id=text,
        customer_id=text,
        fields=(text, "mobile"),
        purpose=text,
        reason=text,
    )


def _texts(event: AuditEvent) -> list[str]:
    return [getattr(event, c) for c in TEXT_COLUMNS] + list(event.fields)


def test_nul_and_every_control_character_are_replaced_in_every_column() -> None:
    odd = "a\x00b\x01\x1f\x7f\x85\u2028c"
    for text in _texts(_event(odd))[:-1]:  # the last is "mobile"
        assert text == "a b     c"
        assert all(unicodedata.category(c)[0] != "C" for c in text)
    assert chain_payload(_event(odd), 0, 1).count(SEPARATOR.encode()) == 12


def test_a_lone_surrogate_becomes_the_replacement_character_and_the_payload_encodes() -> None:
    event = _event("x\ud800y\udfff")
    assert event.reason == "x\ufffdy\ufffd"
    assert chain_payload(event, 0, 1).decode("utf-8").count("\ufffd") == 2 * 9


def test_text_is_stored_in_nfc() -> None:
    event = _event("cafe\u0301")
    assert event.purpose == "caf\u00e9"
    assert event.fields == ("caf\u00e9", "mobile")


def test_each_column_is_bounded_by_the_width_the_database_keeps() -> None:
    event = _event("长" * 5000)
    for column in TEXT_COLUMNS:
        width = audit_events.c[column].type.length  # type: ignore[attr-defined]
        value = getattr(event, column)
        assert len(value) == width, column
        assert value.endswith("…"), column
    assert all(len(f) <= 200 for f in event.fields)


@given(st.text(max_size=400))
def test_normalising_twice_changes_nothing(text: str) -> None:
    once = _event(text)
    again = AuditEvent(
        at=once.at,
        actor=once.actor,
        role=once.role,
        store=once.store,
        action=once.action,
        outcome=once.outcome,
        request_id=once.request_id,
        customer_id=once.customer_id,
        fields=once.fields,
        purpose=once.purpose,
        reason=once.reason,
    )
    assert again == once
    assert chain_payload(again, 3, 7) == chain_payload(once, 3, 7)


def test_plain_text_is_kept_as_it_is() -> None:
    event = _event("store_manager 张三 reveal")
    assert _texts(event)[:-1] == ["store_manager 张三 reveal"] * (len(TEXT_COLUMNS) + 1)


def test_the_origin_columns_are_normalised_bounded_and_covered_by_the_chain() -> None:
    event = AuditEvent(
        AT,
        "api:pos",
        "front_desk",
        None,
        "customer.search",
        Outcome.ALLOWED,
        "r",
        channel="a\x1fpi",
        client_address="长" * 100,
        token_name="pos\nmain",
    )
    assert (event.channel, event.token_name) == ("a pi", "pos main")
    width = audit_events.c["client_address"].type.length  # type: ignore[attr-defined]
    assert event.client_address is not None
    assert len(event.client_address) == width
    assert chain_payload(event, 0, 1).count(SEPARATOR.encode()) == 15


def test_an_event_without_an_origin_keeps_the_payload_it_had_before_origins() -> None:
    """So that events written before the origin columns existed still verify."""
    assert chain_payload(_event("x"), 0, 1).count(SEPARATOR.encode()) == 12
    with_origin = AuditEvent(AT, "x", "x", None, "x", Outcome.ALLOWED, "x", channel="cli")
    tail = f"{SEPARATOR}cli{SEPARATOR}{SEPARATOR}".encode()
    assert chain_payload(with_origin, 0, 1).endswith(tail)
