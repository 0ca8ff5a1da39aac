"""`privault customers confirm-contact|stale` and `privault settings contact-days`, as JSON."""

from __future__ import annotations

from tests.cli.test_cli import Cli, _add


def test_contact_data_is_confirmed_listed_and_its_period_set(cli: Cli) -> None:
    customer = _add(cli, "name=欧阳娜娜", "mobile=13812345678")

    confirmed = cli.json("customers", "confirm-contact", customer)
    stale = cli.json("customers", "stale")

    assert (confirmed["customer_id"], confirmed["is_stale"], confirmed["days_since"]) == (
        customer,
        False,
        0,
    )
    assert (stale["total"], stale["rows"], stale["fresh_days"]) == (0, [], 365)
    assert cli.json("settings", "contact-days") == {"contact_fresh_days": 365}
    assert cli.json("settings", "contact-days", "90") == {"contact_fresh_days": 90}
    assert "between 30 and 3650 days" in cli.refused("settings", "contact-days", "7")
    assert cli.json("customers", "stale")["fresh_days"] == 90
