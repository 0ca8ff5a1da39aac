"""The compliance report page: the officer and the auditor download the signed pack, which
verifies under the public key the page shows; a bad year is shown next to its field; the desk
is refused."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient

from privault.crypto.evidence import verify_pack
from privault.services.vault import Vault
from tests.conftest import FrozenClock
from tests.web.conftest import form_token, sign_in, staff_account


def test_the_auditor_downloads_a_pack_that_verifies_under_the_shown_key(
    vault: Vault, client: TestClient, clock: FrozenClock
) -> None:
    sign_in(client, staff_account(vault, "aud.zhou", ["auditor"]), clock)
    page = client.get("/compliance")
    key = page.text.split('<code id="public-key">')[1].split("</code>")[0]

    download = client.post(
        "/compliance/report",
        data={"csrf_token": form_token(client, "/compliance"), "year": "2026", "format": "json"},
    )

    assert download.status_code == 200
    assert 'filename="compliance-2026.json"' in download.headers["content-disposition"]
    pack = json.loads(download.content)
    assert verify_pack(pack, key) == key
    assert pack["report"]["audit_trail"]["intact"] is True


def test_a_bad_year_is_shown_next_to_its_field(
    vault: Vault, client: TestClient, clock: FrozenClock
) -> None:
    sign_in(client, staff_account(vault, "officer.wu", ["privacy_officer"]), clock)

    page = client.post(
        "/compliance/report",
        data={"csrf_token": form_token(client, "/compliance"), "year": "3000"},
    )

    assert page.status_code == 422
    assert 'data-field="report.year"' in page.text


def test_the_desk_is_refused_the_report(
    vault: Vault, client: TestClient, clock: FrozenClock
) -> None:
    sign_in(client, staff_account(vault, "desk.li", ["front_desk"]), clock)

    assert client.get("/compliance").status_code == 403
