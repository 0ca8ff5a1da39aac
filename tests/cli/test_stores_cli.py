"""`privault stores`: stores added, renamed, listed and deactivated as JSON; bad input names its
field and changes nothing."""

from __future__ import annotations

from tests.cli.test_cli import Cli


def test_a_store_is_added_renamed_listed_and_deactivated(cli: Cli) -> None:
    added = cli.json("stores", "add", "east", "--name", "东门店", "--zone", "Asia/Shanghai")
    renamed = cli.json("stores", "rename", "east", "--name", "东门旗舰店", "--name-en", "East")
    gone = cli.json("stores", "deactivate", "east")
    listed = cli.json("stores", "list")

    assert (added["code"], added["name"], added["zone"]) == ("east", "东门店", "Asia/Shanghai")
    assert (renamed["name"], renamed["name_en"], renamed["zone"]) == ("东门旗舰店", "East", None)
    assert gone["is_active"] is False
    assert [(s["code"], s["is_active"]) for s in listed] == [("east", False)]


def test_bad_store_input_names_the_field(cli: Cli) -> None:
    cli.json("stores", "add", "east", "--name", "东门店")

    assert "code" in cli.refused("stores", "add", "east", "--name", "又一个")
    assert "zone" in cli.refused("stores", "add", "west", "--name", "西", "--zone", "Mars/Base")
    assert [s["code"] for s in cli.json("stores", "list")] == ["east"]
