"""`privault duplicates`: a near-duplicate registered at the desk is listed masked, and a scan
reports it, all as JSON."""

from __future__ import annotations

from tests.cli.test_cli import Cli, _add


def test_a_near_duplicate_is_listed_masked_and_found_by_a_scan(cli: Cli) -> None:
    first = _add(cli, "name=欧阳娜娜", "mobile=13812345678")
    second = _add(cli, "name=欧阳娜娜", "mobile=13812345670")
    listed = cli.json("duplicates", "list")
    assert listed["total"] == 1
    (pair,) = listed["pairs"]
    assert {pair["first"]["id"], pair["second"]["id"]} == {first, second}
    assert pair["kinds"] == ["name_mobile"]
    assert "13812345678" not in cli.run("duplicates", "list").stdout
    assert cli.json("duplicates", "scan") == {"pairs": 1, "added": 0, "open": 1}


def test_a_page_below_one_is_refused(cli: Cli) -> None:
    assert "page must be 1 or more" in cli.run("duplicates", "list", "--page", "0").stderr


def test_a_pair_is_merged_with_a_chosen_value_and_unmerged(cli: Cli) -> None:
    first = _add(cli, "name=欧阳娜娜", "mobile=13812345678")
    second = _add(cli, "name=欧阳娜娜", "mobile=13812345670")
    assert "choose survivor or merged for mobile" in cli.refused(
        "duplicates", "merge", first, second
    )
    merged = cli.json("duplicates", "merge", first, second, "--choose", "mobile=merged")
    assert (merged["survivor_id"], merged["merged_id"], merged["fields"]) == (
        first,
        second,
        ["mobile"],
    )
    assert merged["moved"]["consent_events"] == 1
    assert cli.json("customers", "show", second)["id"] == first
    undone = cli.json("duplicates", "unmerge", second)
    assert undone["merged_id"] == second
    assert cli.json("customers", "show", second)["id"] == second
    assert "not merged into another" in cli.refused("duplicates", "unmerge", second)
