"""The portability format: built, read back, and refused when it is not version 1."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from privault.domain.errors import InvalidInputError
from privault.domain.portability import (
    FORMAT,
    VERSION,
    PortableConsent,
    build_document,
    parse_document,
)

AT = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)


def consent(purpose: str, action: str) -> PortableConsent:
    return PortableConsent(purpose, action, AT.isoformat(), "2026.1", "ab" * 32, "store", "self")


def document(**changes: Any) -> dict[str, Any]:
    built = build_document(
        customer_id="c-1",
        exported_at=AT,
        industry="salon",
        values={"name": "张三", "mobile": "13812345678"},
        consents=[consent("service", "grant"), consent("marketing_sms", "grant")],
        regimes=["CN", "EU"],
        is_sharing_opted_out=True,
    )
    return {**built, **changes}


def test_a_built_document_reads_back_as_the_same_customer() -> None:
    built = document()
    assert (built["format"], built["version"]) == (FORMAT, VERSION) == ("privault.portability", 1)

    customer = parse_document(built)

    assert customer.values == {"mobile": "13812345678", "name": "张三"}
    assert customer.granted == ("service", "marketing_sms")
    assert customer.regimes == ("CN", "EU")
    assert customer.is_sharing_opted_out


def test_the_last_consent_event_per_purpose_decides() -> None:
    consents = [vars(consent("marketing_sms", "grant")), vars(consent("marketing_sms", "withdraw"))]
    assert parse_document(document(consents=consents)).granted == ()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"format": "other"}, "format"),
        ({"version": 2}, "version"),
        ({"customer": {}}, "customer"),
        ({"customer": {"mobile": 13812345678}}, "mobile"),
        ({"consents": [{"purpose": "service", "action": "maybe"}]}, "consents"),
        ({"regimes": "CN"}, "regimes"),
    ],
)
def test_a_document_that_is_not_version_1_of_the_format_is_refused_by_field(
    changes: dict[str, Any], field: str
) -> None:
    with pytest.raises(InvalidInputError) as raised:
        parse_document(document(**changes))
    assert raised.value.field == field
