"""What the customer's notice and the regulator's report say, from the record alone."""

from __future__ import annotations

from datetime import UTC, datetime

from privault.domain.incident_clocks import incident_clocks
from privault.domain.incident_notices import customer_notice, regulator_report
from privault.domain.incidents import Incident, IncidentStatus, Severity

AT = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
INCIDENT = Incident(
    id="i1", title="Tablet lost", description="Left on a bus.", severity=Severity.MAJOR,
    status=IncidentStatus.CONTAINED, detected_at=AT, reported_by="Wang", recorded_at=AT,
    recorded_by="officer", data_fields=("name", "mobile"), measures="Wiped remotely",
    advice="Ignore odd calls", contact="021-5555 0100",
)  # fmt: skip


def test_the_notice_says_what_the_law_asks_in_chinese_then_english() -> None:
    text = customer_notice(INCIDENT, "三丰美发", ["姓名", "手机号"], ["Name", "Mobile"])
    chinese, english = text.split("\n")
    assert chinese.startswith("【三丰美发】个人信息安全事件告知：Tablet lost。")
    assert "涉及信息：姓名、手机号" in chinese
    assert "我们已采取的措施：Wiped remotely" in chinese
    assert "Data involved: Name, Mobile. What we did: Wiped remotely." in english
    assert "What you can do: Ignore odd calls. Contact: 021-5555 0100." in english


def test_the_report_names_the_grade_the_people_and_each_deadline_in_the_shops_zone() -> None:
    clocks = incident_clocks(AT, Severity.MAJOR, {"CN": 3, "EU": 1})
    chinese = regulator_report(
        INCIDENT, clocks, {"CN": 3, "EU": 1}, shop="三丰美发", zone="Asia/Shanghai", language="zh"
    )
    assert "事件级别: 重大" in chinese
    assert "受影响人数（按适用法律）: CN 3, EU 1" in chinese
    assert "4小时内报告省级网信部门: 2026-11-23 21:30 (Asia/Shanghai)" in chinese
    english = regulator_report(
        INCIDENT, clocks, {"CN": 3, "EU": 1}, shop="Sanfeng", zone="UTC", language="en"
    )
    assert "GDPR Art. 33: the supervisory authority within 72 hours: 2026-11-26 09:30 (UTC)" in (
        english
    )
    assert "Lessons learned" not in english
