"""`privault review`: a phone registration (verbal consent with its script) waits in the
queue, is accepted with a correction; another is rejected and erased; all as JSON."""

from __future__ import annotations

from tests.cli.test_cli import NOTICE, Cli


def _phone(cli: Cli, mobile: str) -> str:
    added = cli.json(
        "customers", "add", "name=欧阳娜娜", f"mobile={mobile}", "--channel", "phone",
        "--notice", NOTICE, "--consent", "service", "--script-version", "v3",
    )  # fmt: skip
    return str(added["id"])


def test_the_queue_is_listed_accepted_with_a_correction_and_rejected(cli: Cli) -> None:
    assert "phone script" in cli.refused(
        "customers", "add", "name=李雷", "mobile=13812345670", "--channel", "phone",
        "--notice", NOTICE, "--consent", "service",
    )  # fmt: skip
    kept, dropped = _phone(cli, "13812345678"), _phone(cli, "13812345679")

    listed = cli.json("review", "list")
    assert listed["total"] == 2
    assert [(e["id"], e["channel"], e["is_overdue"]) for e in listed["pending"]] == [
        (kept, "phone", False),
        (dropped, "phone", False),
    ]
    accepted = cli.json("review", "accept", kept, "--correct", "name=欧阳娜")
    assert accepted == {"id": kept, "outcome": "corrected and accepted"}
    assert "add --yes" in cli.refused("review", "reject", dropped, code=2)
    rejected = cli.json("review", "reject", dropped, "--yes")
    assert rejected["tombstone"].startswith("rejected at entry review: channel phone")
    assert cli.json("review", "list") == {"total": 0, "pending": []}
    assert "not waiting for entry review" in cli.refused("review", "accept", kept)
