"""Alert details in the reader's language: stored in English from the domain's templates,
shown in Chinese on a Chinese page, values translated where they are words."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time

import pytest

from privault.domain.alerts import (
    DETAIL_TEMPLATES,
    OpeningHours,
    failed_sign_ins,
    off_hours,
    request_deadline,
)
from privault.web.alert_text import alert_detail
from privault.web.i18n import gettext

NIGHT = datetime(2026, 11, 23, 15, 58, tzinfo=UTC)  # 23:58 in Shanghai


@pytest.mark.parametrize("template", DETAIL_TEMPLATES)
def test_every_alert_detail_has_a_chinese_template_with_the_same_placeholders(
    template: str,
) -> None:
    chinese = gettext("zh", template)

    assert chinese != template
    assert sorted(set(_names(chinese))) == sorted(set(_names(template)))


def test_an_off_hours_alert_reads_in_chinese_and_stays_english_for_english_readers() -> None:
    alert = off_hours("desk.li", NIGHT, OpeningHours(time(9), time(21), "Asia/Shanghai"))
    assert alert is not None

    assert (
        alert_detail("zh", alert.detail)
        == "于 2026-11-23 在营业时间（09:00-21:00）以外访问了客户信息"
    )
    assert alert_detail("en", alert.detail) == alert.detail


def test_words_inside_a_detail_are_translated_too() -> None:
    late = request_deadline("r-1", "po.li", "reply", date(2026, 11, 20), date(2026, 11, 23), 3)
    locked = failed_sign_ins("desk.li", 5, True, NIGHT)
    assert late is not None
    assert locked is not None

    assert alert_detail("zh", late.detail) == "申请 r-1：答复期限 2026-11-20（已逾期 3 天）"
    assert alert_detail("zh", locked.detail) == "连续 5 次登录失败（账号已锁定）"


def test_a_detail_from_no_template_is_shown_as_stored() -> None:
    assert (
        alert_detail("zh", "something a newer version wrote") == "something a newer version wrote"
    )


def _names(text: str) -> list[str]:
    return re.findall(r"\{(\w+)\}", text)
