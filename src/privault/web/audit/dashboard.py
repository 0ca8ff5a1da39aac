"""The dashboard: counts drawn by Apache ECharts over server-rendered fallbacks (SVG bars, a
table), and the same figures as an XLSX workbook."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from privault.domain.shop_time import shop_time
from privault.services.audit.dashboard import Dashboard, show_dashboard
from privault.services.audit.dashboard_file import FigureBlock, figures_workbook
from privault.services.installation.shop_zone import shop_zone
from privault.web.auth import StaffActor, VaultDep
from privault.web.i18n import choose_language, translations
from privault.web.officer_frame import show

router = APIRouter()
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get("/dashboard")
def dashboard_page(request: Request, vault: VaultDep, actor: StaffActor) -> Response:
    return show(
        request, vault, actor, "dashboard/show.html", {"board": show_dashboard(vault, actor)}
    )


@router.get("/dashboard.xlsx")
def dashboard_workbook(request: Request, vault: VaultDep, actor: StaffActor) -> Response:
    """The figures behind the charts, for a spreadsheet; downloading is audited as a report."""
    board = show_dashboard(vault, actor)
    lang = choose_language(request)
    _ = translations(lang).gettext
    at = shop_time(vault.clock(), shop_zone(vault))
    content = figures_workbook(_("Dashboard"), at, _blocks(board, lang))
    headers = {"Content-Disposition": 'attachment; filename="dashboard.xlsx"'}
    return Response(content, media_type=XLSX, headers=headers)


def _blocks(board: Dashboard, lang: str) -> list[FigureBlock]:
    _ = translations(lang).gettext
    count = (_("Count"),)
    return [
        FigureBlock(
            _("New customers by channel and month"),
            (_("Channel"), *board.months),
            tuple((_(_CHANNELS.get(r.channel, r.channel)), *r.counts) for r in board.registrations),
        ),
        FigureBlock(
            _("Consent rate per purpose"),
            (_("Purpose"), _("Consented"), _("Customers"), "%"),
            tuple(
                (r.name_zh if lang == "zh" else r.name_en, r.consented, r.customers, r.percent)
                for r in board.consent_rates
            ),
        ),
        FigureBlock(
            _("Requests answered in the last twelve months"),
            ("", *count),
            tuple((_(_ON_TIME[c.key]), c.value) for c in board.requests_on_time),
        ),
        FigureBlock(
            _("Requests by status"),
            ("", *count),
            tuple((_(_STATUSES[c.key]), c.value) for c in board.requests_by_status),
        ),
        FigureBlock(
            _("Alerts this week"),
            ("", *count),
            tuple((c.key, c.value) for c in board.alerts_by_day),
        ),
    ]


# English msgids, as the page's labels (officer/_macros.html status_label) name them.
_ON_TIME = {"on_time": "Answered on time", "late": "Answered late"}
_CHANNELS = {
    "store": "Store desk",
    "web": "Registration page",
    "phone": "Phone",
    "survey": "Survey",
    "pos": "POS or booking system",
    "import": "Import",
}
_STATUSES = {
    "received": "Received",
    "identity_verified": "Identity verified",
    "in_progress": "In progress",
    "completed": "Completed",
    "refused": "Refused",
}
