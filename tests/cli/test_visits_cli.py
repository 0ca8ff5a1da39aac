"""`privault visits add|list|reverse`: a check-out with its lines and who served, the history,
and a reversal that can be made once, each with --json."""

from __future__ import annotations

from tests.cli.test_cli import Cli, _add


def test_a_check_out_is_listed_reversed_once_and_bad_input_names_its_field(cli: Cli) -> None:
    customer = _add(cli, "name=欧阳娜娜", "mobile=13812345678")

    bill = cli.json(
        "visits", "add", customer, "--served-by", "owner",
        "--item", "洗剪吹 1 88.00", "--item", "护发素 2 40.50",
    )  # fmt: skip
    assert (bill["kind"], bill["amount"], bill["served_by"]) == ("purchase", "128.50", ["owner"])
    assert bill["items"][0] == {"text": "洗剪吹", "quantity": 1, "amount_cents": 8800}

    reversal = cli.json("visits", "reverse", str(bill["id"]), "--reason", "wrong customer")
    assert (reversal["amount"], reversal["reverses_id"]) == ("-128.50", bill["id"])

    history = cli.json("visits", "list", customer)
    assert (history["total"], history["sight"], history["zone"]) == (2, "clear", "Asia/Shanghai")
    assert [v["id"] for v in history["visits"]] == [reversal["id"], bill["id"]]
    assert history["visits"][1]["reversed_by"] == reversal["id"]

    again = cli.refused("visits", "reverse", str(bill["id"]), "--reason", "again")
    assert f"already reversed by entry {reversal['id']}" in again
    stranger = cli.refused("visits", "add", customer, "--served-by", "nobody")
    assert "served_by: nobody is no active staff account of store main" in stranger
    assert cli.json("visits", "list", customer)["total"] == 2
