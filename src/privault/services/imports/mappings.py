"""Import mappings (issue 17, point 7): which catalog field or membership figure each column
of another system's export becomes, proposed from synonyms, shown on a masked preview of the
first rows, saved under the source system's name and found again for its next file."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from privault.db.import_mappings import SavedMapping
from privault.domain.errors import InvalidInputError
from privault.domain.import_columns import ColumnPlan, plan_columns, preview_cells
from privault.domain.import_mapping import choice_target, headers_digest, parse_mapping_name
from privault.domain.policy import Action, Actor
from privault.infra.tabular import check_file, read_rows
from privault.services.use_case import UseCase, use_case
from privault.services.vault import Vault

PREVIEW_ROWS = 5


@dataclass(frozen=True)
class Column:
    header: str
    target: str  # a field key, a membership figure (member:..., history:...), notice, ...; "" out


@dataclass(frozen=True)
class ImportPreview:
    mapping: str | None  # the saved mapping applied: named, or found for these headers
    columns: list[Column]
    unimported: list[str]  # headers as written
    rows: list[list[str]]  # the first rows, masked, a cell per column ("" for one left out)


def chosen_mapping(
    uc: UseCase, header: Sequence[str], name: str | None, overrides: Mapping[str, str]
) -> tuple[str | None, dict[str, str]]:
    """The mapping named, else the one saved for these headers; the choices made now win."""
    if name:
        saved = uc.uow.import_mappings.named(parse_mapping_name(name))
        if saved is None:
            known = ", ".join(m.name for m in uc.uow.import_mappings.all()) or "none"
            raise InvalidInputError(
                "no saved import mapping has this name; saved: {known}",
                field="mapping",
                params={"known": known},
            )
    else:
        saved = uc.uow.import_mappings.for_headers(headers_digest(header))
    chosen_now = {header: choice_target(uc.catalog, t) for header, t in overrides.items()}
    choices = {**(saved.choices if saved else {}), **chosen_now}
    return (saved.name if saved else None), choices


def keep_mapping(uc: UseCase, name: str, header: Sequence[str], plan: ColumnPlan) -> str:
    """Saved (replacing one of the same name) and audited, in the caller's use case."""
    saved = SavedMapping(
        parse_mapping_name(name), headers_digest(header), dict(plan.choices), uc.now, uc.actor.name
    )
    uc.uow.import_mappings.save(saved)
    uc.record(Action.IMPORT, reason=f"import mapping saved: {saved.name}")
    return saved.name


def preview_import(
    vault: Vault,
    actor: Actor,
    path: Path,
    *,
    mapping: str | None = None,
    choices: Mapping[str, str] | None = None,
    save_as: str | None = None,
) -> ImportPreview:
    """Changes nothing but the mapping saved with `save_as`; the preview is audited."""
    check_file(path)
    rows = read_rows(path)
    header = next(rows, [])
    with use_case(vault, actor) as uc:
        uc.require(Action.IMPORT, fields=[f"file:{path.name}"])
        name, chosen = chosen_mapping(uc, header, mapping, choices or {})
        plan = plan_columns(uc.catalog, header, chosen)
        today = uc.now.date()
        shown = [preview_cells(uc.catalog, plan, c, today) for c in islice(rows, PREVIEW_ROWS)]
        named = [i for i, h in enumerate(header) if h.strip()]  # a cell per column shown
        uc.record(Action.IMPORT, reason="import preview (first rows masked)")
        if save_as:
            name = keep_mapping(uc, save_as, header, plan)
        uc.commit()
    columns = [Column(h.strip(), plan.choices.get(h.strip(), "")) for h in header if h.strip()]
    cells = [[row[i] if i < len(row) else "" for i in named] for row in shown]
    return ImportPreview(name, columns, [n for _, n in plan.unimported], cells)


def list_mappings(vault: Vault, actor: Actor) -> list[SavedMapping]:
    """Headers and targets only; for whoever may import."""
    with use_case(vault, actor, read_only=True) as uc:
        uc.require(Action.IMPORT)
        return uc.uow.import_mappings.all()
