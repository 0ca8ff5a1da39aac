"""`privault members`: enrol, show by id and by number, list with masked names, counts, a level
set by hand with a reason, the rules shown and set from a file, and closing, all as JSON."""

from __future__ import annotations

from pathlib import Path

from tests.cli.test_cli import Cli, _add


def test_a_member_is_enrolled_found_levelled_listed_and_closed(
    cli: Cli,
) -> None:
    customer_id = _add(cli, "name=欧阳娜娜", "mobile=13812345678")
    enrolled = cli.json("members", "enrol", customer_id)
    assert (enrolled["number"], enrolled["level"], enrolled["level_name"]) == (
        "M00000018",
        "standard",
        "普通",
    )
    assert cli.json("members", "show", "--number", "m0000001-8")["customer_id"] == customer_id
    assert "check digit" in cli.refused("members", "show", "--number", "M00000019")
    assert "say why" in cli.refused("members", "set-level", customer_id, "gold", "--reason", " ")

    raised = cli.json("members", "set-level", customer_id, "金卡", "--reason", "guest of honour")
    assert (raised["level"], raised["why"]["kind"], raised["why"]["reason"]) == (
        "gold",
        "manual",
        "guest of honour",
    )
    listed = cli.json("members", "list", "--level", "gold")
    assert [(m["number"], m["identity"]) for m in listed["members"]] == [
        ("*****0018", {"name": "欧阳**", "member_no": "*****0018"})
    ]
    assert "13812345678" not in cli.run("members", "list").stdout
    assert cli.json("members", "list", "--counts") == {"main": {"gold": 1}}

    closed = cli.json("members", "close", customer_id, "--reason", "moved away")
    assert closed["status"] == "closed"
    assert "closed already" in cli.refused("members", "close", customer_id, "--reason", "x")


def test_the_level_rules_are_shown_and_set_from_a_file_checked_whole(
    cli: Cli,
    tmp_path: Path,
) -> None:
    shown = cli.run("members", "levels").stdout
    assert 'name = "钻石"' in shown
    rules = tmp_path / "rules.toml"
    rules.write_text(shown.replace("window_months = 12", "window_months = 99"), encoding="utf-8")
    assert "window_months" in cli.refused("members", "levels", "--set", str(rules))

    rules.write_text(shown.replace("window_months = 12", "window_months = 6"), encoding="utf-8")
    assert cli.json("members", "levels", "--set", str(rules))["window_months"] == 6
    assert cli.json("members", "levels")["levels"][3]["name"] == "钻石"
