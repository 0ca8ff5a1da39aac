"""Privacy notices: versioned texts that must carry every element PIPL Art. 17 requires."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from privault.domain.errors import InvalidInputError
from privault.domain.shop import ShopIdentity

LANGUAGES = ("zh", "en")
MAX_VERSION = 32
# PIPL Art. 17: who processes and how to reach them, purposes, methods, categories,
# retention, and how a person exercises their rights.
ELEMENTS = ("processor", "contact", "purposes", "methods", "categories", "retention", "rights")
ELEMENT_TITLES = {
    "processor": ("个人信息处理者", "Who processes your information"),
    "contact": ("联系方式", "How to contact us"),
    "purposes": ("处理目的", "Purposes"),
    "methods": ("处理方式", "How we process it"),
    "categories": ("个人信息种类", "Categories of personal information"),
    "retention": ("保存期限", "How long we keep it"),
    "rights": ("您的权利及行使方式", "Your rights and how to exercise them"),
}


@dataclass(frozen=True)
class Notice:
    version: str
    texts: Mapping[str, Mapping[str, str]]
    is_material: bool = False
    # A material change (PIPL Art. 14(2)): the purposes whose consents must be given again.
    renew: tuple[str, ...] = ()

    @property
    def sha256(self) -> str:
        canonical = json.dumps(self.as_document(), ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(canonical.encode()).hexdigest()

    def as_document(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "material": self.is_material,
            # Only when there is one, so the hash of every notice published before stays.
            **({"renew": list(self.renew)} if self.renew else {}),
            **{lang: dict(self.texts[lang]) for lang in LANGUAGES},
        }

    def render(self, lang: str) -> str:
        titles = {key: ELEMENT_TITLES[key][0 if lang == "zh" else 1] for key in ELEMENTS}
        return "\n\n".join(f"{titles[key]}\n{self.texts[lang][key]}" for key in ELEMENTS)


def parse_notice(document: Mapping[str, Any]) -> Notice:
    """Refuses a notice that lacks a version or any element in any language, naming each gap."""
    raw_version = document.get("version", "")
    if not isinstance(raw_version, str):
        raise InvalidInputError(
            'write the version in quotes, e.g. version = "2026.10"', field="version"
        )
    version = raw_version.strip()
    if len(version) > MAX_VERSION:
        raise InvalidInputError(
            "a version has at most {limit} characters",
            field="version",
            params={"limit": MAX_VERSION},
        )
    if not version:
        raise InvalidInputError(
            'a notice needs a version, e.g. version = "2026.2"', field="version"
        )
    missing = [
        f"{lang}.{key}"
        for lang in LANGUAGES
        for key in ELEMENTS
        if not str(_section(document, lang).get(key, "")).strip()
    ]
    if missing:
        raise InvalidInputError(
            "missing elements PIPL Art. 17 requires: {missing}; "
            "add them to the notice file and publish again",
            field="notice",
            params={"missing": ", ".join(missing)},
        )
    texts = {
        lang: {key: str(_section(document, lang)[key]).strip() for key in ELEMENTS}
        for lang in LANGUAGES
    }
    is_material = bool(document.get("material", False))
    return Notice(version, texts, is_material, _renew(document, is_material=is_material))


def _renew(document: Mapping[str, Any], *, is_material: bool) -> tuple[str, ...]:
    raw = document.get("renew", [])
    if isinstance(raw, str):
        raw = raw.replace(",", " ").split()
    if not isinstance(raw, list) or not all(isinstance(p, str) for p in raw):
        raise InvalidInputError(
            'list the purposes to renew, e.g. renew = ["marketing_sms"]', field="renew"
        )
    if raw and not is_material:
        raise InvalidInputError(
            "only a material change (material = true) asks customers to renew consents",
            field="renew",
        )
    return tuple(sorted({p.strip() for p in raw if p.strip()}))


def renewed_purposes(document: str) -> tuple[str, ...]:
    """The purposes a published material notice (its stored JSON) asks to renew."""
    renew = json.loads(document).get("renew", [])
    return tuple(renew) if isinstance(renew, list) else ()


# What a template or a draft leaves for someone to fill in: never published (PIPL Art. 17).
PLACEHOLDERS = ("请在设置中填写", "待填写", "to be filled in", "lorem ipsum", "tbd", "todo")
_SLOT = re.compile(r"\{([A-Za-z_]+)\}")


def fill_identity(document: Mapping[str, Any], identity: ShopIdentity) -> dict[str, Any]:
    """Each `{setting}` of an element becomes the shop's own (`{business_name}`, `{phone}`,
    ...); the shop's identity must be complete first, since the notice names who processes
    and how to reach them."""
    if not identity.is_complete:
        raise InvalidInputError(
            "the shop's identity is incomplete ({missing}); set it with privault settings "
            "set or the console's settings page, then publish",
            field="shop",
            params={"missing": ", ".join(identity.missing)},
        )
    values = identity.as_settings()

    def fill(text: object) -> object:
        if not isinstance(text, str):
            return text
        return _SLOT.sub(lambda m: values.get(m.group(1), m.group(0)), text)

    filled = dict(document)
    for lang in LANGUAGES:
        filled[lang] = {key: fill(text) for key, text in _section(document, lang).items()}
    return filled


def placeholder_elements(notice: Notice) -> list[str]:
    """The elements (`zh.contact`) still holding a placeholder or an unknown `{slot}`."""
    return [
        f"{lang}.{key}"
        for lang in LANGUAGES
        for key in ELEMENTS
        if _has_placeholder(notice.texts[lang][key])
    ]


def _has_placeholder(text: str) -> bool:
    lowered = text.lower()
    if _SLOT.search(text):
        return True
    return any(re.search(rf"(?<![a-z]){re.escape(p)}(?![a-z])", lowered) for p in PLACEHOLDERS)


def refuse_placeholders(notice: Notice) -> None:
    found = placeholder_elements(notice)
    if found:
        raise InvalidInputError(
            "placeholder text in {elements}; fill in the shop's identity (privault settings) "
            "or write the text, and publish again",
            field="notice",
            params={"elements": ", ".join(found)},
        )


def _section(document: Mapping[str, Any], lang: str) -> Mapping[str, Any]:
    section = document.get(lang, {})
    return section if isinstance(section, Mapping) else {}
