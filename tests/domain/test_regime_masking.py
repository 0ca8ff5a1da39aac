"""Which values an access copy under CA withholds (CCPA regs §7024(d)) and how they are masked."""

from __future__ import annotations

import pytest

from privault.domain.catalog import Catalog, parse_catalog
from privault.domain.masking import DEFAULT_MASKING, HIDDEN
from privault.domain.regime_masking import mask_for_ca
from privault.presets import load_preset


def _catalog_with(**fields: dict[str, object]) -> Catalog:
    document = load_preset("retail")
    for key, raw in fields.items():
        document["fields"][key] = {
            "label_zh": key,
            "label_en": key,
            "class": "sensitive",
            "purposes": ["real_name_registration"],
            **raw,
        }
    return parse_catalog(document)


@pytest.mark.legal("CCPA Regs §7024(d)")
def test_ids_cards_medical_numbers_passwords_and_biometrics_are_masked_the_rest_kept() -> None:
    catalog = _catalog_with(
        bank_card={"category": "financial", "kind": "bank_card", "mask": "bank_card"},
        medical_card_no={"category": "health", "kind": "text", "mask": "full"},
        account_password={"category": "other", "kind": "text", "mask": "full"},
        security_answer={"category": "other", "kind": "text", "mask": "full"},
        face_template={"category": "biometric", "kind": "text", "mask": "full"},
        passport_no={"category": "identity", "kind": "text", "mask": "text"},
    )
    values = {
        "name": "张三丰",
        "mobile": "13812345678",
        "accessibility_needs": "wheelchair",
        "id_number": "11010519491231002X",
        "bank_card": "6222021234567890128",
        "medical_card_no": "M12345678",
        "account_password": "hunter2",
        "security_answer": "Fido",
        "face_template": "0x1f2e3d",
        "passport_no": "E12345678",
    }

    masked = mask_for_ca(catalog, values, DEFAULT_MASKING)

    assert masked.values["id_number"] == "110***********002X"
    assert masked.values["bank_card"] == "**** **** **** 0128"
    for key in ("medical_card_no", "account_password", "security_answer", "face_template"):
        assert masked.values[key] == HIDDEN
    assert masked.values["passport_no"] == HIDDEN
    kept = ("name", "mobile", "accessibility_needs")
    assert {k: masked.values[k] for k in kept} == {k: values[k] for k in kept}
    assert set(masked.withheld) == set(values) - set(kept)


def test_a_key_word_inside_another_word_does_not_withhold_a_field() -> None:
    catalog = _catalog_with(
        shipping_note={"category": "preference", "kind": "text", "mask": "text"}
    )

    masked = mask_for_ca(catalog, {"shipping_note": "leave at door"}, DEFAULT_MASKING)

    assert masked.values == {"shipping_note": "leave at door"}
    assert masked.withheld == ()
