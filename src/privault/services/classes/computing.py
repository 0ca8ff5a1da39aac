"""Computing a quarter's classes: on demand, and at each quarter's end by the scheduler.

The figures are added up by the database in one set-based query (no customer is loaded one by
one) for the customers whose consent to the profiling purpose stands (PIPL Art. 24); the pure
rule places them; the classes are written in bulk, replacing an earlier run of that quarter.
The run is audited as one event with its counts: each customer's row is the record of their
profiling, and what a person sees of it (the list, the briefing) is audited per customer."""

from __future__ import annotations

from dataclasses import dataclass

from privault.db.classes import ClassRun
from privault.domain.classes import (
    PROFILING_PURPOSE,
    Quarter,
    classify,
    count_by_class,
    last_ended_quarter,
    parse_quarter,
)
from privault.domain.errors import ConflictError
from privault.domain.policy import Action, Actor
from privault.services.classes.listing import consenting
from privault.services.classes.rule import class_rule
from privault.services.use_case import UseCase, use_case
from privault.services.vault import Vault

NOT_BEGUN = "quarter {quarter} has not begun; classes are computed for a quarter under way or past"
NO_PURPOSE = (
    "the catalog has no consent-based purpose {purpose}; classes are automated profiling and "
    "need it (PIPL Art. 24): add it to the catalog first"
)


@dataclass(frozen=True)
class ClassReport:
    quarter: str
    counts: dict[str, int]
    is_partial: bool  # computed before the quarter ended (figures up to now)
    zone: str


def compute_classes(vault: Vault, actor: Actor, quarter: str | None = None) -> ClassReport:
    """`quarter` (2026Q4): by default the last quarter that has ended in the shop's zone."""
    chosen = parse_quarter(quarter) if quarter else None
    with use_case(vault, actor) as uc:
        uc.require(Action.CLASSES_COMPUTE)
        report = _compute(uc, chosen)
        uc.commit()
    return report


def compute_ended_quarter(vault: Vault, actor: Actor) -> dict[str, int]:
    """The scheduled job: the quarter just ended, once (a run made while it was under way is
    made again in full)."""
    with use_case(vault, actor) as uc:
        uc.require(Action.CLASSES_COMPUTE)
        ended = last_ended_quarter(uc.now, _zone(uc))
        done = uc.uow.classes.run(ended.key)
        if done is not None and not done.is_partial:
            return {"computed": 0}
        report = _compute(uc, ended)
        uc.commit()
    return {"computed": 1, "classified": sum(report.counts.values())}


def _compute(uc: UseCase, quarter: Quarter | None) -> ClassReport:
    zone = _zone(uc)
    chosen = quarter or last_ended_quarter(uc.now, zone)
    start, end = chosen.bounds(zone)
    if start > uc.now:
        raise ConflictError(NOT_BEGUN, params={"quarter": chosen.key})
    _check_purpose(uc)
    until = min(end, uc.now)
    rule = class_rule(uc)
    figures = uc.uow.classes.figures(start, until, consenting(uc))
    placements = classify(figures, rule, until)
    ranked = sum(1 for p in placements if p.spend_rank is not None)
    run = ClassRun(chosen.key, uc.now, uc.actor.name, rule.as_text(), ranked, until < end)
    uc.uow.classes.replace(run, placements)
    counts = count_by_class(p.customer_class for p in placements)
    shown = " ".join(f"{k}={n}" for k, n in counts.items())
    uc.record(Action.CLASSES_COMPUTE, reason=f"classes of {chosen.key}: {shown}")
    return ClassReport(chosen.key, counts, run.is_partial, zone)


def _check_purpose(uc: UseCase) -> None:
    purpose = uc.catalog.purposes.get(PROFILING_PURPOSE)
    if purpose is None or not purpose.needs_consent:
        error = ConflictError(NO_PURPOSE, params={"purpose": PROFILING_PURPOSE})
        uc.refuse(Action.CLASSES_COMPUTE, error)


def _zone(uc: UseCase) -> str:
    return uc.vault.opening_hours(uc.uow).zone
