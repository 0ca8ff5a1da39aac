"""What serving staff see: serving fields with a basis now, the rest named as left out, and a
warning on sensitive values."""

from __future__ import annotations

from privault.domain.catalog import Catalog, parse_catalog
from privault.domain.serving import serving_view
from privault.presets import load_preset

VALUES = {
    "name": "欧阳娜娜",
    "mobile": "13812345678",
    "hair_type": "dry",
    "skin_type": "sensitive",
    "allergies": "染发剂过敏",
}


def _salon() -> Catalog:
    preset = load_preset("salon")
    return parse_catalog({k: preset[k] for k in ("industry", "fields", "purposes")})


def test_only_serving_fields_are_shown_never_name_or_contact() -> None:
    view = serving_view(_salon(), VALUES, frozenset({"service", "sensitive_care"}))
    assert [item.key for item in view.items] == ["hair_type", "skin_type", "allergies"]
    assert view.left_out == ()


def test_allergies_need_the_separate_consent_and_carry_a_warning() -> None:
    with_consent = serving_view(_salon(), VALUES, frozenset({"service", "sensitive_care"}))
    assert [item.key for item in with_consent.warnings] == ["allergies"]

    without = serving_view(_salon(), VALUES, frozenset({"service"}))
    assert "allergies" not in [item.key for item in without.items]
    assert without.warnings == ()
    assert without.left_out == ("allergies",)


def test_a_field_the_service_contract_justifies_needs_no_consent_and_blanks_are_skipped() -> None:
    catalog = _salon()
    view = serving_view(catalog, {"hair_type": "dry", "skin_type": ""}, frozenset())
    assert ([item.key for item in view.items], view.left_out) == (["hair_type"], ())
    assert serving_view(catalog, {}, frozenset({"service"})).items == ()
