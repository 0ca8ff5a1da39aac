"""`privault segments count` and `privault campaigns create|send|report`: counts, a refusal
naming the missing opt-out line, a send to the consented customer only, all as JSON."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from privault.domain.campaigns import QuietHours
from tests.cli.test_cli import Cli, _add

SMS = "新品烫染八折。回T退订"


def test_a_campaign_is_counted_planned_sent_and_reported(cli: Cli) -> None:
    _add(cli, "name=欧阳娜娜", "mobile=13812345678", consents=("service", "marketing_sms"))
    _add(cli, "name=张三", "mobile=13812345679")
    counts = cli.json("segments", "count")
    assert {c["channel"]: c["consented"] for c in counts} == {"sms": 1, "email": 0}

    refused = cli.refused("campaigns", "create", "--name", "秋季", "--channel", "sms",
                          "--template", "新品烫染八折")  # fmt: skip
    assert "template: an SMS must end with 回T退订" in refused

    planned = cli.json("campaigns", "create", "--name", "秋季", "--channel", "sms",
                       "--template", SMS, "--segment", "store=main")  # fmt: skip
    assert planned["consented"] == 1
    assert planned["preview"]["body"].endswith("回T退订")
    campaign_id = planned["campaign"]["id"]

    sent = cli.json("campaigns", "send", campaign_id)
    # The CLI runs on the real clock: inside quiet hours the send waits for 08:00 shop time.
    quiet = QuietHours().holds_at(datetime.now(ZoneInfo("Asia/Shanghai")).time())
    assert (sent["sent"], sent["campaign"]["status"]) == ((0, "approved") if quiet else (1, "done"))
    report = cli.json("campaigns", "report", campaign_id)["report"]
    assert report["counts"]["sent"] == sent["sent"]
    assert (report["counts"]["failed"], report["unsubscribed"]) == (0, 0)
    assert "13812345678" not in cli.run("campaigns", "report", campaign_id).stdout
    decided = cli.json("campaigns", "decide", campaign_id, "--unknown-as", "failed")
    assert decided == {"settled": 0}  # no answer was lost
    assert "decision: choose one of" in cli.refused(
        "campaigns", "decide", campaign_id, "--unknown-as", "maybe"
    )
