"""`privault audit verify | export-checkpoint | purge | retention` end to end, on SQLite."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.cli.test_cli import Cli, _add


@pytest.fixture(scope="module")
def template(salon_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The signed-in salon installation of test_cli (its owner is privacy officer too)."""
    home = tmp_path_factory.mktemp("audit-cli") / "home"
    shutil.copytree(salon_template, home)
    Cli(home).json("demo", "--customers", "5")
    return home


@pytest.fixture
def cli(template: Path, tmp_path: Path) -> Cli:
    home = tmp_path / "home"
    shutil.copytree(template, home)
    return Cli(home)


def _sql(cli: Cli, *statements: str) -> None:
    with sqlite3.connect(cli.home / "privault.db") as db:
        for statement in statements:
            db.execute(statement)


def _ids(cli: Cli) -> list[int]:
    with sqlite3.connect(cli.home / "privault.db") as db:
        return [int(i) for (i,) in db.execute("SELECT id FROM audit_events ORDER BY seq")]


def test_an_untouched_trail_verifies(cli: Cli) -> None:
    result = cli.run("audit", "verify")
    assert result.returncode == 0, result.stderr
    assert "audit trail intact" in result.stdout
    report = cli.json("audit", "verify")
    assert report["is_intact"] is True
    assert report["problems"] == []
    assert report["events_checked"] == len(_ids(cli)) - 1  # not its own event


def test_a_tampered_trail_fails_and_names_the_first_bad_event(cli: Cli) -> None:
    ids = _ids(cli)
    _sql(
        cli,
        f"UPDATE audit_events SET reason = 'nothing' WHERE id = {ids[2]}",  # noqa: S608
        f"DELETE FROM audit_events WHERE id = {ids[4]}",  # noqa: S608
    )
    stderr = cli.refused("audit", "verify")
    assert (
        f"refused: the audit trail is broken: event {ids[2]}: contents changed since it was "
        "written (and 1 more problem)"
    ) in " ".join(stderr.split())
    result = cli.run("audit", "verify", "--json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["is_intact"] is False
    assert [p["event_id"] for p in report["problems"]] == [ids[2], ids[5]]


def test_a_checkpoint_file_catches_a_cut_tail_with_its_head_rewritten(
    cli: Cli, tmp_path: Path
) -> None:
    checkpoint = tmp_path / "checkpoint.json"
    written = cli.json("audit", "export-checkpoint", "--out", str(checkpoint))
    assert written["out"] == str(checkpoint)
    assert json.loads(checkpoint.read_text(encoding="utf-8"))["chains"][0]["chain"] == 0
    assert "never overwrites" in cli.refused("audit", "export-checkpoint", "--out", str(checkpoint))
    ids = _ids(cli)
    _sql(
        cli,
        f"DELETE FROM audit_events WHERE id >= {ids[-3]}",  # noqa: S608
        "UPDATE audit_heads SET seq = (SELECT max(seq) FROM audit_events), "
        "hash = (SELECT hash FROM audit_events ORDER BY seq DESC LIMIT 1)",
    )
    assert cli.run("audit", "verify").returncode == 0  # a hash chain alone cannot tell
    last = _ids(cli)[-1]  # that verification's own event
    stderr = " ".join(cli.refused("audit", "verify", "--checkpoint", str(checkpoint)).split())
    assert f"chain 0: cut short after event {last}: the checkpoint records seq" in stderr


def test_a_printed_checkpoint_is_sealed_json(cli: Cli, tmp_path: Path) -> None:
    result = cli.run("audit", "export-checkpoint")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert set(document) == {"format", "taken_at", "chains", "mac"}
    path = tmp_path / "printed.json"
    path.write_text(result.stdout, encoding="utf-8")
    assert cli.json("audit", "verify", "--checkpoint", str(path))["checkpoint_chains"] == 1
    document["chains"][0]["seq"] -= 1
    path.write_text(json.dumps(document), encoding="utf-8")
    assert "MAC does not match" in cli.refused("audit", "verify", "--checkpoint", str(path))


def test_retention_and_purge_refuse_what_the_law_and_the_setting_keep(cli: Cli) -> None:
    assert "at least 183 days" in cli.refused("audit", "retention", "--days", "100")
    today = datetime.now(UTC).date()
    stderr = " ".join(cli.refused("audit", "purge", "--before", today.isoformat()).split())
    latest = (today - timedelta(days=1095)).isoformat()
    assert f"younger than 1095 days are kept; the latest date you may purge before is {latest}" in (
        stderr
    )
    assert cli.json("audit", "retention", "--days", "183")["days"] == 183
    purged = cli.json("audit", "purge", "--before", (today - timedelta(days=183)).isoformat())
    assert purged["purged"] == 0  # nothing here is that old
    assert cli.run("audit", "verify").returncode == 0


@pytest.mark.legal("PIPL Art. 54")
def test_cli_actions_name_the_command_line_and_no_address(cli: Cli) -> None:
    cli.json("audit", "verify")
    [latest] = cli.json("audit", "list", "--limit", "1")
    assert latest["action"] == "audit.verify"
    assert (latest["channel"], latest["client_address"], latest["token_name"]) == (
        "cli",
        None,
        None,
    )
    shown = cli.run("audit", "list", "--limit", "2")
    assert shown.returncode == 0, shown.stderr
    assert "client address" in shown.stdout
    assert re.search(r"│ *cli *│", shown.stdout), shown.stdout


def test_search_pages_the_trail_by_fifty_and_names_a_bad_filter(cli: Cli) -> None:
    cli.json("demo", "--customers", "40")
    first = cli.json("audit", "search", "--page", "1")
    assert len(first["items"]) == 50
    assert first["has_next"] is True
    shown = cli.run("audit", "search")
    assert shown.returncode == 0, shown.stderr
    footer = re.search(r"next: --page 2 --after (\d+)", shown.stdout)
    assert footer, shown.stdout
    second = cli.json("audit", "search", "--page", "2", "--after", footer.group(1))
    assert second["page"] == 2
    assert second["items"][0]["at"] <= first["items"][-1]["at"]
    assert second["items"] != first["items"]
    denied = cli.json("audit", "search", "--outcome", "denied")
    assert all(e["outcome"] == "denied" for e in denied["items"])
    assert "to_on" in cli.refused("audit", "search", "--from", "2026-11-02", "--to", "2026-11-01")
    assert "surname" in cli.refused("audit", "search", "--surname", "张三丰")


def test_search_by_surname_and_tail_finds_that_customers_events(cli: Cli) -> None:
    mine = _add(cli, "name=张三丰", "mobile=13812341357")
    _add(cli, "name=李四", "mobile=13912341357")
    found = cli.json("audit", "search", "--tail", "1357", "--surname", "张*丰")
    assert {e["customer_id"] for e in found["items"]} == {mine}
    [latest] = cli.json("audit", "list", "--limit", "1")
    assert latest["reason"].endswith("customers by mobile tail and surname: 1")
