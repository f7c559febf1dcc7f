"""The network view (`network:figures`, /netzwerk/zahlen/): who refers to whom in a
period, drawn as a graph on the server and shown as a table, the partners by level and
district, the times to answer, the reasons, the gaps; `?format=csv` downloads the
tables.

The project comes from the query string (`?project=<slug>`; default: the first the
user may open). A project the user has no role in is a 404; one she holds a role in
without a network view role a 403 (`network.view_figures`).
"""

import math
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from quartier.core import selectors as core_selectors
from quartier.core.models import Project
from quartier.core.spreadsheets import write_csv
from quartier.network.forms.figures import FiguresFilterForm
from quartier.network.selectors import figures as selectors

# The graph ------------------------------------------------------------------------------

WIDTH, HEIGHT = 800, 470
CENTRE_X, CENTRE_Y, RADIUS = WIDTH / 2, HEIGHT / 2, 165
NODE_RADIUS = 16
MIN_STROKE, MAX_STROKE = 2, 8
LABEL_LENGTH = 24


def _n(value: float) -> str:
    """A coordinate for the SVG: a dot as decimal sign, whatever the language."""
    return f"{value:.1f}"


@dataclass(frozen=True)
class GraphNode:
    name: str
    short_name: str
    level: str
    level_label: str
    x: str
    y: str
    label_x: str
    label_y: str
    anchor: str


@dataclass(frozen=True)
class GraphEdge:
    sender: str
    recipient: str
    count: int
    path: str
    width: str
    label_x: str
    label_y: str


@dataclass(frozen=True)
class Graph:
    width: int
    height: int
    node_radius: int
    nodes: list
    edges: list


def _short(name: str) -> str:
    return name if len(name) <= LABEL_LENGTH else name[: LABEL_LENGTH - 1].rstrip() + "…"


def network_graph(figures: selectors.NetworkFigures) -> Graph | None:
    """The organisations on a circle, an arrow per (sender, recipient) whose width grows
    with the count; two directions between the same pair bend to either side. None
    without referrals."""
    if not figures.flows:
        return None
    organisations = figures.organisations
    count = len(organisations)
    positions: dict[int, tuple[float, float, float]] = {}
    nodes = []
    for index, organisation in enumerate(organisations):
        angle = -math.pi / 2 + 2 * math.pi * index / count
        x = CENTRE_X + RADIUS * math.cos(angle)
        y = CENTRE_Y + RADIUS * math.sin(angle)
        positions[organisation.pk] = (x, y, angle)
        offset = NODE_RADIUS + 6
        label_x = x + offset * math.cos(angle)
        label_y = y + offset * math.sin(angle) + 4
        cos = math.cos(angle)
        anchor = "middle" if abs(cos) < 0.3 else ("start" if cos > 0 else "end")
        if anchor == "middle":
            label_y += 10 if math.sin(angle) > 0 else -4
        nodes.append(
            GraphNode(
                name=organisation.name,
                short_name=_short(organisation.name),
                level=organisation.level or "none",
                level_label=organisation.level_label or _("not a network partner"),
                x=_n(x),
                y=_n(y),
                label_x=_n(label_x),
                label_y=_n(label_y),
                anchor=anchor,
            )
        )
    most = max(flow.count for flow in figures.flows)
    edges = []
    for flow in figures.flows:
        x1, y1, _a = positions[flow.sender_id]
        x2, y2, _b = positions[flow.recipient_id]
        dx, dy = x2 - x1, y2 - y1
        length = math.hypot(dx, dy) or 1
        # Bend to the right of the direction of travel: the way back bends the other way.
        bend = 0.12 * length
        cx = (x1 + x2) / 2 - dy / length * bend
        cy = (y1 + y2) / 2 + dx / length * bend
        # Start and end on the nodes' rims (towards the control point).
        sx, sy = _towards(x1, y1, cx, cy, NODE_RADIUS)
        ex, ey = _towards(x2, y2, cx, cy, NODE_RADIUS + 4)
        label_x = 0.25 * sx + 0.5 * cx + 0.25 * ex
        label_y = 0.25 * sy + 0.5 * cy + 0.25 * ey
        edges.append(
            GraphEdge(
                sender=flow.sender,
                recipient=flow.recipient,
                count=flow.count,
                path=f"M {_n(sx)} {_n(sy)} Q {_n(cx)} {_n(cy)} {_n(ex)} {_n(ey)}",
                width=_n(MIN_STROKE + (MAX_STROKE - MIN_STROKE) * flow.count / most),
                label_x=_n(label_x),
                label_y=_n(label_y + 4),
            )
        )
    return Graph(width=WIDTH, height=HEIGHT, node_radius=NODE_RADIUS, nodes=nodes, edges=edges)


def _towards(x: float, y: float, tx: float, ty: float, distance: float) -> tuple[float, float]:
    dx, dy = tx - x, ty - y
    length = math.hypot(dx, dy) or 1
    return x + dx / length * distance, y + dy / length * distance


# The page -------------------------------------------------------------------------------


def _project(request, offered) -> Project:
    """The project named in the query string, or the first offered one."""
    slug = request.GET.get("project", "").strip()
    if not slug:
        project = offered.first()
        if project is None:
            raise PermissionDenied(
                _("The network's figures are for staff with a network or case role.")
            )
        return project
    try:
        project = core_selectors.project_get(user=request.user, slug=slug)
    except Project.DoesNotExist as error:
        raise Http404(_("No such project, or you have no role in it.")) from error
    if not request.user.has_perm("network.view_figures", project):
        raise PermissionDenied(_("Your role in this project does not include its network."))
    return project


def _csv(figures: selectors.NetworkFigures) -> HttpResponse:
    """The tables in one CSV: table, row, column, value (one figure a line)."""
    rows = []
    flows, levels = _("Referrals"), _("Partners by level and district")
    for flow in figures.flows:
        rows.append([flows, f"{flow.sender} → {flow.recipient}", _("Referrals"), flow.count])
    for row in [*figures.levels, figures.levels_total]:
        label = row.district if row.district is not None else _("No district named")
        if row is figures.levels_total:
            label = _("Total")
        rows.append([levels, label, _("Activation network"), row.activation])
        rows.append([levels, label, _("Strategy network"), row.strategy])
        rows.append([levels, label, _("All partners"), row.total])
    answers = _("Answers per recipient")
    for row in figures.recipients:
        for column, value in (
            (_("Received"), row.received),
            (_("Accepted"), row.accepted),
            (_("Declined"), row.declined),
            (_("Completed"), row.completed),
            (_("Not completed"), row.not_completed),
            (_("Still open"), row.open),
            (_("Median days to accept"), row.days_to_accept),
            (_("Median days to complete"), row.days_to_complete),
        ):
            rows.append([answers, row.name, column, value])
    for title, reasons in (
        (_("Reasons for declining"), figures.decline_reasons),
        (_("Reasons it was not completed"), figures.not_completed_reasons),
    ):
        for reason in reasons:
            rows.append([title, str(reason.label), _("Referrals"), reason.count])
    for gap in figures.gaps:
        for group in gap.groups:
            rows.append([_("Gaps"), gap.district, str(group), _("no partner reaches it")])
    content = write_csv([_("Table"), _("Row"), _("Column"), _("Value")], rows, excel=True)
    filename = f"netzwerk-{figures.project.slug}-{figures.start:%Y%m%d}-{figures.end:%Y%m%d}.csv"
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def figures(request):
    offered = selectors.figure_projects(request.user)
    project = _project(request, offered)
    form = FiguresFilterForm(request.GET or None, projects=offered, initial={"project": project})
    start, end = form.period()
    data = selectors.network_figures(project=project, start=start, end=end)
    if request.GET.get("format") == "csv":
        return _csv(data)
    query = request.GET.copy()
    query["project"] = project.slug
    query["von"], query["bis"] = f"{start:%Y-%m-%d}", f"{end:%Y-%m-%d}"
    query["format"] = "csv"
    return render(
        request,
        "network/figures/figures.html",
        {
            "project": project,
            "form": form,
            "figures": data,
            "graph": network_graph(data),
            "csv_query": query.urlencode(),
            "nav_active": "network",
        },
    )
