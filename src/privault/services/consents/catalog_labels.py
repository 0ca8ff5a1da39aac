"""The installation's field and purpose names in both languages, for forms: no values."""

from __future__ import annotations

from dataclasses import dataclass

from privault.services.use_case import ANONYMOUS, use_case
from privault.services.vault import Vault


@dataclass(frozen=True)
class Label:
    key: str
    zh: str
    en: str

    def in_language(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True)
class CatalogLabels:
    fields: tuple[Label, ...]
    purposes: tuple[Label, ...]  # those resting on consent: the ones a customer can withdraw
    uses: tuple[Label, ...] = ()  # every purpose: what a reveal or an export must name


def catalog_labels(vault: Vault) -> CatalogLabels:
    """The catalog is what the published privacy notice lists, so reading it needs no role."""
    with use_case(vault, ANONYMOUS) as uc:
        catalog = uc.catalog
    return CatalogLabels(
        tuple(Label(k, f.label_zh, f.label_en) for k, f in catalog.fields.items()),
        tuple(
            Label(k, p.name_zh, p.name_en) for k, p in catalog.purposes.items() if p.needs_consent
        ),
        tuple(Label(k, p.name_zh, p.name_en) for k, p in catalog.purposes.items()),
    )
