"""A customer's copy of their own data on paper (A5), in Chinese or English, from the same
package document the JSON copy holds: their details, the purposes in use with their basis and
retention, the consent history, who received the data, where it came from, purchases."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from privault.infra.printing.document import Document
from privault.infra.printing.formats import A5
from privault.infra.printing.watermark import PrintedFor, Watermark

WORDS: dict[str, dict[str, str]] = {
    "zh": {
        "title": "我的个人信息副本", "colon": "：", "generated": "生成时间", "details": "我的信息",
        "purposes": "正在使用的目的", "basis": "法律依据", "retention": "保存期限（天）",
        "history": "同意记录", "recipients": "信息接收方", "processor": "个人信息处理者",
        "source": "信息来源", "since": "自", "transactions": "消费与到店记录",
        "none": "无", "grant": "同意", "withdraw": "撤回",
    },
    "en": {
        "title": "A copy of my personal information", "colon": ": ", "generated": "Generated",
        "details": "My details", "purposes": "Purposes in use", "basis": "Lawful basis",
        "retention": "Kept for (days)", "history": "Consent history", "recipients": "Recipients",
        "processor": "Processor", "source": "Where it came from", "since": "since",
        "transactions": "Purchases and visits", "none": "none", "grant": "given",
        "withdraw": "withdrawn",
    },
}  # fmt: skip


@dataclass(frozen=True)
class Names:
    """What the document's keys read as, in the copy's language (the caller's catalog)."""

    bases: Mapping[str, str]  # lawful basis -> "your consent"
    purposes: Mapping[str, str]  # purpose key -> its name
    channels: Mapping[str, str]  # where the record came from -> its name


def data_copy_pdf(
    document: Mapping[str, Any], printed_for: PrintedFor, names: Names, lang: str = "zh"
) -> bytes:
    words = WORDS.get(lang, WORDS["zh"])
    zh = lang == "zh"
    doc = Document(
        A5, words["title"], Watermark(printed_for, _number(document)), colon=words["colon"]
    )
    doc.line(words["generated"], printed_for.local_time())
    doc.text(words["details"])
    for field in document["fields"]:
        doc.line(field["label_zh"] if zh else field["label_en"], str(field["value"]))
    doc.text(words["purposes"])
    for purpose in document["purposes"] or [{"name_zh": words["none"], "name_en": words["none"]}]:
        name = purpose["name_zh"] if zh else purpose["name_en"]
        detail = _purpose_detail(purpose, words, names)
        doc.line(name, detail) if detail else doc.text(name)
    doc.text(words["history"])
    for event in document["consent_history"]:
        action = words.get(event["action"], event["action"])
        purposes = "、".join(names.purposes.get(p, p) for p in event["purposes"])
        doc.line(event["at"][:10], f"{action} {purposes}")
    _recipients(doc, document["recipients"], words, zh)
    source = document["source"]
    doc.line(
        words["source"],
        f"{source['channel']} · {source['store']} · {words['since']} {source['since'][:10]}",
    )
    doc.line(words["transactions"], str(len(document["transactions"])))
    return doc.pdf()


def _purpose_detail(purpose: Mapping[str, Any], words: Mapping[str, str], names: Names) -> str:
    if "lawful_basis" not in purpose:
        return ""
    basis = names.bases.get(purpose["lawful_basis"], purpose["lawful_basis"])
    kept = purpose.get("retention_days")
    return f"{words['basis']} {basis} · {words['retention']} {kept or '–'}"


def _recipients(
    doc: Document, recipients: Mapping[str, Any], words: Mapping[str, str], zh: bool
) -> None:
    processor = recipients["processor"]["zh" if zh else "en"]
    doc.line(words["processor"], processor)
    named = [str(p) for p in recipients.get("third_parties") or []]
    named += [str(d.get("partner", "")) for d in recipients.get("disclosures") or []]
    doc.line(
        words["recipients"], "、".join(named) if zh and named else ", ".join(named) or words["none"]
    )


def _number(document: Mapping[str, Any]) -> str:
    return f"COPY-{str(document['customer_id'])[:8]}"
