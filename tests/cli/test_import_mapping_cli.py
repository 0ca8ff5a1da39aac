"""`privault import` of another system's member export: --preview (masked), then --confirm with
--save-mapping, and the next file by its mapping (the rest is tested at the service)."""

from __future__ import annotations

from pathlib import Path

from tests.cli.test_cli import NOTICE, Cli

HEADER = "客户姓名,手机号,会员等级,积分,储值余额,最近消费时间,标签\n"


def test_a_youzan_export_is_previewed_confirmed_saved_and_its_mapping_reused(
    cli: Cli,
    tmp_path: Path,
) -> None:
    first = tmp_path / "有赞会员.csv"
    first.write_text(
        HEADER + '韩梅梅,13612345001,金卡会员,"1,280",¥300.50,2026/3/8 14:20,老客\n',
        encoding="utf-8",
    )
    consent = ("--notice", NOTICE, "--consent", "service")
    preview = cli.json("import", str(first), "--preview")
    assert [c["target"] for c in preview["columns"]][-1] == ""
    assert preview["unimported"] == ["标签"]
    assert not {"13612345001", "老客"} & {cell for row in preview["rows"] for cell in row}

    report = cli.json("import", str(first), *consent, "--confirm", "--save-mapping", "有赞")
    assert (report["imported"], report["unimported"], report["mapping"]) == (1, ["标签"], "有赞")
    second = tmp_path / "有赞会员-2.csv"
    second.write_text(HEADER + "韩小雪,13612345003,银卡,0,0,2025-12-01,\n", encoding="utf-8")
    again = cli.json("import", str(second), *consent, "--mapping", "有赞")
    assert (again["imported"], again["rejected"]) == (1, 0)
