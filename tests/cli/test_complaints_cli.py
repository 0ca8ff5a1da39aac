"""`privault complaints` and `privault compliance`: a complaint taken, listed, answered and
linked; the report issued with its signed pack, the pack verified, a changed one refused; all
as JSON."""

from __future__ import annotations

import json

import pytest

from tests.cli.test_cli import Cli, _add


def test_a_complaint_is_taken_listed_answered_and_shown(cli: Cli) -> None:
    customer = _add(cli, "name=张三丰", "mobile=13812345678")

    asked = "为什么收到广告短信？"
    taken = cli.json("complaints", "record", customer, asked, "--kind", "complaint")
    listed = cli.json("complaints", "list", "--status", "open")
    answered = cli.json("complaints", "answer", taken["id"], "已为您退订。")
    shown = cli.json("complaints", "show", taken["id"])

    assert (taken["status"], taken["channel"]) == ("open", "desk")
    assert [c["id"] for c in listed] == [taken["id"]]
    assert (answered["status"], answered["answer_route"]) == ("answered", "sms")
    assert (shown["text"], shown["answer"]) == ("为什么收到广告短信？", "已为您退订。")


def test_bad_complaint_input_names_the_field(cli: Cli) -> None:
    customer = _add(cli, "name=张三丰", "mobile=13812345678")

    assert "channel" in cli.refused("complaints", "record", customer, "hi", "--channel", "fax")
    assert "text" in cli.refused("complaints", "record", customer, " ")


@pytest.mark.legal("PIPL Art. 54")
def test_the_report_is_signed_and_a_changed_pack_is_refused(cli: Cli) -> None:
    _add(cli, "name=张三丰", "mobile=13812345678")
    pack_path = cli.home / "pack.json"

    pack = cli.json("compliance", "report", "--out", str(pack_path))
    key = pack["signature"]["public_key"]
    checked = cli.json("compliance", "verify", str(pack_path), "--key", key)

    assert pack["report"]["data_subjects"]["count"] == 1
    assert pack["report"]["audit_trail"]["intact"] is True
    assert checked["valid"] is True
    changed = json.loads(pack_path.read_text(encoding="utf-8"))
    changed["report"]["data_subjects"]["count"] = 0
    tampered = cli.home / "tampered.json"
    tampered.write_text(json.dumps(changed), encoding="utf-8")
    assert "changed after it was signed" in cli.refused("compliance", "verify", str(tampered))
