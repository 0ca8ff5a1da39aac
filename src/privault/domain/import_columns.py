"""How an import file's columns map to catalog fields, per-row consent and consent details."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from privault.domain.catalog import Catalog
from privault.domain.errors import InvalidInputError
from privault.domain.import_mapping import SKIP, is_extra, looks_like_figure, reform, suggest
from privault.domain.masking import mask
from privault.domain.values import normalise

# Columns about the consent itself rather than about the customer.
META_COLUMNS = {
    "notice": "notice",
    "告知版本": "notice",
    "隐私政策版本": "notice",
    "evidence": "evidence",
    "同意凭证": "evidence",
    "guardian_name": "guardian_name",
    "监护人姓名": "guardian_name",
    "guardian_relation": "guardian_relation",
    "监护人关系": "guardian_relation",
    "store": "store",
    "门店": "store",
}
CONSENT_PREFIXES = ("consent:", "同意:", "同意：")
YES = {"1", "y", "yes", "true", "x", "✓", "✔", "是", "同意", "已同意"}


@dataclass(frozen=True)
class ColumnPlan:
    fields: dict[int, str] = field(default_factory=dict)
    consents: dict[int, str] = field(default_factory=dict)
    meta: dict[int, str] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)  # field key -> header as written
    # Issue 17 point 7: membership and history figures (import_mapping.Extra) by position, the
    # columns left out (position, header as written), and every column's target ("" left out).
    extras: dict[int, str] = field(default_factory=dict)
    unimported: list[tuple[int, str]] = field(default_factory=list)
    undecided: list[tuple[int, str]] = field(default_factory=list)  # left out by no one's choice
    choices: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ParsedRow:
    values: dict[str, str]
    purposes: frozenset[str]
    meta: dict[str, str]
    extras: dict[str, str] = field(default_factory=dict)


def plan_columns(
    catalog: Catalog, header: list[str], choices: Mapping[str, str] | None = None
) -> ColumnPlan:
    """Refuses the whole file on a repeated column, before any row is read. A column that is
    no field, consent or known synonym (and not chosen in `choices`, a saved mapping: header
    -> target, "" to leave it out) is listed in `unimported`: the importer asks to confirm."""
    plan = ColumnPlan()
    seen: dict[str, int] = {}
    for position, raw in enumerate(header):
        name = raw.strip()
        if not name:
            continue
        target = _classify(catalog, name, position, plan, choices or {})
        plan.choices[name] = target or SKIP
        if target is None:
            plan.unimported.append((position, name))
            if (choices or {}).get(name) != SKIP:
                plan.undecided.append((position, name))
            continue
        if target in seen:
            raise InvalidInputError(
                "columns {first} and {second} both give {target}; keep one",
                field=f"column {position + 1}",
                params={"first": seen[target] + 1, "second": position + 1, "target": target},
            )
        seen[target] = position
    if not plan.fields:
        refuse_unconfirmed(plan)  # nothing would be imported: confirming cannot help
        raise InvalidInputError(
            "the first row must name the columns (field keys or labels)", field="header"
        )
    return plan


def _classify(
    catalog: Catalog, name: str, position: int, plan: ColumnPlan, choices: Mapping[str, str]
) -> str | None:
    chosen = choices.get(name)
    if chosen == SKIP:
        return None
    target = catalog.resolve_column(name if chosen is None else chosen)
    if target is not None:
        plan.fields[position] = target
        plan.headers[target] = name
        return target
    if chosen is not None and is_extra(chosen):
        return _extra(plan, chosen, name, position)
    meta = META_COLUMNS.get(name.casefold())
    if meta is not None:
        plan.meta[position] = meta
        return meta
    for prefix in CONSENT_PREFIXES:
        if name.casefold().startswith(prefix):
            purpose = _purpose(catalog, name[len(prefix) :].strip(), position)
            plan.consents[position] = purpose
            return f"consent:{purpose}"
    suggested = suggest(catalog, name)
    if suggested is None:
        return None
    return _classify(catalog, name, position, plan, {name: suggested})


def _extra(plan: ColumnPlan, target: str, name: str, position: int) -> str:
    plan.extras[position] = target
    plan.headers[target] = name
    return target


def refuse_unconfirmed(plan: ColumnPlan) -> None:
    """Columns left out are imported without them only once the importer has seen them (a
    saved mapping that leaves a column out has seen it)."""
    if not plan.undecided:
        return
    position = plan.undecided[0][0]
    raise InvalidInputError(
        "{names}: not a catalog field, a consent column (consent:PURPOSE), a known synonym "
        "or one of {columns}, so not imported; confirm to import the other columns, or map, "
        "rename or remove them",
        field=f"column {position + 1}",
        params={
            "names": ", ".join(f"'{name}'" for _, name in plan.undecided),
            "columns": ", ".join(sorted(set(META_COLUMNS.values()))),
        },
    )


def _purpose(catalog: Catalog, name: str, position: int) -> str:
    for purpose in catalog.purposes.values():
        if name.casefold() in (
            purpose.key.casefold(),
            purpose.name_zh.casefold(),
            purpose.name_en.casefold(),
        ):
            return purpose.key
    raise InvalidInputError(
        "unknown purpose in consent column; known: {known}",
        field=f"column {position + 1}",
        params={"known": ", ".join(catalog.purposes)},
    )


def parse_row(plan: ColumnPlan, cells: list[str]) -> ParsedRow:
    def cell(position: int) -> str:
        return cells[position].strip() if position < len(cells) else ""

    values = {key: cell(pos) for pos, key in plan.fields.items() if cell(pos)}
    purposes = frozenset(p for pos, p in plan.consents.items() if cell(pos).casefold() in YES)
    meta = {name: cell(pos) for pos, name in plan.meta.items() if cell(pos)}
    extras = {target: cell(pos) for pos, target in plan.extras.items() if cell(pos)}
    return ParsedRow(values, purposes, meta, extras)


INVALID = "✗"  # a preview cell whose value the import would refuse


def preview_cells(catalog: Catalog, plan: ColumnPlan, cells: list[str], today: date) -> list[str]:
    """A row as the mapping step shows it: each field's value normalised and masked by its
    rule, a refused one as INVALID, figures as written when they look like one, a column left
    out empty (its value is never shown: it may hold anything)."""
    shown: list[str] = []
    for position, raw in enumerate(cells):
        text = raw.strip()
        if position in plan.fields and text:
            shown.append(_masked(catalog, plan.fields[position], text, today))
        elif position in plan.extras and text:
            figure = looks_like_figure(plan.extras[position], text)
            shown.append(text if figure else INVALID)
        elif _shown_as_written(plan, position):
            shown.append(text)
        else:
            shown.append("")
    return shown


def _shown_as_written(plan: ColumnPlan, position: int) -> bool:
    """Consents and which notice or store: no person's value."""
    return position in plan.consents or plan.meta.get(position) in ("notice", "store")


def _masked(catalog: Catalog, key: str, text: str, today: date) -> str:
    spec = catalog.field(key)
    reformed = reform(catalog, {key: text}).get(key)
    if reformed is None:
        return ""
    try:
        return mask(spec.mask, normalise(spec, reformed, today=today).value)
    except InvalidInputError:
        return INVALID
