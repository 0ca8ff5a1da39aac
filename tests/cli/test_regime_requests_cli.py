"""Requests by someone other than the customer at the command line: a close relative of a
deceased customer, refused when the customer arranged otherwise (PIPL Art. 49)."""

from __future__ import annotations

import pytest

from tests.cli.test_cli import NOTICE, Cli
from tests.cli.test_requests_cli import _customer, shop, three_regimes

__all__ = ["shop", "three_regimes"]  # the fixtures this module borrows

PROOF = "death certificate and household register seen at the counter"


@pytest.mark.legal("PIPL Art. 49")
def test_a_relatives_request_is_opened_with_its_proof_then_refused_after_an_arrangement(
    shop: Cli,
) -> None:
    first, second = _customer(shop), _other(shop)

    opened = shop.json("requests", "open-for-relative", "--customer", first, "--type", "copy",
                       "--channel", "store", "--relation", "配偶", "--proof", PROOF)  # fmt: skip
    arranged = shop.run("requests", "arrange-after-death", "--customer", second,
                        "--arrangement", "no relative may see my data")  # fmt: skip
    refused = shop.json("requests", "open-for-relative", "--customer", second, "--type", "access",
                        "--channel", "letter", "--relation", "child", "--proof", PROOF)  # fmt: skip

    assert (opened["status"], opened["requester"]) == ("received", "close_relative")
    assert opened["requester_note"] == f"spouse; proof: {PROOF}"
    assert arranged.returncode == 0, arranged.stderr
    assert (refused["status"], refused["refusal_reason"]) == (
        "refused",
        "deceased_arranged_otherwise",
    )
    wrong = shop.refused("requests", "open-for-relative", "--customer", first, "--type",
                         "access", "--channel", "store", "--relation", "friend",
                         "--proof", PROOF)  # fmt: skip
    assert "relation" in wrong


def _other(cli: Cli) -> str:
    added = cli.json("customers", "add", "name=李四", "mobile=13912345678", "--channel", "store",
                     "--notice", NOTICE, "--consent", "service")  # fmt: skip
    return str(added["id"])


@pytest.mark.legal("CCPA Regs §7062")
def test_an_agents_copy_request_is_verified_on_three_data_points_and_a_declaration(
    shop: Cli,
) -> None:
    added = shop.json("customers", "add", "name=欧阳娜娜", "mobile=13812345678",
                      "birth_date=1990-03-07", "--channel", "store", "--notice", NOTICE,
                      "--consent", "service", "--consent", "membership")  # fmt: skip
    customer = str(added["id"])  # under CN, EU and CA, the installation's default
    permission = "permission signed by the customer, scanned to the request file"

    opened = shop.json("requests", "open-by-agent", "--customer", customer, "--type", "copy",
                       "--channel", "email", "--agent", "Privacy Helpers LLC",
                       "--permission", permission)  # fmt: skip
    too_few = shop.refused("requests", "verify-data-points", opened["id"],
                           "--point", "name=欧阳娜娜", "--point", "mobile=13812345678",
                           "--declaration")  # fmt: skip
    verified = shop.json("requests", "verify-data-points", opened["id"],
                         "--point", "name=欧阳娜娜", "--point", "mobile=138 1234 5678",
                         "--point", "birth_date=1990-03-07", "--declaration")  # fmt: skip

    assert opened["requester"] == "authorised_agent"
    assert "2 data points match the record; this request needs 3" in too_few
    assert verified["status"] == "identity_verified"
