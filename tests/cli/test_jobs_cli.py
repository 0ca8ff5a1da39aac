"""`privault jobs` and `privault worker` through the real command."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from tests.cli.test_cli import PRIVAULT, Cli
from tests.web.served import served

JOBS = {
    "request-deadlines",
    "retention",
    "training-reminders",
    "one-time-code-purge",
    "backup-pruning",
    "unreturned-cards",
    "collection-deadlines",
    "points-expiry",
    "ledger-reconciliation",
    "member-levels",
    "campaigns",
    "birthday-greetings",
    "customer-classes",
    "partner-agreements",
    "complaint-deadlines",
    "compliance-report",
    "assessments-due",
    "sanctions",
    "incident-drills",
    "duplicates-scan",
    "entry-review",
    "search-indexes",
}


def test_due_jobs_run_once_and_the_list_shows_their_last_and_next_run(cli: Cli) -> None:
    ran = cli.json("jobs", "run")
    assert {r["job"] for r in ran} == JOBS
    assert {r["outcome"] for r in ran} == {"done"}
    assert cli.json("jobs", "run") == []

    listed = {j["name"]: j for j in cli.json("jobs", "list")}
    assert set(listed) == JOBS
    assert listed["one-time-code-purge"]["last_summary"] == (
        "codes_purged=0, answer_files_purged=0, messages_purged=0"
    )
    assert all(j["next_due_at"] and j["last_outcome"] == "done" for j in listed.values())

    [again] = cli.json("jobs", "run", "retention")
    assert again["job"] == "retention"
    assert {e["channel"] for e in _system_events(cli)} == {"cli"}  # asked for by a command
    assert "no scheduled job named nightly" in cli.refused("jobs", "run", "nightly")


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "terminate"])
def test_the_worker_runs_the_due_jobs_until_stopped(cli: Cli, stop: signal.Signals) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRIVAULT_")}
    env["PRIVAULT_HOME"] = str(cli.home)
    worker = subprocess.Popen(
        [str(PRIVAULT), "worker"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # as when started with `privault worker &`: SIGINT ignored, which the worker undoes
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN),
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            listed = cli.json("jobs", "list")
            if all(j["last_outcome"] == "done" for j in listed):
                break
            time.sleep(0.2)  # polling for the worker's first turn, not timing it
        assert {j["name"] for j in listed if j["last_outcome"] == "done"} == JOBS
    finally:
        worker.send_signal(stop)
        try:
            out, err = worker.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()  # not left running after a failure
            worker.communicate()
            raise
    assert worker.returncode == 0, err
    assert "Traceback" not in err
    assert "stopped" in out
    # Scheduled runs name no channel, as in the server: nobody typed a command for them.
    assert {e["channel"] for e in _system_events(cli)} == {None}


def _system_events(cli: Cli) -> list[dict[str, Any]]:
    events = cli.json("audit", "list", "--limit", "500")
    found = [e for e in events if e["actor"] == "system"]
    assert found
    return found


def _finished(cli: Cli) -> set[str]:
    return {j["name"] for j in cli.json("jobs", "list") if j["last_outcome"] == "done"}


def _poll(cli: Cli, want: set[str]) -> set[str]:
    deadline, found = time.monotonic() + 60, set[str]()
    while time.monotonic() < deadline and found != want:
        found = _finished(cli)
        time.sleep(0.2)  # polling for the server's first turn, not timing it
    return found


def test_the_server_runs_the_jobs_unless_told_a_worker_does(cli: Cli, tmp_path: Path) -> None:
    with served(cli.home, tmp_path / "quiet.log", PRIVAULT_RUN_JOBS="false"):
        pass
    # A server that runs jobs ticks once at start and finishes that tick before it exits.
    assert _finished(cli) == set()
    with served(cli.home, tmp_path / "server.log"):
        assert _poll(cli, JOBS) == JOBS
    log: Any = (tmp_path / "server.log").read_text(encoding="utf-8", errors="replace")
    assert "Traceback" not in log
