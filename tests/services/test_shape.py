"""The services layer keeps its shape: every use case goes through the use-case context, functions
stay short, nothing is written twice. Measured from the syntax tree and the source text."""

from __future__ import annotations

import ast
import statistics
from collections import defaultdict
from pathlib import Path

import pytest

import privault.services

SERVICES = Path(privault.services.__file__).parent
# The context itself is the one door; the vault opens units of work for it.
DOORS = {"use_case.py", "vault.py"}
MAX_LINES = 40
MEDIAN_LINES = 12
REPEAT = 6


def _modules() -> list[Path]:
    return sorted(p for p in SERVICES.rglob("*.py"))


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _receiver(call: ast.Call) -> str | None:
    """The name a method is called on: `uow` in `uow.commit()` and in `self.uow.commit()`."""
    func = call.func
    if not isinstance(func, ast.Attribute):
        return None
    target = func.value
    if isinstance(target, ast.Name):
        return target.id
    if isinstance(target, ast.Attribute):
        return target.attr
    return None


def _called(call: ast.Call) -> str | None:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _raises_refusal(node: ast.Raise) -> bool:
    """A policy refusal raised straight away skips its audit row: it goes through uc.refuse."""
    exc = node.exc
    return isinstance(exc, ast.Call) and _called(exc) == "PolicyDeniedError"


def breaches(tree: ast.Module) -> list[str]:
    """What a service module does that only the use-case context may do."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Raise) and _raises_refusal(node):
            found.append(f"line {node.lineno}: raises a refusal by hand (use uc.refuse)")
        if not isinstance(node, ast.Call):
            continue
        name, receiver = _called(node), _receiver(node)
        where = f"line {node.lineno}"
        if name in {"AuditEvent", "authorize"}:
            found.append(f"{where}: calls {name} (use uc.record / uc.require / uc.refuse)")
        elif name == "append" and receiver == "audit":
            found.append(f"{where}: appends to the audit trail (use uc.record)")
        elif name in {"commit", "rollback"} and receiver in {"uow", "connection", "conn"}:
            found.append(f"{where}: {receiver}.{name}() (use uc.{name}())")
        elif name == "unit_of_work":
            found.append(f"{where}: opens a unit of work (use use_case(vault, actor))")
    return found


def _label_of(path: Path) -> str:
    return str(path.relative_to(SERVICES))


SERVICE_MODULES = [p for p in _modules() if p.name not in DOORS]


@pytest.mark.parametrize("path", SERVICE_MODULES, ids=_label_of)
def test_service_module_goes_through_the_use_case_context(path: Path) -> None:
    assert breaches(_tree(path)) == []


def test_the_shape_check_catches_each_shortcut() -> None:
    shortcuts = """
def bad(vault, actor):
    with vault.unit_of_work() as uow:
        authorize(actor, None, None)
        uow.audit.append([AuditEvent()])
        uow.rollback()
        uow.commit()
        raise PolicyDeniedError("no")
"""
    assert len(breaches(ast.parse(shortcuts))) == 7


def _lengths() -> dict[str, int]:
    lengths = {}
    for path in _modules():
        for node in ast.walk(_tree(path)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                end = node.end_lineno or node.lineno
                lengths[f"{path.relative_to(SERVICES)}:{node.name}"] = end - node.lineno + 1
    return lengths


def test_no_service_function_is_longer_than_forty_lines() -> None:
    too_long = {name: n for name, n in _lengths().items() if n > MAX_LINES}
    assert too_long == {}


def test_the_median_service_function_is_short() -> None:
    assert statistics.median(_lengths().values()) <= MEDIAN_LINES


def _code_lines(path: Path) -> list[tuple[int, str]]:
    """Lines that carry code: blank lines, comments and imports do not count as repetition."""
    kept = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        text = " ".join(line.split())
        if not text or text.startswith(("#", "import ", "from ")) or text in {")", "]", "}"}:
            continue
        kept.append((number, text))
    return kept


def _label(path: Path) -> str:
    return str(path.relative_to(SERVICES)) if path.is_relative_to(SERVICES) else path.name


def repeated_blocks(paths: list[Path], size: int = REPEAT) -> list[str]:
    """Runs of `size` code lines that stand word for word in two places."""
    seen: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for path in paths:
        lines = _code_lines(path)
        for i in range(len(lines) - size + 1):
            block = tuple(text for _, text in lines[i : i + size])
            seen[block].append(f"{_label(path)}:{lines[i][0]}")
    return [" ~ ".join(places) for places in seen.values() if len(places) > 1]


def test_no_block_of_six_lines_is_repeated_in_the_services() -> None:
    assert repeated_blocks(_modules()) == []


def test_the_repetition_check_finds_a_copied_block(tmp_path: Path) -> None:
    body = "\n".join(f"x{i} = compute({i})" for i in range(6))
    (tmp_path / "a.py").write_text(body, encoding="utf-8")
    (tmp_path / "b.py").write_text("y = 1\n" + body, encoding="utf-8")
    found = repeated_blocks([tmp_path / "a.py", tmp_path / "b.py"], size=REPEAT)
    assert len(found) == 1


def _area(path: Path) -> str | None:
    parts = path.relative_to(SERVICES).parts
    return parts[0] if len(parts) > 1 else None


def reaches_into(tree: ast.Module, area: str | None) -> list[str]:
    """Names another area keeps to itself (a leading underscore) that a module imports."""
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.ImportFrom) and node.module):
            continue
        parts = node.module.split(".")
        if parts[:2] != ["privault", "services"] or len(parts) < 4 or parts[2] == area:
            continue
        private = [a.name for a in node.names if a.name.startswith("_")]
        if private or parts[3].startswith("_"):
            found.append(f"line {node.lineno}: {node.module} {private}")
    return found


def test_no_area_imports_another_areas_private_names() -> None:
    found = {str(p): reaches_into(_tree(p), _area(p)) for p in _modules()}
    assert {path: names for path, names in found.items() if names} == {}


def test_the_area_check_catches_a_private_import() -> None:
    tree = ast.parse("from privault.services.customers.records import _views, get_customer\n")
    assert reaches_into(tree, "portal") == [
        "line 1: privault.services.customers.records ['_views']"
    ]
    assert reaches_into(tree, "customers") == []


def test_every_service_module_sits_in_an_area_or_is_the_shared_core() -> None:
    core = {"__init__.py", "use_case.py", "vault.py", "access_watch.py", "settings_stamp.py"}
    assert [p.name for p in _modules() if _area(p) is None and p.name not in core] == []
