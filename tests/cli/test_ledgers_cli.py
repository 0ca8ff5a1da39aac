"""`privault points ...` and `privault wallet ...`: movements, balances and histories with
--json (amounts of stored value in yuan, never floats), refusals that name the field."""

from __future__ import annotations

from tests.cli.test_cli import Cli, _add


def test_the_wallet_tops_up_with_bonus_spends_refunds_and_reverses(cli: Cli) -> None:
    customer = _add(cli, "name=欧阳娜娜", "mobile=13812345678")
    assert cli.json("wallet", "bonus", "--tier", "1000:100") == {"bonus_tiers": ["1000.00:100.00"]}

    paid, bonus = cli.json("wallet", "topup", customer, "1000")
    assert (paid["kind"], paid["amount"], bonus["kind"], bonus["amount"]) == (
        "top_up", "1000.00", "bonus", "100.00"
    )  # fmt: skip
    [spent] = cli.json("wallet", "spend", customer, "88.50", "--note", "洗剪吹")
    assert (spent["amount"], spent["reason"]) == ("-88.50", "洗剪吹")
    too_much = cli.refused("wallet", "spend", customer, "1011.51")
    assert "amount: the stored-value balance is too low" in too_much
    assert "amount: at most two decimals" in cli.refused("wallet", "topup", customer, "1.001")
    assert "amount: write the amount as a number" in cli.refused("wallet", "topup", customer, "ten")
    [back] = cli.json("wallet", "refund", customer, "11.50", "--reason", "overcharged")
    reversed_ = cli.json("wallet", "reverse", str(back["id"]), "--reason", "keyed wrong")
    assert reversed_[0]["amount"] == "11.50"

    assert cli.json("wallet", "balance", customer) == {
        "customer_id": customer, "ledger": "wallet", "balance": "1011.50"
    }  # fmt: skip
    history = cli.json("wallet", "history", customer)
    assert (history["total"], history["zone"]) == (5, "Asia/Shanghai")
    assert [e["kind"] for e in history["entries"]] == [
        "reversal",
        "refund",
        "spend",
        "bonus",
        "top_up",
    ]


def test_points_are_earned_at_check_out_redeemed_and_adjusted(cli: Cli) -> None:
    customer = _add(cli, "name=欧阳娜娜", "mobile=13812345678")
    cli.json("visits", "add", customer, "--amount", "128.50")

    assert cli.json("points", "balance", customer)["balance"] == 128
    [redeemed] = cli.json("points", "redeem", customer, "100")
    assert (redeemed["kind"], redeemed["amount"]) == ("redeem", -100)
    assert "amount: the points held are too few" in cli.refused("points", "redeem", customer, "29")
    assert "points: write a whole number" in cli.refused("points", "redeem", customer, "1.5")
    [taken] = cli.json("points", "adjust", customer, "--reason", "typo", "--points", "-8")
    assert taken["amount"] == -8
    assert cli.json("points", "rules", "--per-yuan", "2") == {
        "points_per_yuan": "2",
        "expiry_months": 24,
    }
    history = cli.json("points", "history", customer)
    assert [(e["kind"], e["amount"]) for e in history["entries"]] == [
        ("adjust", -8), ("redeem", -100), ("earn", 128)
    ]  # fmt: skip
