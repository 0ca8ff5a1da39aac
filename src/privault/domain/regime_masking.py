"""What an access copy under California's rules must not show (CCPA regulations §7024(d)): a
government ID, a financial account number, a medical or health-insurance identification number,
a password or security answer, or biometric data. The copy says such a field is held, masked."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from privault.domain.catalog import Catalog, Category, FieldSpec, MaskRule, ValueKind
from privault.domain.masking import HIDDEN, MaskSettings, mask

# Kinds the catalog types exactly.
WITHHELD_KINDS = frozenset({ValueKind.CN_RESIDENT_ID, ValueKind.BANK_CARD})
WITHHELD_CATEGORIES = frozenset({Category.BIOMETRIC})
# The catalog has no value kind for these, so a field key naming one is enough: a shop that
# adds "passport_no" or "medical_card" to its catalog is covered without a new kind.
WITHHELD_KEY_WORDS = frozenset(
    {
        "passport",
        "licence",
        "license",
        "ssn",
        "medical",
        "insurance",
        "password",
        "passcode",
        "pin",
        "security",
        "iban",
        "fingerprint",
        "faceprint",
        "voiceprint",
        "biometric",
    }
)
# These rules keep only what lets the person recognise their own document (a few end digits).
_PARTIAL_RULES = frozenset({MaskRule.CN_RESIDENT_ID, MaskRule.BANK_CARD, MaskRule.TAIL})


@dataclass(frozen=True)
class RegimeMasking:
    values: dict[str, str]
    withheld: tuple[str, ...]  # field keys shown masked


def is_withheld_under_ca(spec: FieldSpec) -> bool:
    return (
        spec.kind in WITHHELD_KINDS
        or spec.category in WITHHELD_CATEGORIES
        or not WITHHELD_KEY_WORDS.isdisjoint(spec.key.lower().split("_"))
    )


def mask_for_ca(
    catalog: Catalog, values: Mapping[str, str], settings: MaskSettings
) -> RegimeMasking:
    """Government IDs and card numbers keep their end digits; the rest is hidden whole."""
    shown: dict[str, str] = {}
    withheld: list[str] = []
    for key, value in values.items():
        spec = catalog.fields.get(key)
        if spec is None or not is_withheld_under_ca(spec):
            shown[key] = value
            continue
        withheld.append(key)
        shown[key] = mask(spec.mask, value, settings) if spec.mask in _PARTIAL_RULES else HIDDEN
    return RegimeMasking(shown, tuple(withheld))
