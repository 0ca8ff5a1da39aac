"""The paper destruction log: what, how, who destroyed it and who witnessed it."""

from __future__ import annotations

from datetime import date

import pytest

from privault.db.inspection import table_counts
from privault.domain.errors import InvalidInputError, PolicyDeniedError
from privault.domain.paper import DestructionMethod, RecordedDestruction
from privault.domain.policy import Action, Actor
from privault.services.audit.events import list_audit_events
from privault.services.retention.paper import list_paper_destructions, record_paper_destruction
from privault.services.vault import Vault
from tests.conftest import START

BOX = "2023年会员登记表 第3盒"


def test_a_destruction_is_recorded_listed_and_audited_without_the_names(
    vault: Vault, operator: Actor
) -> None:
    recorded = record_paper_destruction(
        vault, operator, date(2026, 11, 20), BOX, "约200张", "shredding", "王店长", "李会计"
    )
    record_paper_destruction(
        vault, operator, date(2026, 11, 1), "旧预约单", "1 box", "Pulping", "王店长", "赵师傅"
    )

    assert recorded == RecordedDestruction(
        recorded.id,
        date(2026, 11, 20),
        BOX,
        "约200张",
        DestructionMethod.SHREDDING,
        "王店长",
        "李会计",
        operator.name,
        START,
    )
    listed = list_paper_destructions(vault, operator)
    assert [(p.description, p.method) for p in listed] == [
        ("旧预约单", DestructionMethod.PULPING),
        (BOX, DestructionMethod.SHREDDING),
    ]
    events = [e for e in list_audit_events(vault, operator) if e.action == Action.PAPER_RECORD]
    assert [e.reason for e in reversed(events)] == [
        f"paper destruction {recorded.id} recorded (shredding)",
        f"paper destruction {listed[0].id} recorded (pulping)",
    ]
    assert all("王店长" not in (e.reason or "") for e in events)


@pytest.mark.parametrize(
    ("on", "what", "quantity", "method", "by", "witness", "message"),
    [
        (date(2026, 11, 24), BOX, "1 box", "shredding", "王", "李", "destroyed_on: .* future"),
        (date(2026, 11, 20), BOX, "1 box", "shredding", "王店长", " 王店长 ", "witness must be"),
        (date(2026, 11, 20), BOX, "1 box", "burning", "王", "李", "method: unknown method"),
        (date(2026, 11, 20), "  ", "1 box", "shredding", "王", "李", "description: is required"),
        (date(2026, 11, 20), BOX, "", "shredding", "王", "李", "quantity: is required"),
        (date(2026, 11, 20), BOX, "1 box", "shredding", "", "李", "destroyed_by: is required"),
        (date(2026, 11, 20), "x" * 301, "1", "shredding", "王", "李", "at most 300"),
        (date(2026, 11, 20), "a\x00b", "1", "shredding", "王", "李", "control characters"),
    ],
)
def test_a_destruction_with_bad_input_is_refused_and_nothing_is_written(
    vault: Vault,
    operator: Actor,
    on: date,
    what: str,
    quantity: str,
    method: str,
    by: str,
    witness: str,
    message: str,
) -> None:
    before = table_counts(vault.database)
    with pytest.raises(InvalidInputError, match=message):
        record_paper_destruction(vault, operator, on, what, quantity, method, by, witness)
    assert table_counts(vault.database) == before


def test_front_desk_may_not_record_or_read_the_log(vault: Vault) -> None:
    desk = Actor("desk", frozenset({"front_desk"}))
    with pytest.raises(PolicyDeniedError, match=r"may not paper\.record"):
        record_paper_destruction(
            vault, desk, date(2026, 11, 20), BOX, "1 box", "shredding", "王", "李"
        )
    with pytest.raises(PolicyDeniedError, match=r"may not paper\.read"):
        list_paper_destructions(vault, desk)
    auditor = Actor("auditor", frozenset({"auditor"}))
    assert list_paper_destructions(vault, auditor) == []
