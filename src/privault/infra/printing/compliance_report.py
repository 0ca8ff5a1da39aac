"""The compliance audit report on paper (A5), in Chinese or English, from the evidence pack's
report document, with the digest and the public key that let a reader check the signed JSON."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from privault.infra.printing.document import Document
from privault.infra.printing.formats import A5
from privault.infra.printing.watermark import PrintedFor, Watermark

WORDS: dict[str, dict[str, str]] = {
    "zh": {
        "title": "个人信息保护合规审计报告", "colon": "：", "shop": "经营者", "period": "期间",
        "subjects": "个人信息主体",
        "officer": "须指定个人信息保护负责人（《个人信息保护法》第52条）",
        "requests": "权利请求（收到/办结/按期/逾期未结）", "consents": "同意（授予/撤回）",
        "trainings": "培训（在岗/有效/缺失）", "alerts": "告警（产生/已处理）",
        "exports": "导出（申请/批准/驳回/已下载）", "disclosures": "对外提供",
        "incidents": "安全事件", "complaints": "咨询与投诉（收到/答复/按期/逾期未答）",
        "trail": "审计日志校验", "intact": "完整", "broken": "发现问题",
        "digest": "证据包 SHA-256", "key": "签名公钥（Ed25519）", "yes": "是", "no": "否",
    },
    "en": {
        "title": "Personal information compliance audit report", "colon": ": ", "shop": "Business",
        "period": "Period", "subjects": "Data subjects",
        "officer": "Protection officer required (PIPL Art. 52)",
        "requests": "Requests (received/closed/on time/overdue)",
        "consents": "Consents (granted/withdrawn)",
        "trainings": "Training (active staff/current/missing)",
        "alerts": "Alerts (raised/handled)",
        "exports": "Exports (requested/approved/rejected/downloaded)",
        "disclosures": "Disclosures", "incidents": "Incidents",
        "complaints": "Questions and complaints (received/answered/on time/overdue)",
        "trail": "Audit trail check", "intact": "intact", "broken": "problems found",
        "digest": "Evidence pack SHA-256", "key": "Signing public key (Ed25519)",
        "yes": "yes", "no": "no",
    },
}  # fmt: skip


def _joined(section: Mapping[str, Any], keys: tuple[str, ...]) -> str:
    return " / ".join(str(section[k]) for k in keys)


def compliance_report_pdf(
    pack: Mapping[str, Any], printed_for: PrintedFor, lang: str = "zh"
) -> bytes:
    words = WORDS.get(lang, WORDS["zh"])
    report = pack["report"]
    doc = Document(
        A5, words["title"], Watermark(printed_for, pack["sha256"][:12]), colon=words["colon"]
    )
    period = report["period"]
    doc.line(words["shop"], report["shop"]).line(
        words["period"], f"{period['start']} – {period['end']}"
    )
    subjects = report["data_subjects"]
    doc.line(words["subjects"], str(subjects["count"]))
    doc.line(words["officer"], words["yes" if subjects["protection_officer_required"] else "no"])
    doc.line(
        words["requests"],
        _joined(report["requests"], ("received", "closed", "closed_on_time", "open_overdue")),
    )
    for purpose, counts in report["consents"].items():
        doc.line(f"{words['consents']} {purpose}", _joined(counts, ("granted", "withdrawn")))
    doc.line(
        words["trainings"], _joined(report["trainings"], ("active_staff", "current", "missing"))
    )
    doc.line(words["alerts"], _joined(report["alerts"], ("raised", "acknowledged")))
    doc.line(
        words["exports"],
        _joined(report["exports"], ("requested", "approved", "rejected", "downloaded")),
    )
    doc.line(words["disclosures"], _joined(report["disclosures"], tuple(report["disclosures"])))
    doc.line(words["incidents"], _joined(report["incidents"], tuple(report["incidents"])))
    doc.line(
        words["complaints"],
        _joined(report["complaints"], ("received", "answered", "answered_on_time", "open_overdue")),
    )
    trail = report["audit_trail"]
    doc.line(
        words["trail"],
        f"{words['intact' if trail['intact'] else 'broken']} ({trail['events_checked']})",
    )
    doc.line(words["digest"], pack["sha256"]).line(words["key"], pack["signature"]["public_key"])
    return doc.pdf()
