"""`privault incidents` and `privault violations`: the register, affected customers from the
trail, clocks, notices, reports, closure, drills, violations and sanctions, all as JSON."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime, timedelta

from tests.cli.test_cli import Cli, _add


def _now() -> datetime:
    return datetime.now(UTC)


def test_an_incident_is_reported_scoped_notified_drafted_and_closed(
    cli: Cli,
) -> None:
    start = _now() - timedelta(minutes=1)
    customer_id = _add(cli, "name=欧阳娜娜", "mobile=13812345678")
    cli.json("customers", "show", customer_id)
    detected = (_now() - timedelta(seconds=1)).isoformat()
    incident = cli.json(
        "incidents", "report", "--title", "Tablet lost", "--description", "Left on a bus",
        "--severity", "较大", "--detected-at", detected, "--reported-by", "Wang",
        "--fields", "name,mobile",
    )  # fmt: skip
    assert (incident["severity"], incident["status"]) == ("larger", "open")
    incident_id = incident["id"]
    future = (_now() + timedelta(hours=1)).isoformat()
    assert "future" in cli.refused(
        "incidents", "affected", incident_id, "--since", start.isoformat(), "--until", future
    )
    assert "zone" in cli.refused(
        "incidents", "affected", incident_id, "--since", "2026-11-01T10:00", "--until", future
    )
    found = cli.json(
        "incidents", "affected", incident_id, "--since", start.isoformat(),
        "--until", _now().isoformat(), "--staff", "owner",
    )  # fmt: skip
    assert found["customers"] == 1
    assert found["integrity"]["problem_count"] == 0
    shown = cli.json("incidents", "show", incident_id)
    assert shown["affected"] == 1
    assert [c["duty"] for c in shown["clocks"]][:1] == ["pipl_art57"]
    assert "describe" in cli.refused("incidents", "notify", incident_id)
    cli.json(
        "incidents", "respond", incident_id, "--measures", "Wiped remotely",
        "--advice", "Ignore odd calls", "--contact", "021-5555 0100",
    )  # fmt: skip
    assert cli.json("incidents", "notify", incident_id)["sent"] == {"sms": 1}
    report = cli.json("incidents", "draft-report", incident_id, "--language", "en")["report"]
    assert "Grade: larger" in report
    assert "13812345678" not in report
    out = cli.home.parent / "report-zh.pdf"
    written = cli.json(
        "incidents", "draft-report", incident_id, "--format", "pdf", "--out", str(out)
    )
    assert written == {"language": "zh", "file": str(out)}
    text = subprocess.run(
        ["/usr/bin/pdftotext", str(out), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    assert "个人信息安全事件报告" in text
    closed = cli.json("incidents", "close", incident_id, "--lessons", "Tablets stay in store")
    assert closed["status"] == "closed"
    assert [i["id"] for i in cli.json("incidents", "list")["incidents"]] == [incident_id]


def test_drills_are_recorded_and_their_absence_alerted(cli: Cli) -> None:
    assert cli.json("incidents", "drills")["overdue"] is True
    cli.json("incidents", "drill", "--held-on", _now().date().isoformat(),
             "--scenario", "Leaked list", "--findings", "Calls took 2 h")  # fmt: skip
    listed = cli.json("incidents", "drills")
    assert (len(listed["drills"]), listed["overdue"]) == (1, False)


def test_a_violation_and_a_warning_are_recorded_and_an_unknown_member_refused(
    cli: Cli,
) -> None:
    assert "no staff member" in cli.refused(
        "violations", "record", "--staff", "nobody", "--description", "x"
    )
    violation = cli.json(
        "violations", "record", "--staff", "owner", "--description", "Shared a list"
    )
    assert violation["staff_name"] == "owner"
    assert "sanctions themselves" in cli.refused(
        "violations", "sanction", violation["id"], "--kind", "warning"
    )
    assert "choose warning" in cli.refused(
        "violations", "sanction", violation["id"], "--kind", "fine"
    )
    assert (
        cli.json("violations", "list", "--staff", "owner")["violations"][0]["id"] == violation["id"]
    )
    assert cli.json("violations", "apply") == {"disabled": 0, "enabled": 0}
