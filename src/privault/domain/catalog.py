"""The field catalog and purposes: which data a business may hold, why, and how it is shown."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from typing import Any

from privault.domain.control_characters import without_control_characters
from privault.domain.errors import ConfigurationError, InvalidInputError


class Category(StrEnum):
    IDENTITY = "identity"
    CONTACT = "contact"
    DEMOGRAPHIC = "demographic"
    PREFERENCE = "preference"
    BEHAVIOUR = "behaviour"
    TRANSACTION = "transaction"
    FINANCIAL = "financial"
    HEALTH = "health"
    BIOMETRIC = "biometric"
    MINOR = "minor"
    OTHER = "other"


class FieldClass(StrEnum):
    GENERAL = "general"
    SENSITIVE = "sensitive"


class ValueKind(StrEnum):
    TEXT = "text"
    NAME = "name"
    MOBILE = "mobile"
    LANDLINE = "landline"
    EMAIL = "email"
    CN_RESIDENT_ID = "cn_resident_id"
    DATE = "date"
    ENUM = "enum"
    MONEY = "money"
    PLATE_NUMBER = "plate_number"
    BANK_CARD = "bank_card"
    ADDRESS = "address"
    MEMBER_NO = "member_no"


class MaskRule(StrEnum):
    MOBILE = "mobile"
    CN_RESIDENT_ID = "cn_resident_id"
    BANK_CARD = "bank_card"
    NAME = "name"
    ADDRESS = "address"
    EMAIL = "email"
    LANDLINE = "landline"
    BIRTH_DATE = "birth_date"
    PLATE_NUMBER = "plate_number"
    TAIL = "tail"
    TEXT = "text"
    FULL = "full"
    NONE = "none"


class LawfulBasis(StrEnum):
    CONSENT = "consent"
    CONTRACT = "contract"
    LEGAL_OBLIGATION = "legal_obligation"


class SearchIndex(StrEnum):
    """Blind indexes of a field: its exact normalised value, a mobile's last four digits, or a
    name's surname (what its mask shows)."""

    EXACT = "exact"
    TAIL = "tail"
    SURNAME = "surname"


@dataclass(frozen=True)
class Purpose:
    key: str
    name_zh: str
    name_en: str
    lawful_basis: LawfulBasis
    needs_separate_consent: bool
    retention_days: int
    description_zh: str = ""
    description_en: str = ""
    shares_with: str | None = None  # the third party this purpose hands data to, if any

    @property
    def is_sharing(self) -> bool:
        """Handing data to a third party: an opt-out of sale or sharing closes it."""
        return self.shares_with is not None

    @property
    def needs_consent(self) -> bool:
        return self.lawful_basis is LawfulBasis.CONSENT or self.needs_separate_consent


@dataclass(frozen=True)
class FieldSpec:
    key: str
    label_zh: str
    label_en: str
    category: Category
    field_class: FieldClass
    kind: ValueKind
    mask: MaskRule
    purposes: tuple[str, ...]
    choices: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    search: tuple[SearchIndex, ...] = ()
    is_unique: bool = False
    retention_days: int | None = None
    # Shown to the serving staff of a booking (today's list, the customer information card, the
    # service sheet): what serving needs and nothing else, never contact data (DESIGN §11).
    serving: bool = False

    @property
    def is_sensitive(self) -> bool:
        return self.field_class is FieldClass.SENSITIVE

    @cached_property
    def choice_lookup(self) -> dict[str, str]:
        """Every spelling a user may type (key, Chinese or English label, any case) -> key."""
        return {
            spelling.casefold(): key
            for key, labels in self.choices.items()
            for spelling in (key, *labels)
        }

    @property
    def indexes(self) -> tuple[SearchIndex, ...]:
        """A field masked as a name is found by its surname too, whatever the catalog lists:
        catalogs stored in an installation's database get it without being edited."""
        implicit = self.mask is MaskRule.NAME and SearchIndex.SURNAME not in self.search
        return (*self.search, SearchIndex.SURNAME) if implicit else self.search

    def index_names(self) -> tuple[str, ...]:
        return tuple(index_name(self.key, kind) for kind in self.indexes)


def index_name(field_key: str, kind: SearchIndex) -> str:
    return field_key if kind is SearchIndex.EXACT else f"{field_key}_{kind.value}"


@dataclass(frozen=True)
class Catalog:
    industry: str
    fields: Mapping[str, FieldSpec]
    purposes: Mapping[str, Purpose]

    def field(self, key: str) -> FieldSpec:
        spec = self.fields.get(key)
        if spec is None:
            raise InvalidInputError(
                "is not a field of this installation's catalog; known fields: {known}",
                field=without_control_characters(key),  # the key as sent, which may be anything
                params={"known": ", ".join(self.fields)},
            )
        return spec

    def purpose(self, key: str) -> Purpose:
        purpose = self.purposes.get(key)
        if purpose is None:
            raise InvalidInputError(
                "unknown purpose '{purpose}'; known purposes: {known}",
                field="purpose",
                params={"purpose": key, "known": ", ".join(self.purposes)},
            )
        return purpose

    def resolve_column(self, header: str) -> str | None:
        """A column header may be the field key or its Chinese or English label."""
        wanted = header.strip().casefold()
        for spec in self.fields.values():
            if wanted in (spec.key.casefold(), spec.label_zh.casefold(), spec.label_en.casefold()):
                return spec.key
        return None

    def justifying(self, field_key: str, purposes: Iterable[str]) -> set[str]:
        return set(self.field(field_key).purposes) & set(purposes)

    def fields_justified_only_by(self, purpose: str, remaining: Iterable[str]) -> list[str]:
        """Fields that lose every justification once `purpose` is gone (PIPL Art. 47)."""
        kept = set(remaining) - {purpose}
        return [
            spec.key
            for spec in self.fields.values()
            if purpose in spec.purposes and not set(spec.purposes) & kept
        ]

    @cached_property
    def index_plan(self) -> tuple[tuple[str, str, SearchIndex, bool], ...]:
        """(field, index name, kind, claims uniqueness) for every blind index, computed once."""
        return tuple(
            (
                spec.key,
                index_name(spec.key, kind),
                kind,
                spec.is_unique and kind is SearchIndex.EXACT,
            )
            for spec in self.fields.values()
            for kind in spec.indexes
        )

    @cached_property
    def index_kinds(self) -> dict[str, SearchIndex]:
        """Index name -> what its digest is computed from."""
        return {name: kind for _, name, kind, _ in self.index_plan}

    @cached_property
    def surname_index(self) -> str | None:
        """The index a surname filter looks in: the first field masked as a name."""
        return next((n for _, n, k, _ in self.index_plan if k is SearchIndex.SURNAME), None)

    def searchable(self) -> dict[str, FieldSpec]:
        """Index name -> the field it is computed from."""
        return {name: spec for spec in self.fields.values() for name in spec.index_names()}


def parse_catalog(document: Mapping[str, Any]) -> Catalog:
    """Build a catalog from a preset document, refusing unclassified or unjustifiable fields."""
    try:
        purposes = {
            key: _parse_purpose(key, raw) for key, raw in dict(document["purposes"]).items()
        }
        fields = {key: _parse_field(key, raw) for key, raw in dict(document["fields"]).items()}
        catalog = Catalog(industry=str(document["industry"]), fields=fields, purposes=purposes)
    except (KeyError, ValueError, TypeError) as exc:
        raise ConfigurationError(
            "catalog is malformed: {problem}", params={"problem": exc}
        ) from exc
    _check_consistency(catalog)
    return catalog


def _parse_purpose(key: str, raw: Mapping[str, Any]) -> Purpose:
    return Purpose(
        key=key,
        name_zh=str(raw["name_zh"]),
        name_en=str(raw["name_en"]),
        lawful_basis=LawfulBasis(raw["lawful_basis"]),
        needs_separate_consent=bool(raw.get("separate_consent", False)),
        retention_days=int(raw["retention_days"]),
        description_zh=str(raw.get("description_zh", "")),
        description_en=str(raw.get("description_en", "")),
        shares_with=_shares_with(raw.get("shares_with")),
    )


def _shares_with(raw: Any) -> str | None:
    if raw is None:
        return None
    name = " ".join(str(raw).split())
    if not name:
        raise ValueError("shares_with names the third party; leave it out if there is none")
    return name


def _parse_field(key: str, raw: Mapping[str, Any]) -> FieldSpec:
    choices = {str(k): tuple(str(label) for label in v) for k, v in raw.get("choices", {}).items()}
    return FieldSpec(
        key=key,
        label_zh=str(raw["label_zh"]),
        label_en=str(raw["label_en"]),
        category=Category(raw["category"]),
        field_class=FieldClass(raw["class"]),
        kind=ValueKind(raw["kind"]),
        mask=MaskRule(raw["mask"]),
        purposes=tuple(str(p) for p in raw["purposes"]),
        choices=choices,
        search=tuple(SearchIndex(s) for s in raw.get("search", [])),
        is_unique=bool(raw.get("unique", False)),
        retention_days=int(raw["retention_days"]) if "retention_days" in raw else None,
        serving=bool(raw.get("serving", False)),
    )


def general_identity(catalog: Catalog) -> frozenset[str]:
    """The identity fields a list may name a customer by (a name, a member number), never a
    sensitive one such as an ID number."""
    return frozenset(
        key
        for key, spec in catalog.fields.items()
        if spec.category is Category.IDENTITY and not spec.is_sensitive
    )


def serving_fields(catalog: Catalog) -> tuple[FieldSpec, ...]:
    """The fields the serving staff of a booking see, in catalog order."""
    return tuple(spec for spec in catalog.fields.values() if spec.serving)


def _check_serving(spec: FieldSpec) -> None:
    if spec.serving and spec.category is Category.CONTACT:
        raise ConfigurationError(
            "field {field}: contact data is never shown to serving staff; remove serving",
            params={"field": spec.key},
        )


def _check_consistency(catalog: Catalog) -> None:
    for spec in catalog.fields.values():
        _check_serving(spec)
        for purpose in spec.purposes:
            if purpose not in catalog.purposes:
                raise ConfigurationError(
                    "field {field}: unknown purpose '{purpose}'",
                    params={"field": spec.key, "purpose": purpose},
                )
            if spec.is_sensitive and not catalog.purposes[purpose].needs_separate_consent:
                raise ConfigurationError(
                    "field {field} is sensitive but purpose '{purpose}' "
                    "does not ask for separate consent",
                    params={"field": spec.key, "purpose": purpose},
                )
        if spec.mask is MaskRule.NONE and (
            spec.is_sensitive or spec.category in (Category.IDENTITY, Category.CONTACT)
        ):
            raise ConfigurationError(
                "field {field}: identity, contact and sensitive fields must be masked",
                params={"field": spec.key},
            )
        if spec.kind is ValueKind.ENUM and not spec.choices:
            raise ConfigurationError(
                "field {field}: an enum field needs choices", params={"field": spec.key}
            )
        if SearchIndex.TAIL in spec.search and spec.kind is not ValueKind.MOBILE:
            raise ConfigurationError(
                "field {field}: only mobile numbers have a tail index", params={"field": spec.key}
            )
        if SearchIndex.SURNAME in spec.search and spec.mask is not MaskRule.NAME:
            raise ConfigurationError(
                "field {field}: only names have a surname index", params={"field": spec.key}
            )
