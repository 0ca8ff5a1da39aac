"""The free-text rule at every door where staff type: refused saying where the value belongs and
nothing changed, or masked when the installation says so."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from privault.db.inspection import table_counts
from privault.domain.audit import Outcome
from privault.domain.errors import InvalidInputError
from privault.domain.policy import Action, Actor
from privault.services.audit.events import list_audit_events
from privault.services.customers.records import reveal_field, update_customer
from privault.services.imports.batches import ImportOptions, import_customers
from privault.services.requests.handling import open_request
from privault.services.service_day.bookings import BookingRequest, book
from privault.services.service_day.collection import add_items
from privault.services.vault import Vault
from privault.services.wallet.movements import top_up
from tests.factories import NOTICE, register
from tests.services.service_day.collection_steps import SERVER, booked_customer

CARE = ("service", "sensitive_care")
ID_NOTE = "对染发剂过敏，身份证11010519491231002X"
DESK = Actor("desk.main", frozenset({"front_desk"}), frozenset({"main"}))


def _masking(vault: Vault) -> None:
    vault.settings = vault.settings.model_copy(update={"free_text_found": "mask"})


def _csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


@pytest.mark.legal("PIPL Art. 6")
def test_a_registration_with_an_id_number_in_a_free_text_field_is_refused_and_stores_nothing(
    vault: Vault, operator: Actor
) -> None:
    before = table_counts(vault.database)
    with pytest.raises(InvalidInputError) as raised:
        register(vault, operator, {"name": "李四", "allergies": ID_NOTE}, CARE)
    assert raised.value.field == "allergies"
    assert "belongs in the ID number field" in raised.value.message
    assert "11010519491231002X" not in raised.value.message
    assert table_counts(vault.database) == before


def test_with_masking_chosen_the_note_is_kept_with_the_value_masked(
    vault: Vault, operator: Actor
) -> None:
    _masking(vault)
    customer_id = register(vault, operator, {"name": "李四", "allergies": ID_NOTE}, CARE)
    kept = reveal_field(vault, operator, customer_id, "allergies", "sensitive_care")
    assert kept == "对染发剂过敏,身份证" + "*" * 18  # NFKC: the full-width comma too


def test_an_update_of_a_free_text_field_is_screened_too(vault: Vault, operator: Actor) -> None:
    customer_id = register(vault, operator, {"name": "李四", "allergies": "花粉"}, CARE)
    with pytest.raises(InvalidInputError, match="allergies: holds what looks like a mobile"):
        update_customer(vault, operator, customer_id, {"allergies": "花粉，电话13812345678"})
    kept = reveal_field(vault, operator, customer_id, "allergies", "sensitive_care")
    assert kept == "花粉"


def test_an_imported_row_with_a_mobile_in_a_free_text_column_is_rejected_by_its_column(
    vault: Vault, operator: Actor, tmp_path: Path
) -> None:
    path = _csv(
        tmp_path / "a.csv",
        [
            ["姓名", "手机号", "过敏情况"],
            ["甲", "13812345601", "花粉"],
            ["乙", "13812345602", "找王姐13912345678"],
        ],
    )
    report = import_customers(vault, operator, path, ImportOptions(NOTICE, CARE))
    assert (report.imported, report.rejected) == (1, 1)
    with Path(report.reject_file).open(encoding="utf-8-sig") as handle:
        [_, (row, column, reason)] = list(csv.reader(handle))
    assert (row, column) == ("3", "过敏情况")
    assert "mobile field" in reason
    assert "13912345678" not in reason


@pytest.mark.legal("PIPL Art. 6")
def test_a_column_of_resident_ids_under_a_free_text_header_refuses_the_whole_file(
    vault: Vault, operator: Actor, tmp_path: Path
) -> None:
    path = _csv(
        tmp_path / "a.csv",
        [["姓名", "过敏情况"], ["甲", "11010519491231002X"], ["乙", "440524188001010014"]],
    )
    before = table_counts(vault.database)
    with pytest.raises(InvalidInputError) as raised:
        import_customers(vault, operator, path, ImportOptions(NOTICE, CARE))
    assert raised.value.field == "column 2"
    assert "resident ID numbers" in raised.value.message
    assert "过敏情况" in raised.value.message
    assert table_counts(vault.database) == before


def test_a_request_note_holding_an_id_number_is_refused(vault: Vault, operator: Actor) -> None:
    customer_id = register(vault, operator)
    before = table_counts(vault.database)
    with pytest.raises(InvalidInputError, match="note: holds what looks like a resident ID"):
        open_request(vault, operator, customer_id, "access", "store", note=ID_NOTE)
    assert table_counts(vault.database) == before


def test_a_walk_in_salutation_holding_a_mobile_is_refused(vault: Vault) -> None:
    request = BookingRequest(
        date="2026-11-24", starts="14:00", ends="15:00", salutation="王先生13812345678"
    )
    with pytest.raises(InvalidInputError, match="salutation: holds what looks like a mobile"):
        book(vault, DESK, request)


def test_a_ledger_note_is_masked_when_the_installation_masks(vault: Vault, operator: Actor) -> None:
    _masking(vault)
    customer_id = register(vault, operator)
    [paid] = top_up(vault, DESK, customer_id, "100", note="转账卡号6222021234567890128")
    assert paid.reason == "转账卡号" + "*" * 19


@pytest.mark.parametrize("industry", ["restaurant"])
def test_a_collection_form_item_holding_a_plate_is_refused_and_no_form_is_started(
    vault: Vault, operator: Actor
) -> None:
    booking, customer_id = booked_customer(vault, operator)
    before = table_counts(vault.database)
    with pytest.raises(InvalidInputError, match="seating: holds what looks like a licence plate"):
        add_items(vault, SERVER, booking, ["seating=靠窗，车是粤B12345:told"])
    after = table_counts(vault.database)
    assert after == {**before, "audit_events": before["audit_events"] + 1}
    refused = list_audit_events(vault, operator, customer_id=customer_id)[0]
    assert (refused.action, refused.outcome) == (Action.FORM_COLLECT.value, Outcome.DENIED)
    assert "licence plate" in (refused.reason or "")
    assert "B12345" not in (refused.reason or "")
