"""`privault forms`: a booking's collection form collected, a covert item refused, submitted,
reviewed (an item without its separate consent refused, then accepted and rejected), listed as
awaiting entry and entered onto the card, all as JSON for scripts."""

from __future__ import annotations

from tests.cli.test_bookings_cli import _tomorrow
from tests.cli.test_cli import Cli, _add


def test_a_form_is_collected_submitted_reviewed_listed_and_entered(cli: Cli) -> None:
    customer = _add(cli, "name=欧阳娜娜", "mobile=13812345678")
    booking = cli.json(
        "bookings", "add", "--date", _tomorrow(), "--starts", "14:00", "--ends", "15:00",
        "--technician", "李技师", "--customer", customer,
    )["id"]  # fmt: skip
    covert = cli.refused("forms", "add", booking, "--item", "hair_type=dry:overheard")
    assert "hair_type" in covert
    assert "overheard" in covert

    items = ("--item", "hair_type=dry:told", "--item", "allergies=染发剂:told", "--paper")
    form = cli.json("forms", "add", booking, *items)
    assert [(i["key"], i["source"]) for i in form["items"]] == [
        ("allergies", "told"),
        ("hair_type", "told"),
    ]
    assert cli.json("forms", "submit", form["id"])["status"] == "submitted"

    review = ("forms", "review", form["id"], "--with", "部长 李娜", "--accept", "hair_type")
    assert "separate consent" in cli.refused(*review, "--accept", "allergies")
    reviewed = cli.json(*review, "--reject", "allergies")
    assert (reviewed["status"], reviewed["review_with"]) == ("reviewed", "部长 李娜")

    [waiting] = cli.json("forms", "pending")["forms"]
    assert (waiting["id"], waiting["stage"], waiting["identity"]) == (
        form["id"],
        "entry",
        {"name": "欧阳**"},
    )
    entered = cli.json("forms", "enter", form["id"])
    assert entered["status"] == "entered"
    assert entered["entered_at"]
    assert "染发剂" not in cli.run("forms", "pending").stdout
