"""The dashboard's charts carry their figures for ECharts (vendored, loaded by this page only)
and the same figures download as an XLSX workbook in the reader's language, audited."""

from __future__ import annotations

import io
import json
import re

from fastapi.testclient import TestClient
from openpyxl import load_workbook

from privault.domain.policy import Actor
from privault.services.audit.events import list_audit_events
from privault.services.vault import Vault
from privault.web.app import create_app
from tests.conftest import FrozenClock
from tests.factories import register
from tests.web.conftest import ADMIN, sign_in, staff_account

_SPEC = re.compile(r"data-echart='([^']+)'")


def test_each_chart_carries_its_figures_and_the_page_loads_echarts(
    vault: Vault, clock: FrozenClock, operator: Actor
) -> None:
    register(vault, operator, channel="phone")
    with TestClient(create_app(vault=vault), base_url="http://testserver") as client:
        sign_in(client, staff_account(vault, "po.charts", ["privacy_officer"]), clock)
        page = client.get("/dashboard", headers={"Accept-Language": "zh-CN"}).text
        assert '<script src="/static/echarts.min.js" defer></script>' in page
        assert client.get("/static/echarts.min.js").status_code == 200
        specs = [json.loads(raw.replace("&#34;", '"')) for raw in _SPEC.findall(page)]
        stacked = next(s for s in specs if s["kind"] == "stacked")
        assert stacked["labels"][-1] == "2026-11"
        assert stacked["series"] == [{"name": "电话", "values": [0] * 11 + [1]}]
        rates = next(s for s in specs if s.get("unit") == "%")
        assert "服务履行" in rates["labels"]


def test_the_figures_download_as_a_workbook_in_the_readers_language(
    vault: Vault, clock: FrozenClock, operator: Actor
) -> None:
    register(vault, operator)
    with TestClient(create_app(vault=vault), base_url="http://testserver") as client:
        sign_in(client, staff_account(vault, "po.xlsx", ["privacy_officer"]), clock)
        got = client.get("/dashboard.xlsx", headers={"Accept-Language": "zh-CN"})
        assert got.status_code == 200
        assert "dashboard.xlsx" in got.headers["content-disposition"]
        sheet = load_workbook(io.BytesIO(got.content)).worksheets[0]
        rows = [[str(c) for c in row if c is not None] for row in sheet.iter_rows(values_only=True)]
        assert rows[0][0] == "概览"  # the dashboard, in Chinese
        assert ["各渠道每月新增客户"] in rows
        assert ["门店前台", *(["0"] * 11), "1"] in rows
        assert "Asia/Shanghai" in rows[0][1]
        denied = TestClient(create_app(vault=vault), base_url="http://testserver")
        sign_in(denied, staff_account(vault, "desk.xlsx", ["front_desk"]), clock)
        assert denied.get("/dashboard.xlsx").status_code == 403
    reports = [e for e in list_audit_events(vault, ADMIN) if "dashboard report" in (e.reason or "")]
    assert len(reports) == 1
