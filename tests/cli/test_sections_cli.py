"""`privault sections`: the store manager groups a store's rooms into a section served by
service staff, a name that is no serving account of the store is refused with the field, and the
sections are listed, all as JSON for scripts."""

from __future__ import annotations

from tests.cli.test_cli import Cli


def test_a_section_is_set_with_its_rooms_and_staff_listed_and_a_stranger_refused(
    cli: Cli,
) -> None:
    added = ("staff", "add", "head.wang", "--role", "service_staff", "--store", "main")
    cli.json(*added, "--mobile", "13900009999")
    section = cli.json(
        "sections", "set", "main", "A区", "--rooms", "牡丹厅,芙蓉厅", "--staff", "head.wang"
    )
    assert (section["rooms"], section["staff"]) == (["牡丹厅", "芙蓉厅"], ["head.wang"])

    refused = cli.refused("sections", "set", "main", "B区", "--rooms", "兰厅", "--staff", "li.x")
    assert "staff" in refused
    assert "li.x is no service staff account of store main" in refused

    listed = cli.json("sections", "list", "main")
    assert [(s["name"], s["staff"]) for s in listed] == [("A区", ["head.wang"])]
