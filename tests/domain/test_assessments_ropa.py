"""The records of processing: one row per purpose, in the reader's language, with what the
catalog, the assessments and the recipients say (GDPR Art. 30)."""

from __future__ import annotations

import pytest

from privault.domain.assessments import Trigger
from privault.domain.assessments_ropa import (
    COLUMNS,
    Recipient,
    parse_format,
    parse_lang,
    records_of,
)
from privault.domain.catalog import parse_catalog
from privault.domain.errors import InvalidInputError
from privault.presets import load_preset

PRESET = load_preset("salon")
CATALOG = parse_catalog({k: PRESET[k] for k in ("industry", "fields", "purposes")})


@pytest.mark.legal("GDPR Art. 30")
def test_a_recipient_abroad_is_a_transfer_and_a_missing_assessment_is_named() -> None:
    needed = {"sensitive_care": (Trigger.SENSITIVE,)}
    abroad = {"sensitive_care": [Recipient("Acme Labs", "SG"), Recipient("本地药房")]}
    rows = {
        r.purpose: dict(zip(COLUMNS, r.cells, strict=True))
        for r in records_of(CATALOG, needed, [], abroad, "en")
    }
    care = rows["sensitive_care"]
    assert care["recipients"] == "Acme Labs; 本地药房"
    assert care["transfers"] == "Acme Labs (SG)"
    assert care["assessment"] == "not approved (needed: sensitive)"
    assert care["sensitive"] == "Allergies"
    assert rows["service"]["basis"] == "necessary for a contract"
    assert len(rows) == len(CATALOG.purposes)


def test_only_the_two_languages_and_formats_are_accepted() -> None:
    assert (parse_lang("zh"), parse_format("pdf")) == ("zh", "pdf")
    for call, bad, field in ((parse_lang, "fr", "lang"), (parse_format, "csv", "format")):
        with pytest.raises(InvalidInputError) as raised:
            call(bad)
        assert raised.value.field == field
