"""The regulator's incident report on paper (A5), in Chinese or English, from the drafted text:
the title, then each line of the draft as it stands, the copy watermarked for its reader."""

from __future__ import annotations

from privault.infra.printing.document import Document
from privault.infra.printing.formats import A5
from privault.infra.printing.watermark import PrintedFor, Watermark

TITLES = {"zh": "个人信息安全事件报告", "en": "Personal information incident report"}
COLONS = {"zh": "：", "en": ": "}


def incident_report_pdf(text: str, incident_id: str, printed_for: PrintedFor, lang: str) -> bytes:
    doc = Document(A5, TITLES[lang], Watermark(printed_for, incident_id[:12]), colon=COLONS[lang])
    for line in text.splitlines():
        if line.strip():
            doc.text(line)
    return doc.pdf()
