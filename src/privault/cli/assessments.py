"""`privault assessments ...`: the impact assessments (个人信息保护影响评估) the privacy officer
starts from a template, answers, approves and, after three years, may delete."""

from __future__ import annotations

from typing import Annotated

import typer

from privault.cli import context
from privault.cli.options import Json
from privault.cli.output import emit_json, plain, record, table
from privault.domain.assessments import Assessment
from privault.domain.errors import InvalidInputError
from privault.services.assessments.register import (
    approve_assessment,
    delete_assessment,
    edit_assessment,
    get_assessment,
    list_assessments,
    start_assessment,
)

app = typer.Typer(help="Impact assessments (个人信息保护影响评估, PIPL Art. 55-56).")
AssessmentId = Annotated[str, typer.Argument(help="The assessment's id.")]


@app.command("list")
def list_(as_json: Json = False) -> None:
    """Every assessment: purpose, status, approver."""
    with context.vault() as vault:
        found = list_assessments(vault, context.actor())
    if as_json:
        emit_json(found)
        return
    rows = [(a.id, a.purpose, a.subject, a.status, a.title, a.approved_by or "") for a in found]
    table("assessments", ["id", "purpose", "subject", "status", "title", "approved by"], rows)


@app.command("show")
def show(assessment_id: AssessmentId, as_json: Json = False) -> None:
    """One assessment with its questions, risks and measures."""
    with context.vault() as vault:
        _show(get_assessment(vault, context.actor(), assessment_id), as_json)


@app.command("start")
def start(
    purpose: Annotated[str, typer.Argument(help="The catalog purpose it assesses.")],
    subject: Annotated[str, typer.Option(help="Narrower: a partner, a transfer.")] = "",
    as_json: Json = False,
) -> None:
    """A draft from the purpose's template."""
    with context.vault() as vault:
        _show(start_assessment(vault, context.actor(), purpose, subject), as_json)


@app.command("edit")
def edit(
    assessment_id: AssessmentId,
    title: Annotated[str | None, typer.Option(help="A new title.")] = None,
    answer: Annotated[
        list[str] | None, typer.Option(help="N=TEXT: the answer to question N (repeatable).")
    ] = None,
    risk: Annotated[list[str] | None, typer.Option(help="Replaces the risks (repeatable).")] = None,
    measure: Annotated[
        list[str] | None, typer.Option(help="Replaces the measures (repeatable).")
    ] = None,
    as_json: Json = False,
) -> None:
    """Answer questions, replace risks or measures; a draft only."""
    answers = _answers(answer or [])
    with context.vault() as vault:
        changed = edit_assessment(
            vault,
            context.actor(),
            assessment_id,
            title=title,
            answers=answers,
            risks=risk,
            measures=measure,
        )
    _show(changed, as_json)


@app.command("approve")
def approve(assessment_id: AssessmentId, as_json: Json = False) -> None:
    """Approve a complete draft; you are named as the approver."""
    with context.vault() as vault:
        _show(approve_assessment(vault, context.actor(), assessment_id), as_json)


@app.command("delete")
def delete(assessment_id: AssessmentId, as_json: Json = False) -> None:
    """A draft at once; an approved one only three years after its approval."""
    with context.vault() as vault:
        delete_assessment(vault, context.actor(), assessment_id)
    if as_json:
        emit_json({"deleted": assessment_id})
        return
    typer.echo(f"deleted {assessment_id}")


def _answers(given: list[str]) -> dict[int, str]:
    answers = {}
    for item in given:
        number, sep, text = item.partition("=")
        if not sep or not number.strip().isdigit():
            raise InvalidInputError("give N=TEXT, such as 1=yes", field="answer")
        answers[int(number)] = text
    return answers


def _show(a: Assessment, as_json: bool) -> None:
    if as_json:
        emit_json({**plain(a), "keep_until": a.keep_until})
        return
    questions = [(f"Q{i}", f"{q.question}\n→ {q.answer}") for i, q in enumerate(a.questions, 1)]
    pairs = [
        ("id", a.id),
        ("purpose", a.purpose),
        ("subject", a.subject),
        ("status", a.status),
        ("triggers", list(a.triggers)),
        *questions,
        ("risks", list(a.risks)),
        ("measures", list(a.measures)),
        ("approved by", a.approved_by or ""),
        ("keep until", a.keep_until),
    ]
    record(a.title, pairs)
