"""Access copies under CA mask what CCPA regs §7024(d) forbids disclosing; other regimes do not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from privault.domain.policy import Actor
from privault.services.requests.answers import fulfil_request
from privault.services.requests.files import list_answer_files, read_answer_file
from privault.services.requests.handling import open_request
from privault.services.requests.regimes import set_customer_regimes
from privault.services.requests.verification import verify_request
from privault.services.vault import Vault
from tests.factories import register

ID_NUMBER = "11010519491231002X"
VALUES = {"name": "张三丰", "mobile": "13812345678", "id_number": ID_NUMBER}


@pytest.fixture
def industry() -> str:
    return "retail"  # its catalog holds a resident ID number, for real-name registration


def _answer(vault: Vault, actor: Actor, regimes: str, kind: str, out: Path) -> tuple[str, str]:
    """Every answer file as the person receives it (opened from its seal), and the summary."""
    customer = register(vault, actor, dict(VALUES), ("service", "real_name_registration"))
    set_customer_regimes(vault, actor, customer, regimes)
    request = open_request(vault, actor, customer, kind, "store")
    verify_request(vault, actor, request.id, "in_person", note="resident ID card shown")
    done = fulfil_request(vault, actor, request.id)
    out.mkdir(parents=True, exist_ok=True)
    opened = {
        name: read_answer_file(vault, actor, request.id, name).content.decode("utf-8-sig")
        for name in list_answer_files(vault, actor, request.id)
    }
    (out / "opened.json").write_text(json.dumps(opened, ensure_ascii=False), encoding="utf-8")
    return "\n".join(opened.values()), done.summary


@pytest.mark.legal("CCPA Regs §7024(d)")
@pytest.mark.parametrize("kind", ["access", "copy", "portability"])
def test_a_california_customers_answer_never_shows_the_resident_id_in_full(
    vault: Vault, operator: Actor, tmp_path: Path, kind: str
) -> None:
    text, summary = _answer(vault, operator, "CN,CA", kind, tmp_path / "answer")

    assert ID_NUMBER not in text
    assert "110***********002X" in text
    assert "13812345678" in text  # the rest stays in clear: it is the person's own copy
    assert "masked (CCPA regs §7024(d)): id_number" in summary


def test_a_chinese_customers_access_copy_shows_the_resident_id(
    vault: Vault, operator: Actor, tmp_path: Path
) -> None:
    text, summary = _answer(vault, operator, "CN", "access", tmp_path / "answer")

    opened = json.loads((tmp_path / "answer" / "opened.json").read_text(encoding="utf-8"))
    data = json.loads(opened["data.json"])
    assert {f["key"]: f["value"] for f in data["fields"]}["id_number"] == ID_NUMBER
    assert ID_NUMBER in text
    assert "§7024" not in summary
