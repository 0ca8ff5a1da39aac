"""The trail reader: the database builds exactly the bytes that chain_payload links."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from sqlalchemy import text

from privault.domain.audit import AuditEvent, Outcome, chain_payload
from privault.services.vault import Vault

SHANGHAI = timezone(timedelta(hours=8))
EVENTS = [
    AuditEvent(
        datetime(2026, 11, 23, 9, 30, tzinfo=UTC), "a", "operator", None, "x", Outcome.ALLOWED, "r1"
    ),
    AuditEvent(
        at=datetime(2026, 11, 23, 17, 30, 0, 123456, tzinfo=SHANGHAI),
        actor="前台:李娜",
        role="front_desk,store_manager",
        store="南山店",
        action="customer.reveal",
        outcome=Outcome.DENIED,
        request_id="r2",
        customer_id="01936d3e-7c1a-7000-8000-000000000001",
        fields=("mobile", "过敏情况"),
        purpose="回访 — call back",
        reason="role front_desk may not customer.reveal; ünïcode, commas, 'quotes' and \\ too",
    ),
    AuditEvent(datetime(1999, 1, 2, 3, 4, 5, 6, tzinfo=UTC), "", "", "", "", Outcome.ALLOWED, "r3"),
    AuditEvent(
        datetime(2026, 12, 3, 9, 0, tzinfo=UTC),
        "li.na",
        "front_desk",
        None,
        "customer.search",
        Outcome.ALLOWED,
        "r4",
        channel="web",
        client_address="2001:db8::7",
    ),
    AuditEvent(
        datetime(2026, 12, 3, 9, 0, tzinfo=UTC),
        "api:pos.main",
        "front_desk",
        None,
        "customer.search",
        Outcome.ALLOWED,
        "r5",
        token_name="pos.main",
    ),
]


def test_the_database_builds_the_payload_each_link_covers(vault: Vault) -> None:
    with vault.unit_of_work() as uow:
        uow.audit.append(EVENTS)
        uow.commit()
    with vault.database.data_engine.connect() as connection:
        query = "SELECT chain, seq FROM audit_events WHERE request_id LIKE 'r_'"
        places = connection.execute(text(query + " ORDER BY id")).all()
    with vault.database.audit_snapshot() as reader:
        for (chain, seq), event in zip(places, EVENTS, strict=True):
            [[(_, read_seq, payload, _)]] = list(reader.stretch(chain, seq - 1, seq))
            assert (read_seq, payload) == (seq, chain_payload(event, chain, seq))


def test_the_reader_finds_one_event_by_its_place(vault: Vault) -> None:
    with vault.database.data_engine.connect() as connection:
        first = connection.execute(
            text("SELECT id, chain, seq, hash FROM audit_events ORDER BY id LIMIT 1")
        ).one()
    with vault.database.audit_snapshot() as reader:
        assert reader.event(first.chain, first.seq) == (first.id, bytes(first.hash))
        assert reader.event(first.chain, 10**6) is None
        assert reader.strays(reader.heads()) == []
