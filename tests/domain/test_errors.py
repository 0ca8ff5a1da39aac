"""Refusals keep their English text for the CLI and the API, and their template with its
parameters for the pages to translate."""

from __future__ import annotations

from datetime import date

import pytest

from privault.domain.catalog import ValueKind
from privault.domain.errors import InvalidInputError, NotFoundError
from privault.domain.requests import RequestStatus, RequestType, check_transition
from privault.domain.values import normalise
from tests.domain.test_values import make_spec


def test_a_templated_refusal_reads_in_english_as_it_did_with_its_field_first() -> None:
    error = InvalidInputError("between 1 and {limit}", field="batch_size", params={"limit": 500})
    assert (error.reason, error.message, str(error)) == (
        "between 1 and 500",
        "batch_size: between 1 and 500",
        "batch_size: between 1 and 500",
    )
    assert (error.template, error.params) == ("between 1 and {limit}", {"limit": 500})


def test_a_message_without_parameters_is_plain_text_even_with_braces() -> None:
    error = NotFoundError("no record {id}")
    assert (error.message, error.template, error.params) == ("no record {id}", "no record {id}", {})


def test_a_final_status_refusal_is_a_whole_sentence_with_its_values_apart() -> None:
    with pytest.raises(InvalidInputError) as refused:
        check_transition(RequestStatus.COMPLETED, RequestStatus.REFUSED, RequestType.ACCESS)
    error = refused.value
    assert error.reason == (
        "a access request cannot go from completed to refused; allowed: none, it is final"
    )
    assert error.template.endswith("allowed: none, it is final")
    assert error.params["current"] == RequestStatus.COMPLETED


def test_a_normaliser_refusal_carries_its_template_and_parameters() -> None:
    with pytest.raises(InvalidInputError) as refused:
        normalise(make_spec(ValueKind.TEXT), "x" * 501, today=date(2026, 11, 23))
    error = refused.value
    assert error.reason == "is too long: at most 500 characters"
    assert (error.template, error.params) == (
        "is too long: at most {limit} characters",
        {"limit": 500},
    )
