"""The salon service sheet (A6): the appointment in the shop's zone with the zone named, the
technician's items, and the allergy warning."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest

from privault.domain.errors import InvalidInputError
from privault.infra.printing import service_sheet_pdf
from tests.infra.printing.poppler import pixels, rasterise, text
from tests.infra.printing.samples import PRINTED_FOR, sheet


def test_the_sheet_shows_the_appointment_in_the_shops_zone_and_the_technicians_items(
    tmp_path: Path,
) -> None:
    pdf = service_sheet_pdf(sheet(), PRINTED_FOR)
    printed = text(pdf, tmp_path)
    for line in (
        "服务单",
        "预约时间：2026-12-0314:30Asia/Shanghai",
        "技师：陈技师",
        "称呼：刘女士",
        "发质：细软发",
        "肤质：敏感肌",
        "偏好：水温偏低",
        "最近服务：2026-11-20染发",
        "过敏：对染发剂PPD过敏",
    ):
        assert line in printed
    assert rasterise(pdf, tmp_path)[0].size == (pixels(105), pixels(148))


def test_the_english_sheet_has_english_labels(tmp_path: Path) -> None:
    printed = text(service_sheet_pdf(sheet(), PRINTED_FOR, lang="en"), tmp_path)
    assert "Appointment:2026-12-0314:30Asia/Shanghai" in printed
    assert "Allergy:对染发剂PPD过敏" in printed


def test_an_appointment_time_without_its_zone_is_refused() -> None:
    naive = replace(sheet(), appointment_at=datetime(2026, 12, 3, 14, 30))  # noqa: DTZ001
    with pytest.raises(InvalidInputError) as refused:
        service_sheet_pdf(naive, PRINTED_FOR)
    assert refused.value.field == "appointment_at"
