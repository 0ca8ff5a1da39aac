"""Complaint rules: the due date, overdue, the answer's words in the customer's language."""

from __future__ import annotations

from datetime import date

import pytest

from privault.domain.complaints import (
    DEFAULT_ANSWER_DAYS,
    ComplaintKind,
    ComplaintStatus,
    answer_message,
    answered_on_time,
    due_on,
    is_overdue,
    parse_answer_days,
    parse_language,
)
from privault.domain.errors import InvalidInputError


def test_the_default_answer_time_is_15_days() -> None:
    assert parse_answer_days(None) == DEFAULT_ANSWER_DAYS == 15
    assert due_on(date(2026, 11, 23), 15) == date(2026, 12, 8)


@pytest.mark.parametrize("raw", ["0", "31", "soon"])
def test_an_answer_time_outside_1_to_30_days_is_refused(raw: str) -> None:
    with pytest.raises(InvalidInputError) as refused:
        parse_answer_days(raw)

    assert refused.value.field == "answer_days"


def test_only_an_open_complaint_past_its_day_is_overdue() -> None:
    due = date(2026, 12, 8)
    assert not is_overdue(ComplaintStatus.OPEN, due, due)
    assert is_overdue(ComplaintStatus.OPEN, due, date(2026, 12, 9))
    assert not is_overdue(ComplaintStatus.ANSWERED, due, date(2026, 12, 9))
    assert answered_on_time(due, due)
    assert not answered_on_time(due, None)


def test_the_answer_is_worded_in_the_customers_language() -> None:
    assert (
        answer_message("zh", "店", ComplaintKind.QUESTION, "好")
        == "【店】您关于个人信息的咨询已答复：好"
    )
    assert answer_message("en", "Shop", ComplaintKind.COMPLAINT, "Done.") == (
        "[Shop] The answer to your complaint about your personal information: Done."
    )


def test_a_language_other_than_chinese_or_english_is_refused() -> None:
    assert parse_language(None) == ""  # the customer's own language is looked up at intake
    with pytest.raises(InvalidInputError) as refused:
        parse_language("fr")

    assert refused.value.field == "language"
