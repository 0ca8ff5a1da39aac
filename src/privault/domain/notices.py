"""Privacy notices: versioned texts that must carry every element PIPL Art. 17 requires."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from privault.domain.errors import InvalidInputError

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

    @property
    def sha256(self) -> str:
        canonical = json.dumps(self.as_document(), ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(canonical.encode()).hexdigest()

    def as_document(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "material": self.is_material,
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
    return Notice(version, texts, bool(document.get("material", False)))


def _section(document: Mapping[str, Any], lang: str) -> Mapping[str, Any]:
    section = document.get(lang, {})
    return section if isinstance(section, Mapping) else {}
