"""Requests by the close relatives of a deceased customer (PIPL Art. 49)."""

from __future__ import annotations

from pathlib import Path

import pytest

from privault.db.inspection import table_counts
from privault.domain.errors import InvalidInputError
from privault.domain.policy import Actor
from privault.services.audit.events import list_audit_events
from privault.services.requests.answers import fulfil_request
from privault.services.requests.relatives import (
    open_relative_request,
    record_posthumous_arrangement,
)
from privault.services.requests.verification import send_code, verify_request
from privault.services.vault import Vault
from tests.factories import MEMBER, register

PROOF = "death certificate and household register seen at the counter"


@pytest.mark.legal("PIPL Art. 49")
def test_a_child_of_a_deceased_customer_gets_a_copy_after_showing_proof_in_person(
    vault: Vault, operator: Actor, tmp_path: Path
) -> None:
    customer = register(vault, operator, None, MEMBER)

    opened = open_relative_request(
        vault, operator, customer, "复制", "store", relation="儿子", proof=PROOF
    )
    with pytest.raises(InvalidInputError, match="verified in person") as by_code:
        send_code(vault, operator, opened.id, "sms")
    verify_request(vault, operator, opened.id, "in_person", note="son's resident ID card shown")
    done = fulfil_request(vault, operator, opened.id, out_dir=tmp_path / "answer")

    assert (opened.requester, opened.requester_note) == ("close_relative", f"child; proof: {PROOF}")
    assert opened.status.value == "received"
    assert by_code.value.field == "via"
    assert done.request.status.value == "completed"
    assert sorted(p.name for p in done.files) == [
        "data.csv.sealed",
        "data.json.sealed",
        "summary.txt.sealed",
    ]


@pytest.mark.legal("PIPL Art. 49")
def test_a_relatives_request_is_refused_when_the_deceased_arranged_otherwise(
    vault: Vault, operator: Actor
) -> None:
    customer = register(vault, operator, None, MEMBER)
    record_posthumous_arrangement(
        vault, operator, customer, "no relative may see or copy my data (signed form, 2026-11)"
    )

    refused = open_relative_request(
        vault, operator, customer, "access", "letter", relation="spouse", proof=PROOF
    )

    assert (refused.status.value, refused.refusal_reason) == (
        "refused",
        "deceased_arranged_otherwise",
    )
    assert "PIPL Art. 49" in (refused.outcome or "")
    assert "12377" in (refused.outcome or "")  # where to complain
    trail = [(e.action, e.reason) for e in list_audit_events(vault, operator, customer_id=customer)]
    assert (
        "request.refuse",
        f"request {refused.id}: refused: deceased_arranged_otherwise",
    ) in trail
    assert any("arrangement for after death recorded" in (r or "") for _, r in trail)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"relation": "friend"}, "relation"),
        ({"proof": ""}, "proof"),
        ({"proof": "death certificate 110105194912310021 seen"}, "proof"),
        ({"type": "portability"}, "type"),
    ],
)
def test_a_relatives_request_needs_a_close_relation_its_proof_and_a_right_they_hold(
    vault: Vault, operator: Actor, change: dict[str, str], field: str
) -> None:
    customer = register(vault, operator, None, MEMBER)
    asked = {"type": "access", "relation": "parent", "proof": PROOF, **change}
    before = table_counts(vault.database)

    with pytest.raises(InvalidInputError) as refused:
        open_relative_request(
            vault,
            operator,
            customer,
            asked["type"],
            "store",
            relation=asked["relation"],
            proof=asked["proof"],
        )

    assert refused.value.field == field
    assert table_counts(vault.database) == before
