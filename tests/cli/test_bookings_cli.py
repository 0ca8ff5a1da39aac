"""`privault bookings`: a dinner booked, checked in, served and closed, a clashing room and a
reopened booking refused, and the day listed with masked names, all as JSON for scripts."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from tests.cli.staff_enrolment import add_enrolled, login
from tests.cli.test_cli import Cli, _add


def _tomorrow() -> str:
    # The shop's calendar (the default opening hours are in Asia/Shanghai).
    return (datetime.now(ZoneInfo("Asia/Shanghai")).date() + timedelta(days=1)).isoformat()


def test_a_booking_is_made_moved_to_done_listed_and_never_reopened(
    cli: Cli,
) -> None:
    day = _tomorrow()
    customer_id = _add(cli, "name=欧阳娜娜", "mobile=13812345678")
    dinner = ("--date", day, "--meal", "dinner", "--room", "牡丹厅", "--party-size", "4")
    booked = cli.json("bookings", "add", *dinner, "--customer", customer_id, "--service", "生日")
    assert (booked["status"], booked["meal"], booked["services"]) == ("booked", "dinner", ["生日"])

    clash = cli.refused("bookings", "add", *dinner, "--salutation", "王先生")
    assert "room: 牡丹厅 is taken by booking" in clash
    walk_in = cli.json(
        "bookings", "add", "--date", day, "--starts", "14:00", "--ends", "15:00",
        "--technician", "李技师", "--salutation", "王先生", "--source", "phone",
    )  # fmt: skip
    assert (walk_in["customer_id"], walk_in["salutation"]) == (None, "王先生")

    for step, status in (("arrive", "arrived"), ("start", "in_service"), ("close", "done")):
        assert cli.json("bookings", step, booked["id"])["status"] == status
    assert "never reopened" in cli.refused("bookings", "arrive", booked["id"])
    assert cli.json("bookings", "no-show", walk_in["id"])["status"] == "no_show"

    listed = cli.json("bookings", "list", "--date", day)
    assert (listed["zone"], sorted(listed["groups"])) == ("Asia/Shanghai", ["", "牡丹厅"])
    shown = listed["groups"]["牡丹厅"][0]
    assert (shown["id"], shown["status"], shown["salutation"], shown["identity"]) == (
        booked["id"],
        "done",
        "欧阳**",  # the masked name the desk saw at booking, kept as the booking's salutation
        {},
    )
    assert "13812345678" not in cli.run("bookings", "list", "--date", day).stdout


def test_a_technician_lists_todays_bookings_with_the_service_fields_only(
    cli: Cli,
) -> None:
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date().isoformat()
    customer = _add(cli, "name=欧阳娜娜", "mobile=13812345678", "hair_type=dry")
    other = _add(cli, "name=李四", "mobile=13900001111", "hair_type=oily")
    tech = add_enrolled(cli, "tech.zhou", "service_staff", store="main")
    cli.json("staff", "train", "tech.zhou", "--course", "PIPL")  # clear values need training
    cli.json("staff", "sign-agreement", "tech.zhou")
    slot = ("--date", today, "--starts", "10:00", "--ends", "11:00")
    mine = cli.json("bookings", "add", *slot, "--technician", "tech.zhou", "--customer", customer)
    cli.json("bookings", "add", *slot, "--technician", "tech.wu", "--customer", other)

    login(cli, tech)
    listed = cli.json("bookings", "today")

    assert (listed["staff"], listed["date"], listed["zone"]) == (
        "tech.zhou",
        today,
        "Asia/Shanghai",
    )
    [entry] = listed["bookings"]
    assert (entry["id"], entry["guest"], entry["serving"]) == (
        mine["id"],
        "欧阳**",
        {"hair_type": "dry"},
    )
    shown = cli.run("bookings", "today").stdout
    assert "13812345678" not in shown
    assert "oily" not in shown
