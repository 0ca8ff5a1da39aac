"""What a customer's incident notice and the regulator's report say, in Chinese and English.

The notice carries what PIPL Art. 57 and GDPR Art. 34 ask: what happened, which data, what
was done, what the person can do, and whom to contact. The report adds the grade, the times,
the people affected per regime and the clocks, for the CAC (Chinese) or another authority.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from privault.domain.incident_clocks import Clock, Duty
from privault.domain.incidents import Incident, Severity

SUBJECT = "个人信息安全事件告知 / Notice of a personal information incident"
SUBJECTS = {"zh": "个人信息安全事件告知", "en": "Notice of a personal information incident"}

NOTICE_ZH = (
    "【{shop}】个人信息安全事件告知：{title}。{description} 涉及信息：{fields}。"
    "我们已采取的措施：{measures}。您可以：{advice}。如有疑问请联系：{contact}。"
)
NOTICE_EN = (
    "[{shop}] Notice of a personal information incident: {title}. {description} Data "
    "involved: {fields}. What we did: {measures}. What you can do: {advice}. Contact: {contact}."
)

SEVERITY_ZH = {
    Severity.GENERAL: "一般",
    Severity.LARGER: "较大",
    Severity.MAJOR: "重大",
    Severity.ESPECIALLY_MAJOR: "特别重大",
}
DUTY_ZH = {
    Duty.PIPL_AUTHORITY_AND_PEOPLE: "个人信息保护法第五十七条："
    "立即通知履行个人信息保护职责的部门和个人",
    Duty.CAC_PROVINCIAL: "国家网络安全事件报告管理办法：4小时内报告省级网信部门",
    Duty.GDPR_PEOPLE: "GDPR 第34条：不得无故拖延地通知数据主体",
    Duty.GDPR_AUTHORITY: "GDPR 第33条：72小时内通知监管机构",
    Duty.CA_RESIDENTS: "加州民法典 1798.82：30日内通知居民",
    Duty.CA_ATTORNEY_GENERAL: "加州民法典 1798.82：通知居民后15日内向总检察长提交样本",
}
DUTY_EN = {
    Duty.PIPL_AUTHORITY_AND_PEOPLE: "PIPL Art. 57: the authority and the people at once",
    Duty.CAC_PROVINCIAL: "CAC incident reporting measures: the provincial CAC within 4 hours",
    Duty.GDPR_PEOPLE: "GDPR Art. 34: the people without undue delay",
    Duty.GDPR_AUTHORITY: "GDPR Art. 33: the supervisory authority within 72 hours",
    Duty.CA_RESIDENTS: "Cal. Civ. Code 1798.82: the residents within 30 days",
    Duty.CA_ATTORNEY_GENERAL: "Cal. Civ. Code 1798.82: a sample notice to the Attorney General "
    "within 15 days of the residents' notice",
}


def customer_notice(
    incident: Incident, shop: str, labels_zh: Sequence[str], labels_en: Sequence[str]
) -> str:
    """Chinese first, then English: one message every customer can read."""
    values = {
        "shop": shop,
        "title": incident.title,
        "description": incident.description,
        "measures": incident.measures,
        "advice": incident.advice,
        "contact": incident.contact,
    }
    chinese = NOTICE_ZH.format(fields="、".join(labels_zh) or "-", **values)
    return chinese + "\n" + NOTICE_EN.format(fields=", ".join(labels_en) or "-", **values)


def customer_notice_in(incident: Incident, shop: str, labels: Sequence[str], lang: str) -> str:
    """The notice in the customer's own language only (zh or en), not both."""
    values = {
        "shop": shop,
        "title": incident.title,
        "description": incident.description,
        "measures": incident.measures,
        "advice": incident.advice,
        "contact": incident.contact,
    }
    if lang == "en":
        return NOTICE_EN.format(fields=", ".join(labels) or "-", **values)
    return NOTICE_ZH.format(fields="、".join(labels) or "-", **values)


def _when(at: datetime | None, zone: str) -> str:
    if at is None:
        return "-"
    return f"{at.astimezone(ZoneInfo(zone)):%Y-%m-%d %H:%M} ({zone})"


def regulator_report(
    incident: Incident,
    clocks: Sequence[Clock],
    people: Mapping[str, int],
    *,
    shop: str,
    zone: str,
    language: str,
) -> str:
    """Drafted from the record only: nothing in it is typed twice."""
    chinese = language == "zh"
    duties = DUTY_ZH if chinese else DUTY_EN
    severity = SEVERITY_ZH[incident.severity] if chinese else incident.severity.value
    labels = _LABELS_ZH if chinese else _LABELS_EN
    lines = [
        labels["head"].format(shop=shop),
        f"{labels['title']}: {incident.title}",
        f"{labels['severity']}: {severity}",
        f"{labels['detected']}: {_when(incident.detected_at, zone)}",
        f"{labels['reported_by']}: {incident.reported_by}",
        f"{labels['description']}: {incident.description}",
        f"{labels['fields']}: {', '.join(incident.data_fields) or '-'}",
        f"{labels['people']}: " + (", ".join(f"{r} {n}" for r, n in sorted(people.items())) or "0"),
        f"{labels['measures']}: {incident.measures or '-'}",
        f"{labels['advice']}: {incident.advice or '-'}",
        f"{labels['contact']}: {incident.contact or '-'}",
        f"{labels['clocks']}:",
    ]
    lines += [f"- {duties[c.duty]}: {_when(c.due_at, zone)}" for c in clocks]
    lines.append(f"{labels['status']}: {incident.status.value}")
    if incident.lessons:
        lines.append(f"{labels['lessons']}: {incident.lessons}")
    return "\n".join(lines) + "\n"


_LABELS_ZH = {
    "head": "{shop} 个人信息安全事件报告（草稿）",
    "title": "事件",
    "severity": "事件级别",
    "detected": "发现时间",
    "reported_by": "报告人",
    "description": "事件经过",
    "fields": "涉及的个人信息种类",
    "people": "受影响人数（按适用法律）",
    "measures": "已采取的补救措施",
    "advice": "个人可以采取的减轻危害的措施",
    "contact": "联系方式",
    "clocks": "报告和通知时限",
    "status": "状态",
    "lessons": "经验教训",
}
_LABELS_EN = {
    "head": "{shop}: personal information incident report (draft)",
    "title": "Incident",
    "severity": "Grade",
    "detected": "Detected at",
    "reported_by": "Reported by",
    "description": "What happened",
    "fields": "Categories of personal information",
    "people": "People affected (by applicable law)",
    "measures": "Measures taken",
    "advice": "What the people can do",
    "contact": "Contact",
    "clocks": "Deadlines",
    "status": "Status",
    "lessons": "Lessons learned",
}
