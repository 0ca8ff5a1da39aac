"""docs/compliance.md is generated from the tests' legal markers and never stale."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.compliance_map import (
    DOCUMENT,
    REQUIREMENTS,
    Requirement,
    legal_markers,
    render,
    unknown_keys,
)


def test_the_compliance_map_is_up_to_date() -> None:
    assert DOCUMENT.read_text(encoding="utf-8") == render(legal_markers()), (
        "docs/compliance.md is stale: run `make compliance` and commit it"
    )


def test_every_marker_names_a_listed_requirement() -> None:
    assert unknown_keys(legal_markers()) == []


def test_a_requirement_without_tests_names_the_issue_that_will_prove_it() -> None:
    proofs = legal_markers()
    unproven = [r.key for r in REQUIREMENTS if not proofs.get(r.key) and not r.open_in]
    assert unproven == []


def test_requirements_are_listed_once() -> None:
    keys = [requirement.key for requirement in REQUIREMENTS]
    assert len(keys) == len(set(keys))


def test_markers_are_read_from_decorators_and_unknown_ones_are_caught(tmp_path: Path) -> None:
    (tmp_path / "test_sample.py").write_text(
        "import pytest\n\n"
        '@pytest.mark.legal("PIPL Art. 47", "Made-up Art. 1")\n'
        "def test_one():\n    pass\n\n"
        "def test_two():\n    pass\n",
        encoding="utf-8",
    )
    proofs = legal_markers(tmp_path)
    assert set(proofs) == {"PIPL Art. 47", "Made-up Art. 1"}
    assert unknown_keys(proofs) == ["Made-up Art. 1"]


def test_a_proven_row_lists_its_tests_and_an_open_row_names_its_issue(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first = REQUIREMENTS[0]
    text = render({first.key: ["tests/x.py::test_y"]})
    assert f"| {first.key} | {first.text} | proven | `tests/x.py::test_y` |" in text
    # Every requirement may be proven by now: an open one is made up for the check.
    pending = Requirement("PIPL Art. 99", "A duty not yet built.", open_in="issue 99")
    monkeypatch.setattr("tests.compliance_map.REQUIREMENTS", [*REQUIREMENTS, pending])
    assert f"| {pending.key} | {pending.text} | open ({pending.open_in}) | - |" in render({})
