"""What the serving staff of a booking see of its customer (DESIGN §11): the catalog's serving
fields that have a lawful basis now, each serving field with a value but no basis named as left
out (a withdrawn purpose, a sensitive field without its separate consent), and a warning badge
on sensitive values (allergies, dietary restrictions), which are shown only with that consent."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from privault.domain.catalog import Catalog, FieldSpec, serving_fields


@dataclass(frozen=True)
class ServingItem:
    key: str
    label_zh: str
    label_en: str
    value: str
    warning: bool  # a sensitive value (health): shown with a badge the server cannot miss


@dataclass(frozen=True)
class ServingView:
    items: tuple[ServingItem, ...]
    left_out: tuple[str, ...]  # field keys held back for want of a basis, to say so on the card
    # Staff without privacy training on record see which fields there are and the warning
    # badge (ask the desk before serving), never the values.
    is_withheld: bool = False

    def withheld(self) -> ServingView:
        items = tuple(replace(item, value="") for item in self.items)
        return ServingView(items, self.left_out, is_withheld=True)

    @property
    def warnings(self) -> tuple[ServingItem, ...]:
        return tuple(item for item in self.items if item.warning)


def has_basis(catalog: Catalog, spec: FieldSpec, active: frozenset[str]) -> bool:
    """One of the field's purposes holds: a contract or legal duty, or a consent in force (a
    sensitive field's purposes all ask for separate consent, so only that consent opens it)."""
    return any(p in active or not catalog.purpose(p).needs_consent for p in spec.purposes)


def serving_view(
    catalog: Catalog, values: Mapping[str, str], active: frozenset[str]
) -> ServingView:
    """`values`: the customer's opened serving fields; `active`: their consents in force."""
    items: list[ServingItem] = []
    left_out: list[str] = []
    for spec in serving_fields(catalog):
        value = values.get(spec.key)
        if not value:
            continue
        if not has_basis(catalog, spec, active):
            left_out.append(spec.key)
            continue
        items.append(ServingItem(spec.key, spec.label_zh, spec.label_en, value, spec.is_sensitive))
    return ServingView(tuple(items), tuple(left_out))
