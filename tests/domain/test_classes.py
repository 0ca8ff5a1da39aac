"""The seed's class rule on a known data set, its thresholds, churn, ties and quarters."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from privault.domain.classes import (
    DEFAULT_RULE,
    Basis,
    Change,
    ClassRule,
    CustomerClass,
    Cut,
    Figures,
    Placement,
    Quarter,
    change_since,
    classify,
    count_by_class,
    explain,
    last_ended_quarter,
    parse_important_reason,
    parse_quarter,
    parse_rule,
    quarter_of,
)
from privault.domain.errors import InvalidInputError

END = datetime(2026, 12, 31, 16, 0, tzinfo=UTC)  # 2027-01-01 00:00 in Asia/Shanghai
RECENT = END - timedelta(days=3)


def _name(i: int) -> str:
    return f"c{i:02d}"


def forty() -> list[Figures]:
    """c01-c36 spent (c01 most, 100 yuan apart); A's c01-c15 visit most (50-64), so ranking by
    visits must skip them; c16-c30 visit 10-24 times, c31-c33 30-40 times, c34-c36 1-3 times.
    c37 spent nothing but is an important guest; c38 visited 100 days ago, c39 and c40 200 and
    400 days ago. Spends and visits are all distinct: no tie decides anything."""
    visits = {i: 65 - i for i in range(1, 16)}
    visits |= {i: i - 6 for i in range(16, 31)}
    visits |= {31: 40, 32: 35, 33: 30, 34: 1, 35: 2, 36: 3}
    rows = [
        Figures(_name(i), (41 - i) * 10_000, visits[i], RECENT - timedelta(hours=i))
        for i in range(1, 37)
    ]
    rows.append(Figures(_name(37), 0, 0, None, is_important=True))
    rows += [
        Figures(_name(i), 0, 0, END - timedelta(days=days))
        for i, days in ((38, 100), (39, 200), (40, 400))
    ]
    return rows


def _classes(placements: list[Placement]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {c.value: set() for c in CustomerClass}
    for p in placements:
        found[p.customer_class.value].add(p.customer_id)
    return found


def _names(*ranges: range) -> set[str]:
    return {_name(i) for r in ranges for i in r}


@pytest.mark.legal("PIPL Art. 24")
def test_the_seeds_rule_places_forty_customers_exactly() -> None:
    placed = _classes(classify(forty(), DEFAULT_RULE, END))

    assert placed == {
        "A": _names(range(1, 16), range(37, 38)),
        "B": _names(range(16, 34)),
        "C": _names(range(34, 37)),
        "D": {"c38"},
        "churned": {"c39", "c40"},
    }


def test_each_placement_names_its_basis_and_ranks() -> None:
    by_id = {p.customer_id: p for p in classify(forty(), DEFAULT_RULE, END)}

    assert (by_id["c01"].basis, by_id["c01"].spend_rank) == (Basis.TOP_SPEND, 1)
    assert by_id["c37"].basis is Basis.IMPORTANT
    assert (by_id["c16"].basis, by_id["c16"].spend_rank) == (Basis.NEXT_SPEND, 16)
    # c31 is spend rank 31 and the most frequent visitor outside A.
    assert (by_id["c31"].basis, by_id["c31"].visit_rank) == (Basis.TOP_VISITS, 1)
    assert by_id["c34"].basis is Basis.SPENDING
    assert by_id["c38"].basis is Basis.POTENTIAL
    assert by_id["c40"].basis is Basis.CHURNED
    assert by_id["c05"].visit_rank is None  # A takes no visit rank


def test_counts_and_percentages_are_both_thresholds() -> None:
    rule = parse_rule("a_spend=10% b_spend=20% b_visits=0")

    placed = _classes(classify(forty(), rule, END))

    # 36 spenders: the top 10% is 4 (rounded up), ranks 5-8 are B.
    assert placed["A"] == _names(range(1, 5), range(37, 38))
    assert placed["B"] == _names(range(5, 9))
    assert placed["C"] == _names(range(9, 37))


def test_the_minimum_spend_for_c_sends_small_spenders_to_d() -> None:
    rule = parse_rule("c_min_spend=600 b_visits=0")

    placed = _classes(classify(forty(), rule, END))

    # c36 spent 500 yuan, c35 600: the minimum is inclusive.
    assert "c36" in placed["D"]
    assert "c35" in placed["C"]


def test_a_shorter_churn_window_churns_more_and_never_a_ranked_customer() -> None:
    rule = parse_rule("churn_days=90")
    rows = [*forty(), Figures("c41", 50 * 10_000, 1, END - timedelta(days=95))]

    placed = _classes(classify(rows, rule, END))

    assert placed["churned"] == {"c38", "c39", "c40"}
    assert "c41" in placed["A"]  # the top spender of the quarter, even if not seen since


def test_ties_go_by_visits_then_last_visit_then_customer_id() -> None:
    same = 10_000
    rows = [
        Figures("b", same, 2, RECENT),
        Figures("a", same, 2, RECENT),
        Figures("c", same, 2, RECENT + timedelta(hours=1)),
        Figures("d", same, 3, RECENT),
    ]
    rule = ClassRule(a_spend=Cut(1), b_spend=Cut(3), b_visits=Cut(0))

    ranks = {p.customer_id: p.spend_rank for p in classify(rows, rule, END)}

    assert ranks == {"d": 1, "c": 2, "a": 3, "b": 4}


def test_b_by_visits_ranks_among_those_not_already_a() -> None:
    rows = [Figures("top", 900, 50, RECENT), Figures("x", 100, 5, RECENT)]
    rows += [Figures(f"y{i}", 50, i, RECENT) for i in range(1, 4)]
    rule = ClassRule(a_spend=Cut(1), b_spend=Cut(1), b_visits=Cut(2))

    placed = _classes(classify(rows, rule, END))

    assert placed["B"] == {"x", "y3"}


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("a_spend=abc", "a_spend"),
        ("b_visits=101%", "b_visits"),
        ("a_spend=200000", "a_spend"),
        ("c_min_spend=0", "c_min_spend"),
        ("c_min_spend=-3", "c_min_spend"),
        ("churn_days=0", "churn_days"),
        ("churn_days=soon", "churn_days"),
        ("a_spend=20 b_spend=10", "b_spend"),
        ("colour=blue", "rule"),
        ("a_spend 15", "rule"),
    ],
)
def test_a_bad_threshold_is_refused_naming_the_field(text: str, field: str) -> None:
    with pytest.raises(InvalidInputError) as refused:
        parse_rule(text)

    assert refused.value.field == field


def test_a_rule_reads_back_as_the_text_it_was_written_in() -> None:
    rule = parse_rule("a_spend=10% b_spend=25 b_visits=12 c_min_spend=50 churn_days=90")

    assert parse_rule(rule.as_text()) == rule
    assert DEFAULT_RULE.as_text() == (
        "a_spend=15 b_spend=30 b_visits=15 c_min_spend=0.01 churn_days=180"
    )


def test_quarters_are_the_shops_calendar_quarters() -> None:
    new_year_in_shanghai = datetime(2026, 12, 31, 16, 30, tzinfo=UTC)

    assert quarter_of(new_year_in_shanghai, "Asia/Shanghai") == Quarter(2027, 1)
    assert quarter_of(new_year_in_shanghai, "Europe/Berlin") == Quarter(2026, 4)
    assert last_ended_quarter(new_year_in_shanghai, "Asia/Shanghai").key == "2026Q4"
    start, end = Quarter(2026, 4).bounds("Asia/Shanghai")
    assert (start, end) == (
        datetime(2026, 9, 30, 16, tzinfo=UTC),
        datetime(2026, 12, 31, 16, tzinfo=UTC),
    )
    assert Quarter(2026, 1).previous() == Quarter(2025, 4)
    assert parse_quarter("2026q3") == Quarter(2026, 3)


def test_a_bad_quarter_is_refused() -> None:
    with pytest.raises(InvalidInputError) as refused:
        parse_quarter("2026Q5")

    assert refused.value.field == "quarter"


def test_change_since_last_quarter_reads_up_down_same_or_new() -> None:
    assert change_since(CustomerClass.A, CustomerClass.B) is Change.UP
    assert change_since(CustomerClass.CHURNED, CustomerClass.D) is Change.DOWN
    assert change_since(CustomerClass.C, CustomerClass.C) is Change.SAME
    assert change_since(CustomerClass.C, None) is Change.NEW


def test_an_important_guest_needs_a_reason() -> None:
    with pytest.raises(InvalidInputError) as refused:
        parse_important_reason("  ")

    assert refused.value.field == "reason"
    assert parse_important_reason(" 年度 宴请 ") == "年度 宴请"


def test_the_explanation_names_the_rank_and_the_rule() -> None:
    placements = classify(forty(), DEFAULT_RULE, END)
    c20 = next(p for p in placements if p.customer_id == "c20")

    zh, en = explain(c20, DEFAULT_RULE, ranked=36)

    assert zh == "本季度消费额排名第20位（第16至30名为B类）"
    assert en == "your spend this quarter ranks 20 (ranks 16 to 30 are B)"
    assert count_by_class(p.customer_class for p in placements)["B"] == 18
