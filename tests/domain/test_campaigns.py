"""Campaign rules: the opt-out line, 【店名】 and 广告 marks, quiet hours in shop time, the cap."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest

from privault.domain.campaigns import (
    FrequencyCap,
    MarketingChannel,
    QuietHours,
    Template,
    is_stop_reply,
    next_allowed,
    parse_cap,
    parse_send_at,
    parse_template,
    render,
)
from privault.domain.errors import InvalidInputError

SMS, EMAIL = MarketingChannel.SMS, MarketingChannel.EMAIL
ZONE = "Asia/Shanghai"


@pytest.mark.legal("广告法 Art. 43")
def test_an_sms_must_end_with_the_opt_out_line() -> None:
    with pytest.raises(InvalidInputError, match="回T退订"):
        parse_template(SMS, "新品八折")
    assert parse_template(SMS, " 新品八折。回T退订 ").body == "新品八折。回T退订"


def test_an_sms_is_signed_with_the_shop_name_once() -> None:
    assert render(Template("新品。回T退订"), SMS, "丽人", "").body == "【丽人】新品。回T退订"
    assert (
        render(Template("【丽人】新品。回T退订"), SMS, "丽人", "").body == "【丽人】新品。回T退订"
    )


@pytest.mark.legal("广告法 Art. 43")
def test_an_email_subject_is_marked_as_an_advertisement_and_names_the_shop() -> None:
    sent = render(parse_template(EMAIL, "{name}您好", "秋季新品"), EMAIL, "丽人", "王芳")
    assert sent.subject == "【广告】秋季新品"
    assert sent.body.startswith("王芳您好")
    assert sent.body.endswith("丽人")
    assert render(Template("x", "AD: sale"), EMAIL, "丽人", "").subject == "AD: sale"


@pytest.mark.parametrize(
    ("local", "expected"),
    [
        ("2026-11-23 20:59", "2026-11-23 20:59"),
        ("2026-11-23 21:00", "2026-11-24 08:00"),
        ("2026-11-24 02:30", "2026-11-24 08:00"),
        ("2026-11-24 08:00", "2026-11-24 08:00"),
    ],
)
def test_a_send_inside_quiet_hours_moves_to_eight_in_the_morning(local: str, expected: str) -> None:
    at = parse_send_at(local, ZONE)
    assert next_allowed(at.astimezone(UTC), ZONE) == parse_send_at(expected, ZONE)


def test_quiet_hours_may_be_within_one_day() -> None:
    lunch = QuietHours(time(12, 0), time(13, 0))
    assert lunch.holds_at(time(12, 30))
    assert not lunch.holds_at(time(13, 0))


def test_the_cap_counts_messages_in_its_window() -> None:
    cap = parse_cap("4/30")
    assert cap == FrequencyCap(4, 30)
    assert cap.allows(3)
    assert not cap.allows(4)
    assert cap.since(datetime(2026, 12, 31, tzinfo=UTC)) == datetime(2026, 12, 1, tzinfo=UTC)
    with pytest.raises(InvalidInputError, match="4/30"):
        parse_cap("four")


@pytest.mark.parametrize(("text", "stops"), [("T", True), ("td", True), ("退订", False)])
def test_a_t_or_td_reply_is_a_stop(text: str, stops: bool) -> None:
    assert is_stop_reply(text) is stops
