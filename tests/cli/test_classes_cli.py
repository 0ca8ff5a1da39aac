"""`privault classes`: the rule is set and shown, a quarter computed, listed with masked names
and counted, an important guest marked with a reason; bad input names its field; all as JSON."""

from __future__ import annotations

from tests.cli.test_cli import Cli, _add


def test_classes_are_configured_computed_listed_and_counted(cli: Cli) -> None:
    rule = cli.json("classes", "config", "a_spend=1 b_spend=1 b_visits=0")
    assert rule["rule"] == "a_spend=1 b_spend=1 b_visits=0 c_min_spend=0.01 churn_days=180"
    profiled = ("service", "personalisation")
    big = _add(cli, "name=张三丰", "mobile=13812345678", consents=profiled)
    small = _add(cli, "name=李四", "mobile=13812345679", consents=profiled)
    _add(cli, "name=王五", "mobile=13812345670")  # no consent to personalisation
    cli.json("transactions", "add", "--customer", big, "--kind", "purchase", "--amount", "300")
    cli.json("transactions", "add", "--customer", small, "--kind", "purchase", "--amount", "20")
    marked = cli.json("classes", "important", small, "--reason", "区政府接待")
    assert marked["important"] is True

    report = cli.json("classes", "compute", "--quarter", "2026Q4")
    listed = cli.json("classes", "list")
    counts = cli.json("classes", "list", "--counts")

    assert report["counts"] == {"A": 2, "B": 0, "C": 0, "D": 0, "churned": 0}
    assert {c["masked_name"] for c in listed["customers"]} == {"张*丰", "李*"}
    assert all("mobile" not in c for c in listed["customers"])
    assert counts["counts"]["A"] == 2


def test_a_bad_rule_or_quarter_is_refused_naming_the_field(cli: Cli) -> None:
    assert "churn_days" in cli.refused("classes", "config", "churn_days=0")
    assert "quarter" in cli.refused("classes", "compute", "--quarter", "2026Q9")
    assert "reason" in cli.refused("classes", "important", "some-id", "--reason", " ")
