"""Customer classes A/B/C/D and churned (seed 003 制定客户分类标准): the business's rule, the
quarter it is computed for, and the pure computation from one row of figures per customer.

The seed's rule is the default: A = the top 15 by quarterly spend plus the important guests
(marked by hand with a reason); B = spend ranks 16-30 plus the top 15 by quarterly visits among
those not already A; C = the other customers who spent at least the minimum this quarter ("some
spending power"); D = potential (registered, consenting, no such spend); churned = a customer
who did visit once but not within the churn window before the quarter's end and is neither A
nor B (their class this quarter is what they spent in it, so the ranks come first).

Ties are broken deterministically, the same way on every run and database: by spend, ranks go
to the higher spend, then more visits, then the more recent last visit, then the smaller
customer id; by visits, to more visits, then higher spend, then the more recent last visit,
then the smaller customer id. Customers with nothing spent (or no visit) take no rank.

Classification is automated profiling (PIPL Art. 24): only customers with an active consent to
the purpose that covers it are given to `classify`; the caller filters them."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from operator import itemgetter
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from privault.domain.errors import InvalidInputError
from privault.domain.transactions import format_cents, parse_cents

# The catalog purpose whose consent covers class profiling (every preset ships it).
PROFILING_PURPOSE = "personalisation"
MAX_COUNT = 100_000
MAX_CHURN_DAYS = 3650
MAX_REASON = 200


class CustomerClass(StrEnum):
    A = "A"
    B = "B"
    C = "C"
    D = "D"
    CHURNED = "churned"


# Higher is better: how a change since last quarter reads (up, down).
RANK_ORDER = {
    CustomerClass.A: 4,
    CustomerClass.B: 3,
    CustomerClass.C: 2,
    CustomerClass.D: 1,
    CustomerClass.CHURNED: 0,
}


class Basis(StrEnum):
    """Why a customer is in their class: what the portal and the explanation tell them."""

    IMPORTANT = "important_guest"
    TOP_SPEND = "top_spend"
    NEXT_SPEND = "next_spend"
    TOP_VISITS = "top_visits"
    SPENDING = "spending"
    CHURNED = "no_recent_visit"
    POTENTIAL = "potential"


class Change(StrEnum):
    NEW = "new"  # no class last quarter
    UP = "up"
    DOWN = "down"
    SAME = "same"


@dataclass(frozen=True)
class Cut:
    """How many take a rank: a count, or a percentage of the customers ranked."""

    value: int
    is_percent: bool = False

    def size(self, ranked: int) -> int:
        if self.is_percent:
            return math.ceil(self.value * ranked / 100)
        return self.value

    def as_text(self) -> str:
        return f"{self.value}%" if self.is_percent else str(self.value)


@dataclass(frozen=True)
class ClassRule:
    a_spend: Cut = Cut(15)  # the top spenders: A
    b_spend: Cut = Cut(30)  # spend ranks after A up to this one: B
    b_visits: Cut = Cut(15)  # the top by visits among those not A: B
    c_min_spend_cents: int = 1  # at least this spent in the quarter: C, else D
    churn_days: int = 180  # no visit for this long before the quarter's end: churned

    def as_text(self) -> str:
        return (
            f"a_spend={self.a_spend.as_text()} b_spend={self.b_spend.as_text()} "
            f"b_visits={self.b_visits.as_text()} "
            f"c_min_spend={format_cents(self.c_min_spend_cents)} churn_days={self.churn_days}"
        )


DEFAULT_RULE = ClassRule()
RULE_KEYS = ("a_spend", "b_spend", "b_visits", "c_min_spend", "churn_days")
_CUT = re.compile(r"^(\d{1,6})(%?)$")
_ASSIGNMENT = re.compile(r"^([a-z_]+)=(\S+)$")


def parse_rule(text: str, base: ClassRule = DEFAULT_RULE) -> ClassRule:
    """`key=value` pairs separated by spaces (`a_spend=10% churn_days=90`); keys not named keep
    `base`'s value."""
    values: dict[str, str] = {}
    for part in text.split():
        match = _ASSIGNMENT.match(part)
        if match is None or match.group(1) not in RULE_KEYS:
            raise InvalidInputError(
                "write the rule as key=value pairs; keys are {keys}, e.g. {example}",
                field="rule",
                params={"keys": ", ".join(RULE_KEYS), "example": "a_spend=15 b_visits=10%"},
            )
        values[match.group(1)] = match.group(2)
    return rule_from(values, base)


def rule_from(values: Mapping[str, str], base: ClassRule = DEFAULT_RULE) -> ClassRule:
    cuts = {
        key: _cut(key, values[key]) for key in ("a_spend", "b_spend", "b_visits") if key in values
    }
    rule = replace(
        base,
        a_spend=cuts.get("a_spend", base.a_spend),
        b_spend=cuts.get("b_spend", base.b_spend),
        b_visits=cuts.get("b_visits", base.b_visits),
    )
    if "c_min_spend" in values:
        cents = parse_cents(values["c_min_spend"], "c_min_spend")
        if cents < 1:
            raise InvalidInputError("at least 0.01: C needs some spend", field="c_min_spend")
        rule = replace(rule, c_min_spend_cents=cents)
    if "churn_days" in values:
        rule = replace(rule, churn_days=_churn_days(values["churn_days"]))
    _check_order(rule)
    return rule


def _cut(key: str, raw: str) -> Cut:
    match = _CUT.match(raw.strip())
    value = int(match.group(1)) if match else -1
    is_percent = bool(match and match.group(2))
    if match is None or value > (100 if is_percent else MAX_COUNT):
        raise InvalidInputError(
            "a count from 0 to {most} or a percentage from 0% to 100%, e.g. 15 or 10%",
            field=key,
            params={"most": MAX_COUNT},
        )
    return Cut(value, is_percent)


def _churn_days(raw: str) -> int:
    if not raw.strip().isdigit() or not 1 <= int(raw) <= MAX_CHURN_DAYS:
        raise InvalidInputError(
            "a whole number of days from 1 to {most}, e.g. 180",
            field="churn_days",
            params={"most": MAX_CHURN_DAYS},
        )
    return int(raw)


def _check_order(rule: ClassRule) -> None:
    """B's spend ranks follow A's: with both counts (or both percentages) B's must reach at
    least as far."""
    a, b = rule.a_spend, rule.b_spend
    if a.is_percent == b.is_percent and b.value < a.value:
        raise InvalidInputError(
            "B's spend ranks end at {b}, before A's end at {a}; give b_spend at least a_spend",
            field="b_spend",
            params={"a": a.as_text(), "b": b.as_text()},
        )


# --- quarters ----------------------------------------------------------------------------------

_QUARTER = re.compile(r"^(\d{4})-?Q([1-4])$")


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int  # 1..4

    @property
    def key(self) -> str:
        return f"{self.year}Q{self.number}"

    @property
    def first_day(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    def next(self) -> Quarter:
        return Quarter(self.year + self.number // 4, self.number % 4 + 1)

    def previous(self) -> Quarter:
        return Quarter(self.year - (self.number == 1), (self.number - 2) % 4 + 1)

    def bounds(self, zone: str) -> tuple[datetime, datetime]:
        """Start and end (exclusive) as instants: midnight in the shop's zone."""
        tz = ZoneInfo(zone)
        start = datetime.combine(self.first_day, time(), tz)
        end = datetime.combine(self.next().first_day, time(), tz)
        return start, end


def quarter_of(at: datetime, zone: str) -> Quarter:
    local = at.astimezone(ZoneInfo(zone)).date()
    return Quarter(local.year, (local.month - 1) // 3 + 1)


def last_ended_quarter(at: datetime, zone: str) -> Quarter:
    return quarter_of(at, zone).previous()


def parse_quarter(raw: str) -> Quarter:
    match = _QUARTER.match(raw.strip().upper())
    if match is None or not 2000 <= int(match.group(1)) <= 2999:
        raise InvalidInputError(
            "write the quarter as YYYYQn, e.g. 2026Q4", field="quarter", params={}
        )
    return Quarter(int(match.group(1)), int(match.group(2)))


# --- the computation ---------------------------------------------------------------------------


class Figures(NamedTuple):
    """One customer's quarter, as the database adds it up (spend net of refunds and
    reversals, in fen; visits in the quarter; the last visit ever before its end). Named
    tuples, not dataclasses: a million of them are made per quarter."""

    customer_id: str
    spend_cents: int
    visits: int
    last_visit_at: datetime | None
    is_important: bool = False


class Placement(NamedTuple):
    customer_id: str
    customer_class: CustomerClass
    basis: Basis
    spend_cents: int
    visits: int
    spend_rank: int | None  # 1 = the highest spend; none when nothing was spent
    visit_rank: int | None  # among those not A; none when A or no visit


def classify(rows: Iterable[Figures], rule: ClassRule, quarter_end: datetime) -> list[Placement]:
    """Every customer given gets exactly one class (see the module's rule and tie order)."""
    figures = list(rows)
    spend_ranks = _ranks([f for f in figures if f.spend_cents > 0], _SPEND, _VISITS)
    ranked = len(spend_ranks)
    a_size = rule.a_spend.size(ranked)
    b_size = max(a_size, rule.b_spend.size(ranked))
    is_a = {f.customer_id for f in figures if f.is_important}
    is_a |= {c for c, r in spend_ranks.items() if r <= a_size}
    visitors = [f for f in figures if f.visits > 0 and f.customer_id not in is_a]
    visit_ranks = _ranks(visitors, _VISITS, _SPEND)
    churn_before = quarter_end - timedelta(days=rule.churn_days)
    sizes = (a_size, b_size, rule.b_visits.size(len(visitors)))
    return [
        _place(
            f,
            spend_ranks.get(f.customer_id),
            visit_ranks.get(f.customer_id),
            rule,
            sizes,
            churn_before,
        )
        for f in figures
    ]


def _place(
    f: Figures,
    spend_rank: int | None,
    visit_rank: int | None,
    rule: ClassRule,
    sizes: tuple[int, int, int],
    churn_before: datetime,
) -> Placement:
    a_size, b_size, b_visit_size = sizes
    chosen: tuple[CustomerClass, Basis]
    if f.is_important:
        chosen = (CustomerClass.A, Basis.IMPORTANT)
    elif spend_rank is not None and spend_rank <= a_size:
        chosen = (CustomerClass.A, Basis.TOP_SPEND)
    elif spend_rank is not None and spend_rank <= b_size:
        chosen = (CustomerClass.B, Basis.NEXT_SPEND)
    elif visit_rank is not None and visit_rank <= b_visit_size:
        chosen = (CustomerClass.B, Basis.TOP_VISITS)
    elif f.last_visit_at is not None and f.last_visit_at < churn_before:
        chosen = (CustomerClass.CHURNED, Basis.CHURNED)
    elif f.spend_cents >= rule.c_min_spend_cents:
        chosen = (CustomerClass.C, Basis.SPENDING)
    else:
        chosen = (CustomerClass.D, Basis.POTENTIAL)
    is_a = chosen[0] is CustomerClass.A
    return Placement(
        f.customer_id, *chosen, f.spend_cents, f.visits, spend_rank, None if is_a else visit_rank
    )


ItemGetter = Callable[[Any], Any]
NEVER = datetime.min.replace(tzinfo=UTC)
_ID, _SPEND, _VISITS = itemgetter(0), itemgetter(1), itemgetter(2)


def _last_visit(f: Figures) -> datetime:
    return f.last_visit_at or NEVER


def _ranks(figures: list[Figures], first: ItemGetter, then: ItemGetter) -> dict[str, int]:
    """Rank 1 = the highest `first`, ties by `then`, then the more recent last visit, then
    the smaller id: stable sorts from the last tie-break to the first (each a plain key,
    several times faster over a million than one sort by built tuples)."""
    ordered = sorted(figures, key=_ID)
    ordered.sort(key=_last_visit, reverse=True)
    ordered.sort(key=then, reverse=True)
    ordered.sort(key=first, reverse=True)
    return {f.customer_id: rank for rank, f in enumerate(ordered, 1)}


def change_since(now: CustomerClass, before: CustomerClass | None) -> Change:
    if before is None:
        return Change.NEW
    if RANK_ORDER[now] == RANK_ORDER[before]:
        return Change.SAME
    return Change.UP if RANK_ORDER[now] > RANK_ORDER[before] else Change.DOWN


def parse_important_reason(raw: str | None) -> str:
    """Marking an important guest needs a reason the audit trail keeps (no personal value:
    a role or occasion, such as "区政府接待", not a name)."""
    cleaned = " ".join((raw or "").split())
    if not cleaned:
        raise InvalidInputError(
            "give the reason this customer is an important guest, e.g. 年度宴请主办单位",
            field="reason",
        )
    if len(cleaned) > MAX_REASON:
        raise InvalidInputError(
            "at most {limit} characters", field="reason", params={"limit": MAX_REASON}
        )
    return cleaned


def count_by_class(placements: Iterable[CustomerClass]) -> dict[str, int]:
    counts = {c.value: 0 for c in CustomerClass}
    for found in placements:
        counts[found.value] += 1
    return counts


# What the customer reads (portal, explanation): why they are in their class, zh and en.
BASIS_ZH = {
    Basis.IMPORTANT: "门店将您登记为重要来宾",
    Basis.TOP_SPEND: "本季度消费额排名第{spend_rank}位（前{a}名为A类）",
    Basis.NEXT_SPEND: "本季度消费额排名第{spend_rank}位（第{a_next}至{b}名为B类）",
    Basis.TOP_VISITS: "本季度到店次数{visits}次，在A类以外的客户中排名第{visit_rank}位",
    Basis.SPENDING: "本季度有消费（{spend}元），未进入A类或B类",
    Basis.CHURNED: "已超过{churn_days}天未到店",
    Basis.POTENTIAL: "本季度尚无消费",
}
BASIS_EN = {
    Basis.IMPORTANT: "the shop marked you as an important guest",
    Basis.TOP_SPEND: "your spend this quarter ranks {spend_rank} (the top {a} are A)",
    Basis.NEXT_SPEND: "your spend this quarter ranks {spend_rank} (ranks {a_next} to {b} are B)",
    Basis.TOP_VISITS: "{visits} visits this quarter, rank {visit_rank} among those not in A",
    Basis.SPENDING: "you spent {spend} this quarter, outside the A and B ranks",
    Basis.CHURNED: "no visit for more than {churn_days} days",
    Basis.POTENTIAL: "no spend this quarter yet",
}


def explain(placement: Placement, rule: ClassRule, ranked: int) -> tuple[str, str]:
    """The reason in Chinese and English; `ranked`: how many customers had a spend rank."""
    a = rule.a_spend.size(ranked)
    values = {
        "spend_rank": placement.spend_rank,
        "visit_rank": placement.visit_rank,
        "visits": placement.visits,
        "spend": format_cents(placement.spend_cents),
        "a": a,
        "a_next": a + 1,
        "b": max(a, rule.b_spend.size(ranked)),
        "churn_days": rule.churn_days,
    }
    basis = placement.basis
    return BASIS_ZH[basis].format(**values), BASIS_EN[basis].format(**values)


# The classes as the customer and the staff read them.
CLASS_ZH = {
    CustomerClass.A: "A类（大客户）",
    CustomerClass.B: "B类（老客户）",
    CustomerClass.C: "C类（重要客户）",
    CustomerClass.D: "D类（潜在客户）",
    CustomerClass.CHURNED: "流失客户",
}
CLASS_EN = {
    CustomerClass.A: "A (major customer)",
    CustomerClass.B: "B (regular customer)",
    CustomerClass.C: "C (valued customer)",
    CustomerClass.D: "D (potential customer)",
    CustomerClass.CHURNED: "churned",
}


@dataclass(frozen=True)
class ClassProfile:
    """A customer's latest class and why, as they are told it (PIPL Art. 24, 48)."""

    quarter: str
    customer_class: CustomerClass
    reason_zh: str
    reason_en: str

    @property
    def text_zh(self) -> str:
        return (
            f"客户分类（按季度消费与到店情况自动评定，依据您对“个性化服务”的同意）："
            f"{self.quarter} {CLASS_ZH[self.customer_class]}；原因：{self.reason_zh}。"
            "您可随时撤回“个性化服务”同意以拒绝该评定，撤回后不再评定，也不再据此向您推送营销。"
        )

    @property
    def text_en(self) -> str:
        return (
            "Customer class (set automatically from each quarter's spend and visits, under your "
            f"consent to personalised service): {self.quarter} {CLASS_EN[self.customer_class]}; "
            f"why: {self.reason_en}. Withdraw that consent at any time to refuse it: you are then "
            "neither classed nor sent marketing based on a class."
        )


def class_profile(quarter: str, rule_text: str, ranked: int, placement: Placement) -> ClassProfile:
    """`rule_text`, `ranked`: as the quarter's run recorded them."""
    zh, en = explain(placement, parse_rule(rule_text), ranked)
    return ClassProfile(quarter, placement.customer_class, zh, en)
