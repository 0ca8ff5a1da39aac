"""`privault customers restrict | lift-restriction | erase` through the real command, the
state checked through the services: the restriction, the tombstone, the refusals, the audit."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from privault.config import Settings
from privault.domain.errors import NotFoundError
from privault.domain.policy import Action, Actor
from privault.services.audit.events import list_audit_events
from privault.services.customers.records import get_customer
from privault.services.vault import Vault, open_vault
from tests.cli.staff_enrolment import add_enrolled
from tests.cli.test_cli import Cli, _add

CHECKER = Actor("checker.test", frozenset({"privacy_officer"}))
UNDONE = "erasure cannot be undone; add --yes to confirm"


@contextmanager
def _vault(home: Path) -> Iterator[Vault]:
    opened = open_vault(Settings(home=home, database_url="", keystore_url=""))
    try:
        yield opened
    finally:
        opened.close()


def _status(home: Path, customer_id: str) -> str:
    with _vault(home) as vault:
        return get_customer(vault, CHECKER, customer_id).status


def _events(home: Path, customer_id: str, action: Action) -> list[tuple[str, str, str | None]]:
    with _vault(home) as vault:
        found = list_audit_events(vault, CHECKER, customer_id=customer_id)
    return sorted((e.actor, e.outcome.value, e.reason) for e in found if e.action == action)


def test_the_privacy_officer_restricts_and_lifts_a_restriction(cli: Cli) -> None:
    customer = _add(cli, "name=欧阳娜娜", "mobile=13812345678")

    restricted = cli.json("customers", "restrict", customer, "--reason", "客户对手机号有异议")
    assert restricted == {"id": customer, "status": "restricted"}
    assert _status(cli.home, customer) == "restricted"
    assert "processing is restricted" in cli.refused("customers", "update", customer, "name=李四")

    lifted = cli.run("customers", "lift-restriction", customer, "--reason", "手机号已更正")
    assert lifted.returncode == 0, lifted.stderr
    assert lifted.stdout.strip() == f"customer {customer}: restriction lifted, processing resumes"
    assert _status(cli.home, customer) == "active"
    assert "is active, not restricted" in cli.refused(
        "customers", "lift-restriction", customer, "--reason", "again"
    )
    assert _events(cli.home, customer, Action.RESTRICT) == [
        ("owner", "allowed", "restricted: 客户对手机号有异议"),
        ("owner", "allowed", "restriction lifted: 手机号已更正"),
    ]


def test_erasure_asks_for_yes_then_leaves_only_a_tombstone(cli: Cli) -> None:
    customer = _add(cli, "name=欧阳娜娜", "mobile=13812345678")

    stderr = cli.refused("customers", "erase", customer, "--reason", "客户要求删除")
    assert UNDONE in stderr
    assert len(stderr.strip().splitlines()) == 1
    assert _status(cli.home, customer) == "active"
    assert _events(cli.home, customer, Action.ERASE) == []

    stone = cli.json("customers", "erase", customer, "--reason", "客户要求删除", "--yes")
    assert (stone["customer_id"], stone["erased_by"], stone["reason"]) == (
        customer,
        "owner",
        "客户要求删除",
    )
    with _vault(cli.home) as vault, pytest.raises(NotFoundError, match="was erased"):
        get_customer(vault, CHECKER, customer)
    assert _events(cli.home, customer, Action.ERASE) == [("owner", "allowed", "客户要求删除")]
    assert "was erased" in cli.refused("customers", "erase", customer, "--reason", "x", "--yes")


def test_the_plain_output_says_what_happened(cli: Cli) -> None:
    customer = _add(cli, "name=欧阳娜娜", "mobile=13812345678")
    restricted = cli.run("customers", "restrict", customer, "--reason", "客户有异议")
    assert restricted.stdout.strip() == f"customer {customer} restricted: stored, not processed"
    erased = cli.run("customers", "erase", customer, "--reason", "客户要求删除", "--yes")
    assert erased.stdout.strip() == f"customer {customer} erased; only a tombstone is kept"


def test_erasure_during_a_legal_hold_is_refused_and_audited(cli: Cli) -> None:
    customer = _add(cli, "name=欧阳娜娜", "mobile=13812345678")
    cli.json("holds", "add", "--customer", customer, "--reason", "法院调查 2026-17")

    stderr = cli.refused("customers", "erase", customer, "--reason", "客户要求删除", "--yes")
    assert "a legal hold is active; lift it first or restrict the customer instead" in stderr
    assert _status(cli.home, customer) == "active"
    [(who, outcome, _)] = _events(cli.home, customer, Action.ERASE)
    assert (who, outcome) == ("owner", "denied")
    # The way out the refusal names: the customer is restricted instead.
    assert cli.json("customers", "restrict", customer, "--reason", "诉讼保全期间")["status"] == (
        "restricted"
    )


def test_a_missing_or_empty_reason_is_refused(cli: Cli) -> None:
    customer = _add(cli, "name=欧阳娜娜", "mobile=13812345678")
    assert "Missing option '--reason'" in cli.refused("customers", "restrict", customer, code=2)
    assert "Missing option '--reason'" in cli.refused(
        "customers", "erase", customer, "--yes", code=2
    )
    assert "reason: say why" in cli.refused("customers", "restrict", customer, "--reason", "  ")
    assert "reason: say why the customer is erased" in cli.refused(
        "customers", "erase", customer, "--reason", " ", "--yes"
    )
    assert _status(cli.home, customer) == "active"
    assert _events(cli.home, customer, Action.RESTRICT) == []
    assert _events(cli.home, customer, Action.ERASE) == []


def test_the_front_desk_may_neither_restrict_nor_erase(cli: Cli) -> None:
    customer = _add(cli, "name=欧阳娜娜", "mobile=13812345678")
    desk = add_enrolled(cli, "li.na", "front_desk")
    cli.json("staff", "train", "li.na", "--course", "PIPL basics")
    cli.json("staff", "sign-agreement", "li.na")
    cli.json("login", "li.na", "--password-stdin", stdin=desk["password"] + "\n")

    assert "role front_desk may not customer.restrict" in cli.refused(
        "customers", "restrict", customer, "--reason", "顾客要求"
    )
    assert "role front_desk may not customer.erase" in cli.refused(
        "customers", "erase", customer, "--reason", "顾客要求", "--yes"
    )
    assert _status(cli.home, customer) == "active"
    assert [(w, o) for w, o, _ in _events(cli.home, customer, Action.RESTRICT)] == [
        ("li.na", "denied")
    ]
    assert [(w, o) for w, o, _ in _events(cli.home, customer, Action.ERASE)] == [
        ("li.na", "denied")
    ]
