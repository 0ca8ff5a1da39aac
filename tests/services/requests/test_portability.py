"""Portability: exported from one installation, imported into another, the values are equal."""

from __future__ import annotations

import json
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from privault.config import Settings
from privault.db.inspection import table_counts
from privault.domain.errors import DuplicateCustomerError, InvalidInputError
from privault.domain.policy import Action, Actor
from privault.domain.requests import RequestType
from privault.services.audit.events import list_audit_events
from privault.services.consents.ledger import list_consents
from privault.services.customers.records import find_customers, reveal_field
from privault.services.imports.batches import ImportOptions, import_customers
from privault.services.requests.files import open_answer_at
from privault.services.requests.fulfilment import FulfilmentInput, fulfil
from privault.services.use_case import use_case
from privault.services.vault import Vault, open_vault
from tests.conftest import FrozenClock
from tests.factories import NOTICE, register

VALUES = {"name": "张三丰", "mobile": "13812345678", "birth_date": "1990-03-07"}
PURPOSES = ("service", "membership", "birthday_offers")


@pytest.fixture
def other_vault(
    tmp_path: Path, sqlite_templates: dict[str, Path], clock: FrozenClock
) -> Iterator[Vault]:
    """A second, fresh installation (the shop the customer moves to), on SQLite."""
    home = tmp_path / "other-shop"
    shutil.copytree(sqlite_templates["salon"], home)
    opened = open_vault(Settings(home=home, database_url="", keystore_url=""), clock=clock)
    yield opened
    opened.close()


def export_portable(vault: Vault, actor: Actor, customer_id: str, out: Path) -> Path:
    job = FulfilmentInput(str(uuid.uuid4()), customer_id, RequestType.PORTABILITY, out_dir=out)
    with use_case(vault, actor) as uc:
        done = fulfil(uc, job)
        uc.commit()
    handed = open_answer_at(vault, actor, customer_id, done.files[0])  # as the person gets it
    path = out / handed.name
    path.write_bytes(handed.content)
    return path


@pytest.fixture
def portable(vault: Vault, operator: Actor, tmp_path: Path) -> Path:
    customer = register(vault, operator, dict(VALUES), PURPOSES)
    return export_portable(vault, operator, customer, tmp_path / "answer")


@pytest.mark.legal("PIPL Art. 45", "GDPR Art. 20")
def test_a_portability_file_imports_into_another_installation_with_equal_values(
    other_vault: Vault, operator: Actor, portable: Path
) -> None:
    report = import_customers(other_vault, operator, portable, ImportOptions(notice_version=NOTICE))

    assert (report.imported, report.rejected) == (1, 0)
    found = find_customers(other_vault, operator, "mobile", VALUES["mobile"]).customers
    assert len(found) == 1
    moved = found[0].id
    fits = {"name": "service", "mobile": "service", "birth_date": "membership"}
    values = {k: reveal_field(other_vault, operator, moved, k, fits[k]) for k in VALUES}
    assert values == VALUES
    granted = {r.purpose for r in list_consents(other_vault, operator, moved)}
    assert granted == set(PURPOSES)
    imported = [
        e
        for e in list_audit_events(other_vault, operator, customer_id=moved)
        if e.action == Action.IMPORT.value
    ]
    assert [set(e.fields) for e in imported] == [set(VALUES)]


def test_the_consent_option_limits_what_the_customer_agrees_to_here(
    other_vault: Vault, operator: Actor, portable: Path
) -> None:
    options = ImportOptions(notice_version=NOTICE, purposes=("service",))

    with pytest.raises(InvalidInputError, match="birth_date"):
        import_customers(other_vault, operator, portable, options)


def test_an_import_without_this_installations_notice_is_refused(
    other_vault: Vault, operator: Actor, portable: Path
) -> None:
    before = table_counts(other_vault.database)
    with pytest.raises(InvalidInputError) as raised:
        import_customers(other_vault, operator, portable, ImportOptions())
    assert raised.value.field == "notice"
    assert table_counts(other_vault.database) == before


def test_a_bad_value_in_the_file_names_the_field_and_changes_nothing(
    other_vault: Vault, operator: Actor, portable: Path
) -> None:
    document = json.loads(portable.read_text(encoding="utf-8"))
    document["customer"]["mobile"] = "12812345678"
    edited = portable.with_name("edited.json")
    edited.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    before = table_counts(other_vault.database)

    with pytest.raises(InvalidInputError) as raised:
        import_customers(other_vault, operator, edited, ImportOptions(notice_version=NOTICE))

    assert raised.value.field == "mobile"
    assert table_counts(other_vault.database) == before


def test_importing_the_same_person_twice_is_refused_as_a_duplicate(
    other_vault: Vault, operator: Actor, portable: Path
) -> None:
    import_customers(other_vault, operator, portable, ImportOptions(notice_version=NOTICE))
    with pytest.raises(DuplicateCustomerError):
        import_customers(other_vault, operator, portable, ImportOptions(notice_version=NOTICE))


def test_a_json_file_in_another_format_is_refused(
    other_vault: Vault, operator: Actor, tmp_path: Path
) -> None:
    other = tmp_path / "customers.json"
    other.write_text('{"customers": []}', encoding="utf-8")
    with pytest.raises(InvalidInputError, match="only portability files"):
        import_customers(other_vault, operator, other, ImportOptions(notice_version=NOTICE))
