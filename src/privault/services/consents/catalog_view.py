"""What a registration form needs to show: the catalog's fields and purposes, and the current
privacy notice, both in Chinese and English. Descriptions only, no personal data."""

from __future__ import annotations

from dataclasses import dataclass

from privault.domain.assessments import ACTIVATED_BY_SHOP
from privault.domain.catalog import FieldSpec, Purpose
from privault.domain.notices import ELEMENT_TITLES, ELEMENTS
from privault.domain.policy import Action, Actor
from privault.services.assessments.coverage import unassessed
from privault.services.consents.ledger import current_notice
from privault.services.consents.notices import as_notice
from privault.services.use_case import use_case
from privault.services.vault import Vault


@dataclass(frozen=True)
class FieldEntry:
    key: str
    label_zh: str
    label_en: str
    kind: str
    is_sensitive: bool
    purposes: tuple[str, ...]
    choices: tuple[tuple[str, str, str], ...]  # key, Chinese label, English label

    def label(self, lang: str) -> str:
        return self.label_zh if lang == "zh" else self.label_en


@dataclass(frozen=True)
class PurposeEntry:
    key: str
    name_zh: str
    name_en: str
    description_zh: str
    description_en: str
    needs_consent: bool
    needs_separate_consent: bool

    def name(self, lang: str) -> str:
        return self.name_zh if lang == "zh" else self.name_en

    def description(self, lang: str) -> str:
        return self.description_zh if lang == "zh" else self.description_en


@dataclass(frozen=True)
class NoticeView:
    version: str
    sections: dict[str, tuple[tuple[str, str], ...]]  # language -> (title, text) per element


@dataclass(frozen=True)
class CatalogView:
    fields: tuple[FieldEntry, ...]
    purposes: tuple[PurposeEntry, ...]

    def field(self, key: str) -> FieldEntry | None:
        return next((f for f in self.fields if f.key == key), None)

    def purpose(self, key: str) -> PurposeEntry | None:
        return next((p for p in self.purposes if p.key == key), None)


def describe_catalog(vault: Vault, actor: Actor) -> CatalogView:
    """The catalog is what the notice discloses, so whoever may read the notice may read it.
    Fields no purpose justifies are left out: nobody may collect them; so are the purposes
    shipped unused that the shop has not activated: nobody may consent to them yet."""
    with use_case(vault, actor) as uc:
        uc.require(Action.NOTICE_READ)
        catalog = uc.catalog
        unused = set(unassessed(uc, ACTIVATED_BY_SHOP & catalog.purposes.keys()))
        return CatalogView(
            tuple(_field(spec) for spec in catalog.fields.values() if spec.purposes),
            tuple(_purpose(p) for p in catalog.purposes.values() if p.key not in unused),
        )


SEARCH_BY = ("mobile", "mobile_tail", "name_surname", "email", "member_no")


@dataclass(frozen=True)
class SearchOption:
    by: str
    label_zh: str
    label_en: str
    is_tail: bool

    def label(self, lang: str) -> str:
        return self.label_zh if lang == "zh" else self.label_en


def search_options(vault: Vault, actor: Actor) -> tuple[SearchOption, ...]:
    """How the actor may look a customer up; only for those who may search (a marketing user
    never gets a customer list, not even an empty search form)."""
    with use_case(vault, actor) as uc:
        uc.require(Action.SEARCH)
        searchable = uc.catalog.searchable()
    return tuple(_option(by, searchable[by]) for by in SEARCH_BY if by in searchable)


def _option(by: str, spec: FieldSpec) -> SearchOption:
    if by.endswith("_surname"):
        return SearchOption(by, "姓氏", "Surname", False)
    if by.endswith("_tail"):
        return SearchOption(
            by, f"{spec.label_zh}后四位", f"Last 4 digits of {spec.label_en.lower()}", True
        )
    return SearchOption(by, spec.label_zh, spec.label_en, False)


def describe_current_notice(vault: Vault, actor: Actor) -> NoticeView:
    with use_case(vault, actor) as uc:
        uc.require(Action.NOTICE_READ)
        notice = as_notice(current_notice(uc.uow))
    sections = {
        lang: tuple((ELEMENT_TITLES[key][index], notice.texts[lang][key]) for key in ELEMENTS)
        for index, lang in enumerate(("zh", "en"))
    }
    return NoticeView(notice.version, sections)


def _field(spec: FieldSpec) -> FieldEntry:
    choices = tuple(
        (key, labels[0] if labels else key, labels[1] if len(labels) > 1 else key)
        for key, labels in spec.choices.items()
    )
    return FieldEntry(
        spec.key,
        spec.label_zh,
        spec.label_en,
        spec.kind.value,
        spec.is_sensitive,
        spec.purposes,
        choices,
    )


def _purpose(purpose: Purpose) -> PurposeEntry:
    return PurposeEntry(
        purpose.key,
        purpose.name_zh,
        purpose.name_en,
        purpose.description_zh,
        purpose.description_en,
        purpose.needs_consent,
        purpose.needs_separate_consent,
    )
