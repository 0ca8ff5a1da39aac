"""The names of the catalog's keys (fields, purposes, the choices of an enum field) in Chinese
and English, for pages that show a key: an export's fields, an incident's data, an assessment's
purpose, a hair type (issue 18.2). The catalog describes what the shop collects, not anyone's
data: public, like the notice."""

from __future__ import annotations

from dataclasses import dataclass

from privault.domain.catalog import Catalog
from privault.services.use_case import ANONYMOUS, use_case
from privault.services.vault import Vault


@dataclass(frozen=True)
class CatalogNames:
    keys: dict[str, tuple[str, str]]  # field or purpose key -> (Chinese, English)
    choices: dict[tuple[str, str], tuple[str, str]]  # (field, choice) -> (Chinese, English)


def catalog_names(vault: Vault) -> CatalogNames:
    with use_case(vault, ANONYMOUS, read_only=True) as uc:
        return names_of(uc.catalog)


def names_of(catalog: Catalog) -> CatalogNames:
    keys = {k: (f.label_zh, f.label_en) for k, f in catalog.fields.items()}
    keys |= {k: (p.name_zh, p.name_en) for k, p in catalog.purposes.items()}
    choices = {
        (k, choice): (labels[0], labels[-1])
        for k, spec in catalog.fields.items()
        for choice, labels in spec.choices.items()
    }
    return CatalogNames(keys, choices)
