"""The compliance map: legal requirements, the tests that prove them, and docs/compliance.md.

A test that proves a legal requirement carries `@pytest.mark.legal("PIPL Art. 47", ...)`. This
module reads those markers from the test sources (no test run needed), joins them with the
requirement list below and renders docs/compliance.md; tests/test_compliance_map.py fails when the
file is stale or a marker names a requirement that is not listed. Regenerate with `make compliance`.

A requirement is either proven (at least one test carries its marker), open (no test yet: the issue
that builds it is named), or left to the shop (it is about the deployment or the organisation, and
privault cannot prove it in code).
"""

from __future__ import annotations

import ast
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
DOCUMENT = ROOT / "docs" / "compliance.md"


@dataclass(frozen=True)
class Requirement:
    key: str  # as the law cites it; the marker names it exactly
    text: str
    open_in: str = ""  # the issue that will prove it, while no test does


@dataclass(frozen=True)
class ShopDuty:
    text: str
    why: str


REQUIREMENTS: tuple[Requirement, ...] = (
    Requirement("PIPL Art. 6", "Collect only what a stated purpose needs (minimum necessary)."),
    Requirement(
        "PIPL Art. 13",
        "Each use rests on consent or another lawful basis, checked when the data is used.",
    ),
    Requirement("PIPL Art. 14", "Consent is informed and given under a notice the record cites."),
    Requirement(
        "PIPL Art. 14(2)", "A change of purpose, method or categories asks for consent again."
    ),
    Requirement("PIPL Art. 15", "A person can withdraw consent as easily as they gave it."),
    Requirement("PIPL Art. 17", "The notice names every element the law lists, in plain language."),
    Requirement("PIPL Art. 19", "Data is kept no longer than its purpose needs, then destroyed."),
    Requirement(
        "PIPL Art. 28",
        "Financial accounts are sensitive personal information: read only where needed, audited.",
    ),
    Requirement(
        "PIPL Art. 29", "Sensitive personal information needs separate consent (单独同意)."
    ),
    Requirement(
        "PIPL Art. 24",
        "Automated profiling runs only on its lawful basis, is explained to the person, and can be "
        "refused (no class, no class-based marketing).",
    ),
    Requirement("PIPL Art. 31", "A child under 14 is handled with a guardian's consent."),
    Requirement("PIPL Art. 44", "A person may know how and why their data is handled."),
    Requirement(
        "广告法 Art. 43",
        "Commercial messages by SMS or email only with consent, naming the sender, with a way to "
        "refuse them.",
    ),
    Requirement("PIPL Art. 45", "A person may see and copy their data, and move it elsewhere."),
    Requirement("PIPL Art. 46", "A person may have their data corrected or completed."),
    Requirement("PIPL Art. 47", "Data is deleted when its purpose ends or consent is withdrawn."),
    Requirement("PIPL Art. 49", "Close relatives of a deceased person may exercise these rights."),
    Requirement("PIPL Art. 50", "Requests are answered in time; a refusal gives its reason."),
    Requirement("PIPL Art. 51", "Access control, encryption and trained staff protect the data."),
    Requirement(
        "PIPL Art. 52",
        "A handler of 1,000,000 people or more names a protection officer: the report flags it.",
    ),
    Requirement("PIPL Art. 54", "Handling is auditable: a trail that cannot be quietly edited."),
    Requirement("PIPL Art. 55", "An impact assessment precedes high-risk handling."),
    Requirement("PIPL Art. 56", "An impact assessment is recorded and kept at least three years."),
    Requirement("PIPL Art. 57", "A breach is recorded, assessed and notified."),
    Requirement(
        "PIPL Art. 21",
        "An entrusted processor receives data only under an agreement in force that covers the "
        "purpose and the fields, and deletes it when the agreement ends.",
    ),
    Requirement(
        "PIPL Art. 23",
        "Data goes to another controller only with the person's separate consent.",
    ),
    Requirement(
        "PIPL Art. 38",
        "A transfer abroad rests on a recorded legal route (exemption, standard contract, "
        "certification or security assessment).",
    ),
    Requirement("PIPL Art. 39", "A transfer abroad needs the person's separate consent."),
    Requirement(
        "GB/T 35273-2020 Annex B",
        "Deposit and balance information (存款信息) is sensitive: hidden from roles without need.",
    ),
    Requirement("GB/T 35273-2020 §5.2", "Collection is limited to what the purpose needs."),
    Requirement("GB/T 35273-2020 §6.1", "Storage time is the minimum the purpose needs."),
    Requirement("GB/T 35273-2020 §6.3", "Sensitive personal information is stored encrypted."),
    Requirement("GB/T 35273-2020 §7.1", "Access is least-privilege and approved."),
    Requirement("GB/T 35273-2020 §7.3", "Displays show de-identified (masked) values."),
    Requirement(
        "GB/T 35273-2020 §8.3", "On deletion, third parties that received the data are told."
    ),
    Requirement("GB/T 35273-2020 §8.5", "A person may close their account."),
    Requirement("GB/T 35273-2020 §8.7", "Requests are answered within 30 days."),
    Requirement("GDPR Art. 7(3)", "Consent can be withdrawn at any time."),
    Requirement("GDPR Art. 8", "A child's consent age follows the member state (13-16)."),
    Requirement("GDPR Art. 9", "Special categories need explicit consent."),
    Requirement("GDPR Art. 12(3)", "Answer within one month, extendable by two with notice."),
    Requirement("GDPR Art. 12(5)", "A manifestly unfounded request may be refused with reasons."),
    Requirement("GDPR Art. 15", "Right of access."),
    Requirement("GDPR Art. 16", "Right to rectification."),
    Requirement("GDPR Art. 17", "Right to erasure."),
    Requirement("GDPR Art. 18", "Right to restriction of processing."),
    Requirement("GDPR Art. 19", "Recipients are told of a rectification or erasure."),
    Requirement("GDPR Art. 20", "Right to data portability."),
    Requirement("GDPR Art. 21(2)", "One step objects to all direct marketing."),
    Requirement("GDPR Art. 21(3)", "Once a person objects, no more direct marketing reaches them."),
    Requirement("GDPR Art. 25", "Data protection by design and by default (masked by default)."),
    Requirement("GDPR Art. 30", "Records of processing activities are kept."),
    Requirement("GDPR Art. 32", "Security of processing: encryption, integrity, access control."),
    Requirement("GDPR Art. 33", "A breach is notified to the supervisory authority within 72 h."),
    Requirement("GDPR Art. 34", "The people a breach puts at high risk are told without delay."),
    Requirement("CCPA §1798.105", "Right to delete."),
    Requirement(
        "CCPA §1798.105(c)", "Those the data was given to are told to delete it on a deletion."
    ),
    Requirement("CCPA §1798.106", "Right to correct."),
    Requirement("CCPA §1798.110", "Right to know what is collected."),
    Requirement("CCPA §1798.120", "Right to opt out of sale or sharing."),
    Requirement(
        "CCPA §1798.121", "A consumer may limit the use of sensitive personal information."
    ),
    Requirement("CCPA §1798.130", "Acknowledge in 10 business days, answer in 45 days (+45)."),
    Requirement(
        "CCPA Regs §7024(d)",
        "An access copy never shows government IDs, account numbers or passwords.",
    ),
    Requirement("CCPA Regs §7025", "A Global Privacy Control signal is an opt-out."),
    Requirement(
        "Cal. Civ. Code §1798.82",
        "Residents told of a breach in 30 days; above 500, the Attorney General in 15 more.",
    ),
    Requirement(
        "CCPA Regs §7062",
        "Identity: two data points to know categories, three and a signed declaration for pieces.",
    ),
    Requirement(
        "CCPA Regs §7063", "An authorised agent acts with signed permission; identity is verified."
    ),
    Requirement(
        "CCPA Regs §7026(f)", "An opt-out of sale or sharing is honoured in 15 business days."
    ),
    Requirement("CCPA Regs §7101", "Request records are kept at least 24 months."),
    Requirement(
        "PIPL Art. 8",
        "Personal information is kept accurate and complete: contact data is confirmed regularly.",
    ),
)

SHOP_DUTIES: tuple[ShopDuty, ...] = (
    ShopDuty(
        "TLS on every connection from browsers and integrations",
        "privault speaks plain HTTP behind the shop's proxy; the proxy terminates TLS (README).",
    ),
    ShopDuty(
        "Custody of the master key file and of backups off the machine",
        "privault writes them owner-only; where copies go and who holds them is the shop's choice.",
    ),
    ShopDuty(
        "Physical security of paper forms, printed lists and devices",
        "privault records paper destruction; locking the cabinet is the shop's.",
    ),
    ShopDuty(
        "Signing staff confidentiality agreements and giving the training",
        "privault records both and masks data for staff without them; the content is the shop's.",
    ),
    ShopDuty(
        "Naming a person responsible for personal information (PIPL Art. 52)",
        "privault gives that person the privacy officer role; appointing them is the shop's.",
    ),
)


def legal_markers(tests: Path = TESTS) -> dict[str, list[str]]:
    """Requirement key -> test ids (path::name) that carry its marker, read from the sources."""
    proofs: dict[str, list[str]] = defaultdict(list)
    for path in sorted(tests.rglob("test_*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                for key in _marker_keys(node.decorator_list):
                    proofs[key].append(f"{path.relative_to(tests.parent).as_posix()}::{node.name}")
    return proofs


def _marker_keys(decorators: list[ast.expr]) -> list[str]:
    keys: list[str] = []
    for decorator in decorators:
        if isinstance(decorator, ast.Call) and ast.unparse(decorator.func) == "pytest.mark.legal":
            keys += [str(arg.value) for arg in decorator.args if isinstance(arg, ast.Constant)]
    return keys


def unknown_keys(proofs: dict[str, list[str]]) -> list[str]:
    known = {requirement.key for requirement in REQUIREMENTS}
    return sorted(set(proofs) - known)


def render(proofs: dict[str, list[str]]) -> str:
    lines = [
        "# Compliance map",
        "",
        "Generated from the `legal` markers on the tests by `make compliance`; "
        "`tests/test_compliance_map.py` fails when this file is stale. Each row is a requirement, "
        "what privault does about it, and the tests that prove it (run them with "
        "`.venv/bin/pytest <test id>`).",
        "",
        "| requirement | what it asks | status | proved by |",
        "|---|---|---|---|",
    ]
    for requirement in REQUIREMENTS:
        tests = proofs.get(requirement.key, [])
        status = "proven" if tests else f"open ({requirement.open_in})"
        proof = "<br>".join(f"`{test}`" for test in tests) or "-"
        lines.append(f"| {requirement.key} | {requirement.text} | {status} | {proof} |")
    lines += ["", "## Left to the shop", "", "| duty | why it is the shop's |", "|---|---|"]
    lines += [f"| {duty.text} | {duty.why} |" for duty in SHOP_DUTIES]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    DOCUMENT.write_text(render(legal_markers()), encoding="utf-8")
    sys.stdout.write(f"wrote {DOCUMENT.relative_to(ROOT)}\n")
