"""How report figures are shown: small-cell suppression and the geometry of the charts.

`SmallCells` turns a count into what a person may see: the number itself for project
leads, "<5" for counts from 1 to 4 for evaluators (threshold
`settings.QUARTIER_SMALL_CELL_THRESHOLD`, default 5). Every table, chart, XLSX and PDF
of the reports passes its counts through one.

The charts are inline SVG drawn by the server (templates `reports/_bar_chart.html` and
`reports/_month_chart.html`): no script, no library, no request to anyone else. This
module computes the bars' positions; a suppressed count draws no bar, so its length
cannot give the number away.
"""

import math
from dataclasses import dataclass, field
from datetime import date

from django.utils import formats
from django.utils.translation import gettext as _

from quartier.reports.indicators import small_cell_threshold

DEFAULT_SMALL_CELL_THRESHOLD = 5


@dataclass(frozen=True)
class SmallCells:
    """Shows counts exactly, or with the small ones (1 to threshold − 1) suppressed."""

    suppress: bool
    threshold: int = DEFAULT_SMALL_CELL_THRESHOLD

    @classmethod
    def for_viewer(cls, *, exact: bool) -> "SmallCells":
        return cls(suppress=not exact, threshold=small_cell_threshold())

    @property
    def label(self) -> str:
        return f"<{self.threshold}"

    def hides(self, value) -> bool:
        return self.suppress and isinstance(value, int) and 0 < value < self.threshold

    def show(self, value):
        """The count as it may be shown: the int, or "<5"."""
        return self.label if self.hides(value) else value

    def share(self, part: int, whole: int) -> str:
        """`part` as a whole per cent of `whole` ("–" without a whole, or when the part
        is suppressed: a share of a known total would give the count away)."""
        if not whole or self.hides(part) or self.hides(whole):
            return "–"
        return f"{round(100 * part / whole)} %"


# Bar charts ---------------------------------------------------------------------------

#: Width of the drawing in SVG units; it scales to the column it sits in.
CHART_WIDTH = 640
LABEL_WIDTH = 250
VALUE_WIDTH = 60
BAR_HEIGHT = 22
BAR_GAP = 8
#: A label longer than this is shortened (the full one is in the bar's title and in the
#: table beside the chart): at 13 px about 8 units a character, it fits LABEL_WIDTH.
LABEL_CHARS = 30


@dataclass(frozen=True)
class Bar:
    label: str
    value: object  # the shown value: an int or "<5"
    x: float
    y: float
    width: float
    height: float
    text_y: float
    value_x: float
    css: str = ""

    @property
    def short_label(self) -> str:
        label = self.label[:1].upper() + self.label[1:]
        return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "…"


@dataclass(frozen=True)
class BarChart:
    """Horizontal bars, one per row; `centred` draws them around the middle (a funnel)."""

    bars: list[Bar]
    width: int
    height: int
    label_width: int


def bar_chart(
    rows: list[tuple[str, int]], cells: SmallCells, *, centred: bool = False, css: str = ""
) -> BarChart:
    """A horizontal bar chart of (label, count) rows, longest bar = largest shown count."""
    shown = [(label, value, cells.show(value)) for label, value in rows]
    largest = max((v for _l, v, s in shown if isinstance(s, int)), default=0)
    track = CHART_WIDTH - LABEL_WIDTH - VALUE_WIDTH
    bars = []
    for index, (label, value, display) in enumerate(shown):
        length = track * value / largest if largest and isinstance(display, int) else 0
        y = BAR_GAP + index * (BAR_HEIGHT + BAR_GAP)
        x = LABEL_WIDTH + ((track - length) / 2 if centred else 0)
        bars.append(
            Bar(
                label=str(label),
                value=display,
                x=round(x, 1),
                y=y,
                width=round(length, 1),
                height=BAR_HEIGHT,
                text_y=y + BAR_HEIGHT * 0.7,
                value_x=round(LABEL_WIDTH + (track if centred else length) + 6, 1),
                css=css,
            )
        )
    height = BAR_GAP + len(bars) * (BAR_HEIGHT + BAR_GAP)
    return BarChart(bars=bars, width=CHART_WIDTH, height=height, label_width=LABEL_WIDTH)


# Month charts --------------------------------------------------------------------------

MONTH_CHART_HEIGHT = 230
#: Below the baseline: the month labels.
MONTH_AXIS = 30
#: Above the plot: the legend.
MONTH_TOP = 30
#: Right of the plot: room for half of the last month label.
MONTH_RIGHT = 24
#: Estimated width of a character of the axis labels (11 px), in SVG units.
TICK_CHAR = 7
#: At most this many values on the value axis.
MOST_VALUE_TICKS = 5


@dataclass(frozen=True)
class Column:
    x: float
    y: float
    width: float
    height: float
    value: object
    series: int
    label: str


@dataclass(frozen=True)
class ValueTick:
    """A value on the value axis: its label, and the height (y) of its grid line."""

    y: float
    label: str

    @property
    def label_y(self) -> float:
        """The label's baseline: centred on its line at 11 px."""
        return round(self.y + 4, 1)


@dataclass(frozen=True)
class MonthChart:
    """Grouped vertical bars: one group per month, one bar per series, with a value
    axis on the left (a few round values from 0, with grid lines)."""

    columns: list[Column]
    ticks: list[tuple[float, str]]
    baseline: float
    width: int
    height: int
    series: list[str] = field(default_factory=list)
    legend: list[tuple[float, int, str]] = field(default_factory=list)
    value_ticks: list[ValueTick] = field(default_factory=list)
    left: float = 0
    right: float = CHART_WIDTH

    @property
    def value_label_x(self) -> float:
        return self.left - 6

    @property
    def plot_top(self) -> float:
        return MONTH_TOP


def value_steps(largest) -> list:
    """Round values for an axis up to `largest`: 0, then steps of 1, 2 or 5 times a power
    of ten (whole numbers), at most `MOST_VALUE_TICKS` + 1 values, the last ≥ largest."""
    largest = float(largest)
    if largest <= 0:
        return [0, 1]
    raw = largest / MOST_VALUE_TICKS
    power = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    count = math.ceil(largest / step)
    return [step * n for n in range(count + 1)]


def month_chart(
    months: list[date], series: list[tuple[str, list]], cells: SmallCells
) -> MonthChart:
    """Vertical bars per month for each of `series` [(name, [value per month])]. Values
    may be ints or decimals (hours); only ints are subject to suppression."""
    count = len(months)
    names = [name for name, _values in series]
    baseline = MONTH_CHART_HEIGHT - MONTH_AXIS
    if not count or not series:
        return MonthChart([], [], baseline, CHART_WIDTH, MONTH_CHART_HEIGHT)
    shown = [[cells.show(v) for v in values] for _name, values in series]
    numbers = [v for values in shown for v in values if not isinstance(v, str)]
    steps = value_steps(max(numbers, default=0))
    top = steps[-1]
    labels = [formats.number_format(value, decimal_pos=0, force_grouping=True) for value in steps]
    # The value labels stand right-aligned left of the plot: room for the longest.
    left = 10 + TICK_CHAR * max(len(label) for label in labels)
    right = CHART_WIDTH - MONTH_RIGHT
    plot = baseline - MONTH_TOP
    group = (right - left) / count
    bar = max(group * 0.8 / len(series), 1)
    columns = []
    for index, month in enumerate(months):
        for number, values in enumerate(shown):
            value = values[index]
            height = 0 if isinstance(value, str) else plot * float(value) / float(top)
            x = left + index * group + group * 0.1 + number * bar
            columns.append(
                Column(
                    x=round(x, 1),
                    y=round(baseline - height, 1),
                    width=round(bar, 1),
                    height=round(height, 1),
                    value=value,
                    series=number,
                    label=f"{month:%m/%Y} {names[number]}",
                )
            )
    # At most about twelve month labels, so that they stay readable.
    step = max(1, -(-count // 12))
    ticks = [
        (round(left + index * group + group / 2, 1), f"{month:%m/%y}")
        for index, month in enumerate(months)
        if index % step == 0
    ]
    value_ticks = [
        ValueTick(y=round(baseline - plot * value / top, 1), label=label)
        for value, label in zip(steps, labels, strict=True)
    ]
    legend = [(left + number * 180, number, name) for number, name in enumerate(names)]
    return MonthChart(
        # Months without a figure draw nothing; the table beside the chart lists them.
        columns=[column for column in columns if column.height],
        ticks=ticks,
        baseline=baseline,
        width=CHART_WIDTH,
        height=MONTH_CHART_HEIGHT,
        series=names,
        legend=legend,
        value_ticks=value_ticks,
        left=left,
        right=right,
    )


def dashboard_charts(board, cells: SmallCells) -> dict:
    """The dashboard's charts (`selectors.Dashboard`), by their names in the template."""
    rows = board.months.rows
    months = [row.month for row in rows]
    return {
        "stage_chart": bar_chart(
            [(row.label, row.count) for row in board.stages], cells, centred=True
        ),
        "entry_chart": month_chart(
            months,
            [
                (_("Entries"), [row.entries for row in rows]),
                (_("Exits"), [row.exits for row in rows]),
            ],
            cells,
        ),
        "contact_chart": month_chart(
            months, [(_("Contacts"), [row.contacts for row in rows])], cells
        ),
        # Hours are no count of people: shown as they are.
        "hours_chart": month_chart(
            months,
            [
                (_("Counselling hours"), [row.contact_hours for row in rows]),
                (_("Hours in offers"), [row.attendance_hours for row in rows]),
            ],
            SmallCells(suppress=False),
        ),
        "channel_chart": bar_chart(
            [(row.label, row.count) for row in board.channels], cells, css="channel"
        ),
        "employer_chart": bar_chart(
            [(row.label, row.count) for row in board.economy.employers], cells, css="employers"
        ),
        "placement_chart": bar_chart(
            [(row.label, row.count) for row in board.economy.placements], cells, css="placements"
        ),
    }
