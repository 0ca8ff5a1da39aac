"""How an import file's columns map to catalog fields, per-row consent and consent details."""

from __future__ import annotations

from dataclasses import dataclass, field

from privault.domain.catalog import Catalog
from privault.domain.errors import InvalidInputError

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


@dataclass(frozen=True)
class ParsedRow:
    values: dict[str, str]
    purposes: frozenset[str]
    meta: dict[str, str]


def plan_columns(catalog: Catalog, header: list[str]) -> ColumnPlan:
    """Refuses the whole file on an unknown or repeated column, before any row is read."""
    plan = ColumnPlan()
    seen: dict[str, int] = {}
    for position, raw in enumerate(header):
        name = raw.strip()
        if not name:
            continue
        target = _classify(catalog, name, position, plan)
        if target in seen:
            raise InvalidInputError(
                "columns {first} and {second} both give {target}; keep one",
                field=f"column {position + 1}",
                params={"first": seen[target] + 1, "second": position + 1, "target": target},
            )
        seen[target] = position
    if not plan.fields:
        raise InvalidInputError(
            "the first row must name the columns (field keys or labels)", field="header"
        )
    return plan


def _classify(catalog: Catalog, name: str, position: int, plan: ColumnPlan) -> str:
    key = catalog.resolve_column(name)
    if key is not None:
        plan.fields[position] = key
        plan.headers[key] = name
        return key
    meta = META_COLUMNS.get(name.casefold())
    if meta is not None:
        plan.meta[position] = meta
        return meta
    for prefix in CONSENT_PREFIXES:
        if name.casefold().startswith(prefix):
            purpose = _purpose(catalog, name[len(prefix) :].strip(), position)
            plan.consents[position] = purpose
            return f"consent:{purpose}"
    raise InvalidInputError(
        "'{name}' is not a catalog field, a consent column (consent:PURPOSE) or one of "
        "{columns}; rename or remove the column",
        field=f"column {position + 1}",
        params={"name": name, "columns": ", ".join(sorted(set(META_COLUMNS.values())))},
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
    return ParsedRow(values, purposes, meta)
