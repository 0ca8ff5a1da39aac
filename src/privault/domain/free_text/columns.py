"""Import columns recognised by their content as well as their header: a column labelled 备注 or
mapped to a free-text field whose cells are resident IDs is refused before any row is read."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

from privault.domain.catalog import Catalog, ValueKind
from privault.domain.errors import InvalidInputError
from privault.domain.free_text.findings import Kind
from privault.domain.free_text.scanner import scan

SAMPLE_ROWS = 200  # enough to see what a column holds; the whole file is screened row by row
_HOME: dict[Kind, ValueKind] = {
    Kind.MOBILE: ValueKind.MOBILE,
    Kind.RESIDENT_ID: ValueKind.CN_RESIDENT_ID,
    Kind.BANK_CARD: ValueKind.BANK_CARD,
    Kind.PLATE: ValueKind.PLATE_NUMBER,
    Kind.EMAIL: ValueKind.EMAIL,
    Kind.ADDRESS: ValueKind.ADDRESS,
}
# Fields whose own values may look like one of the kinds: a member number passes Luhn, a
# landline column may hold the odd mobile. Their own normalisers check them.
_LOOK_ALIKE = {ValueKind.MEMBER_NO, ValueKind.LANDLINE}
# One whole sentence per kind, so each is translated whole (locale/zh/.../free_text.po).
REFUSALS: dict[Kind, str] = {
    kind: (
        f"column {{column}} holds {label} in most rows although its header names {{target}}; "
        "put them in their own column with the matching header, or remove the column"
    )
    for kind, label in {
        Kind.MOBILE: "mobile numbers",
        Kind.RESIDENT_ID: "resident ID numbers",
        Kind.BANK_CARD: "bank card numbers",
        Kind.PLATE: "licence plates",
        Kind.EMAIL: "email addresses",
        Kind.ADDRESS: "street addresses",
    }.items()
}


def column_kind(cells: Iterable[str]) -> Kind | None:
    """The kind that at least half of the column's non-empty cells are, each wholly (one value
    filling the cell), or None."""
    kinds: Counter[Kind] = Counter()
    filled = 0
    for cell in cells:
        text = cell.strip()
        if not text:
            continue
        filled += 1
        found = scan(text)
        if len(found) == 1 and found[0].end - found[0].start >= 0.8 * len(text):
            kinds[found[0].kind] += 1
    if not kinds:
        return None
    kind, count = kinds.most_common(1)[0]
    return kind if 2 * count >= filled else None


def refuse_misplaced_columns(
    catalog: Catalog,
    fields: Mapping[int, str],
    headers: Mapping[str, str],
    rows: Iterable[list[str]],
) -> None:
    """`fields`: column position -> field key; `headers`: field key -> header as written;
    `rows`: a sample of data rows. Names the column and what it holds, never a value."""
    sample = list(rows)
    for position, key in fields.items():
        spec = catalog.field(key)
        if spec.kind in _LOOK_ALIKE:
            continue
        kind = column_kind(row[position] for row in sample if position < len(row))
        if kind is not None and _HOME[kind] is not spec.kind:
            raise InvalidInputError(
                REFUSALS[kind],
                field=f"column {position + 1}",
                params={"column": position + 1, "target": headers.get(key, key)},
            )
