"""Normalised variants of a customer's values whose keyed digests reveal likely duplicates.

A variant is the text two records of one person would share despite a typo or a second
spelling; only its keyed digest is stored (crypto.blind_index), never the text. Pinyin comes from
pypinyin (a maintained dictionary of readings, including polyphones in common names)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum

from privault.domain.catalog import Catalog, MaskRule, ValueKind


class VariantKind(StrEnum):
    """Why two records may be one person; the reason a candidate pair shows the reviewer."""

    NAME_BIRTH = "name_birth"  # same name, same birth date
    NAME_MOBILE = "name_mobile"  # same name, mobile equal but for one digit
    EMAIL = "email"  # same mailbox once case, dots and plus-tags are set aside
    PINYIN_BIRTH = "pinyin_birth"  # names that sound alike, same birth date
    PINYIN_TAIL = "pinyin_tail"  # names that sound alike, same last four mobile digits


# Providers known to deliver name.surname+tag@ to namesurname@; elsewhere a dot may matter.
_DOTLESS = frozenset({"gmail.com", "googlemail.com"})
_TAGGED = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "icloud.com",
        "me.com",
        "yahoo.com",
        "protonmail.com",
        "proton.me",
        "fastmail.com",
    }
)
_SAME_MAILBOX = {"googlemail.com": "gmail.com"}
_NOT_LETTER = re.compile(r"[\W\d_]+")
_SEPARATOR = "\x1f"  # cannot occur in a normalised value, so parts never run together


@dataclass(frozen=True)
class Variant:
    kind: VariantKind
    material: str  # the text digested; never stored nor logged


@dataclass(frozen=True)
class VariantFields:
    """Which catalog fields feed the variants (a catalog may lack some)."""

    name: str | None
    mobile: str | None
    email: str | None
    birth_date: str | None


def variant_fields(catalog: Catalog) -> VariantFields:
    def first(match: ValueKind, mask: MaskRule | None = None) -> str | None:
        for key, spec in catalog.fields.items():
            if spec.kind is match and (mask is None or spec.mask is mask):
                return key
        return None

    return VariantFields(
        first(ValueKind.NAME),
        first(ValueKind.MOBILE),
        first(ValueKind.EMAIL),
        first(ValueKind.DATE, MaskRule.BIRTH_DATE),
    )


def variants(fields: VariantFields, values: Mapping[str, str]) -> list[Variant]:
    """Every variant the values allow; a missing value simply yields fewer."""
    name = _value(values, fields.name)
    mobile = _value(values, fields.mobile)
    birth = _value(values, fields.birth_date)
    email = _value(values, fields.email)
    found: list[Variant] = []
    if name:
        found.extend(_name_variants(name, birth, mobile))
    if email:
        found.append(Variant(VariantKind.EMAIL, canonical_email(email)))
    return found


def _name_variants(name: str, birth: str | None, mobile: str | None) -> Iterator[Variant]:
    spelled = name_key(name)
    sound = pinyin_key(name)
    if birth:
        yield Variant(VariantKind.NAME_BIRTH, _joined(spelled, birth))
        if sound:
            yield Variant(VariantKind.PINYIN_BIRTH, _joined(sound, birth))
    if mobile:
        for masked in one_digit_wildcards(mobile):
            yield Variant(VariantKind.NAME_MOBILE, _joined(spelled, masked))
        if sound:
            yield Variant(VariantKind.PINYIN_TAIL, _joined(sound, mobile[-4:]))


def name_key(name: str) -> str:
    """Width, case, spaces and middle dots (维吾尔 names) do not make another person."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    return "".join(ch for ch in folded if ch.isalpha())


def pinyin_key(name: str) -> str:
    """Toneless pinyin, letters only: 张伟, 章伟 and "Zhang Wei" read alike."""
    # Imported here: its phrase dictionary takes a fifth of a second to load, and most `privault`
    # runs write no name.
    from pypinyin import lazy_pinyin

    spoken = "".join(lazy_pinyin(unicodedata.normalize("NFKC", name)))
    return _NOT_LETTER.sub("", spoken.casefold())


def one_digit_wildcards(mobile: str) -> list[str]:
    """One text per digit position with that digit hidden: numbers one digit apart share one."""
    digits = mobile.removeprefix("+")
    return [f"{digits[:i]}?{digits[i + 1 :]}" for i in range(len(digits))]


def canonical_email(email: str) -> str:
    local, _, domain = email.lower().rpartition("@")
    domain = _SAME_MAILBOX.get(domain, domain)
    if domain in _TAGGED:
        local = local.split("+", 1)[0]
    if domain in _DOTLESS:
        local = local.replace(".", "")
    return f"{local}@{domain}"


def kinds_fed_by(fields: VariantFields, keys: Iterable[str]) -> set[VariantKind]:
    """The variants a removed field took part in: their digests must go with it."""
    feeds = {
        fields.name: set(VariantKind) - {VariantKind.EMAIL},
        fields.birth_date: {VariantKind.NAME_BIRTH, VariantKind.PINYIN_BIRTH},
        fields.mobile: {VariantKind.NAME_MOBILE, VariantKind.PINYIN_TAIL},
        fields.email: {VariantKind.EMAIL},
    }
    return {kind for key in keys if key is not None for kind in feeds.get(key, set())}


def _value(values: Mapping[str, str], key: str | None) -> str | None:
    return values.get(key) if key else None


def _joined(*parts: str) -> str:
    return _SEPARATOR.join(parts)


def ordered_pair(first: str, second: str) -> tuple[str, str]:
    """A pair is stored once, its smaller id first."""
    return (first, second) if first < second else (second, first)
