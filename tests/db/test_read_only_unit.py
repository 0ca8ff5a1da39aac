"""A read-only unit of work reads, never audits or commits, and on SQLite leaves the write
lock to the use cases that write."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from privault.domain.audit import AuditEvent, Outcome
from privault.domain.policy import Actor
from privault.services.customers.records import find_customers
from privault.services.vault import Vault
from tests.factories import register


def _event(actor: Actor) -> AuditEvent:
    return AuditEvent(
        datetime.now(UTC), actor.name, actor.role, None, "search", Outcome.ALLOWED, "r"
    )


def test_a_read_only_unit_reads_but_cannot_audit_or_commit(vault: Vault, operator: Actor) -> None:
    with vault.unit_of_work(read_only=True) as reading:
        assert reading.api_tokens.credential(b"\0" * 32) is None
        with pytest.raises(RuntimeError, match="writing unit of work"):
            reading.audit.append([_event(operator)])
        with pytest.raises(RuntimeError, match="nothing to commit"):
            reading.commit()


def test_a_writer_is_not_held_up_by_an_open_read_only_unit(vault: Vault, operator: Actor) -> None:
    with vault.unit_of_work(read_only=True) as reading:
        assert reading.api_tokens.credential(b"\0" * 32) is None  # its transaction is open
        customer = register(vault, operator, {"name": "林小雨", "mobile": "13900001111"})
    found = find_customers(vault, operator, "mobile", "13900001111")
    assert [c.id for c in found.customers] == [customer]
