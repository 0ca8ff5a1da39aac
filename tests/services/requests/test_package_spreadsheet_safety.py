"""An access request's data.csv is opened in a spreadsheet by the person or by staff: a value
the customer typed is shown, never evaluated (issue 13.1)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from privault.domain.policy import Actor
from privault.domain.portal import customer_actor
from privault.domain.requests import RequestType
from privault.services.portal.own_record import correct_own
from privault.services.vault import Vault
from tests.factories import MEMBER, register, unique_mobile
from tests.services.requests.test_fulfilment import answer, run

HOSTILE_NAME = '=HYPERLINK("http://x","y")'
HOSTILE_ADDRESS = "@SUM(A1:A9)"


def test_the_access_package_csv_quotes_what_a_spreadsheet_would_evaluate(
    vault: Vault, operator: Actor, tmp_path: Path
) -> None:
    customer_id = register(
        vault, operator, {"name": HOSTILE_NAME, "mobile": unique_mobile()}, MEMBER
    )
    correct_own(vault, customer_actor(customer_id), customer_id, {"address": HOSTILE_ADDRESS})
    out = tmp_path / "answer"

    run(vault, operator, customer_id, RequestType.ACCESS, out_dir=out)

    rows = list(csv.reader(answer(vault, operator, customer_id, out / "data.csv").splitlines()))
    assert ["field", "name", "姓名", "Name", "'" + HOSTILE_NAME, ""] in rows
    assert ["field", "address", "地址", "Address", "'" + HOSTILE_ADDRESS, ""] in rows
    assert [c for r in rows for c in r if c.startswith(("=", "+", "-", "@", "\t", "\r"))] == []
    # The JSON is data, not a sheet: it keeps the value exactly as the customer gave it.
    document = json.loads(answer(vault, operator, customer_id, out / "data.json"))
    assert {f["key"]: f["value"] for f in document["fields"]}["name"] == HOSTILE_NAME
