"""An attendance bar chart made of text, in the active theme's colours.

One bar per held meeting (members present), a dot for the rolling mean, a labelled
count axis on the left and month labels along the bottom. It shows as many of the most
recent meetings as fit the width, so it reads at 80x24; shapes and a legend carry the
meaning, colour only helps.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.geometry import Size
from textual.widget import Widget

from coordinator.trends import MeetingTally

BAR = "█"
HALF = "▄"
MEAN = "•"
ROLES = ("bar", "mean", "axis", "label")


def chart_text(
    tallies: Sequence[MeetingTally],
    width: int,
    height: int,
    styles: Mapping[str, Style] | None = None,
    window: int = 4,
) -> Text:
    """The chart as text ``width`` wide and at most ``height`` lines (legend included).

    Each bar is members present at one meeting, drawn in half-line steps; ``•`` marks
    the mean of the last ``window`` meetings."""
    styles = styles or {}
    if not tallies:
        return Text("No meetings held yet: the chart fills in as meetings are logged.")
    top = max(max(t.present for t in tallies), max(t.expected for t in tallies), 1)
    axis_width = len(str(top)) + 2
    room = max(width - axis_width, 1)
    column = 2 if room // 2 >= min(len(tallies), 12) else 1
    shown = list(tallies[-max(room // column, 1) :])
    years = _year_labels(shown, axis_width, column)
    plot_rows = max(height - (4 if years else 3), 2)
    text = Text(no_wrap=True, overflow="crop")
    for row in range(plot_rows, 0, -1):
        # Each row covers two half-steps of the count scale.
        upper = row / plot_rows * top
        lower = (row - 0.5) / plot_rows * top
        label = ""
        if row == plot_rows:
            label = str(top)
        elif row == (plot_rows + 1) // 2:
            label = str(round(upper))
        text.append(f"{label:>{axis_width - 2}} ┤", styles.get("axis"))
        for tally in shown:
            text.append(*_cell(tally, upper, lower, top / plot_rows, styles))
            if column == 2:
                text.append(" ")
        text.append("\n")
    text.append(
        f"{'0':>{axis_width - 2}} └" + "─" * (len(shown) * column) + "\n", styles.get("axis")
    )
    text.append(_month_labels(shown, axis_width, column), styles.get("label"))
    text.append("\n")
    if years:
        text.append(years, styles.get("label"))
        text.append("\n")
    present, mean = f"{BAR} present at each meeting   ", f"{MEAN} average of the last {window}"
    if len(present) + len(mean) > width:
        present, mean = f"{BAR} present ", f"{MEAN} mean of last {window}"
    text.append(present, styles.get("bar"))
    text.append(mean, styles.get("mean"))
    return text


def _cell(
    tally: MeetingTally, upper: float, lower: float, step: float, styles: Mapping[str, Style]
) -> tuple[str, Style | None]:
    mean_here = upper - step < tally.rolling_mean <= upper and tally.rolling_mean > 0
    if tally.present >= upper - 1e-9:
        char = BAR
    elif tally.present >= lower - 1e-9 and tally.present > 0:
        char = HALF
    else:
        char = " "
    if mean_here and char == " ":
        return MEAN, styles.get("mean")
    if mean_here:
        bar = styles.get("bar") or Style()
        return MEAN, bar + Style(reverse=True)
    return char, styles.get("bar")


def _month_labels(shown: Sequence[MeetingTally], indent: int, column: int) -> str:
    """A label under the first bar of each month; one that would touch the label before
    moves right, still under one of its own month's bars, so no month goes missing
    while it has room (fortnightly meetings put the next month's first bar only two
    columns on, and its label used to be dropped). Years go on a line of their own
    (:func:`_year_labels`): a January labelled "2026" beside "Dec" read as "Dec 2026"."""
    line = [" "] * (len(shown) * column)
    starts: list[tuple[int, MeetingTally]] = []
    for index, tally in enumerate(shown):
        month = (tally.day.year, tally.day.month)
        if not starts or (starts[-1][1].day.year, starts[-1][1].day.month) != month:
            starts.append((index, tally))
    free_from = 0
    for number, (index, tally) in enumerate(starts):
        label = tally.day.strftime("%b")
        ends = starts[number + 1][0] * column if number + 1 < len(starts) else len(line)
        at = max(index * column, free_from)
        if at >= ends or at + len(label) > len(line):
            continue  # no room under its own month
        line[at : at + len(label)] = label
        free_from = at + len(label) + 1
    return " " * indent + "".join(line)


def _year_labels(shown: Sequence[MeetingTally], indent: int, column: int) -> str:
    """When the bars cover more than one year: each year under its first bar (the
    first year under the first bar), so the months above read unambiguously; a year
    with no room before the next is left out. Empty when all bars are in one year."""
    if len({tally.day.year for tally in shown}) < 2:
        return ""
    line = [" "] * (len(shown) * column)
    free_from = 0
    for index, tally in enumerate(shown):
        if index and tally.day.year == shown[index - 1].day.year:
            continue
        label = str(tally.day.year)
        at = max(index * column, free_from)
        ends = next(
            (i * column for i in range(index, len(shown)) if shown[i].day.year != tally.day.year),
            len(line),
        )
        if at >= ends or at + len(label) > len(line):
            continue
        line[at : at + len(label)] = label
        free_from = at + len(label) + 1
    return " " * indent + "".join(line)


class AttendanceChart(Widget):
    """The group chart; give it tallies with :meth:`show`."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {f"chart--{role}" for role in ROLES}

    DEFAULT_CSS = """
    AttendanceChart {
        height: 12;
        width: 1fr;
    }
    AttendanceChart > .chart--bar {
        color: $primary;
    }
    AttendanceChart > .chart--mean {
        color: $accent;
        text-style: bold;
    }
    AttendanceChart > .chart--axis {
        color: $text-muted;
    }
    AttendanceChart > .chart--label {
        color: $text-muted;
    }
    """

    def __init__(
        self,
        tallies: Sequence[MeetingTally] = (),
        *,
        window: int = 4,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.tallies: list[MeetingTally] = list(tallies)
        self.window = window

    def show(self, tallies: Sequence[MeetingTally], window: int = 4) -> None:
        """Draw these meetings (oldest first)."""
        self.tallies = list(tallies)
        self.window = window
        self.refresh()

    def render(self) -> Text:
        styles = {role: self.get_component_rich_style(f"chart--{role}") for role in ROLES}
        return chart_text(
            self.tallies, self.size.width, self.size.height, styles, window=self.window
        )


class AttendancePanel(AttendanceChart):
    """The dashboard's recent attendance: the chart, then its numbers in words below it
    (so nothing rests on the bars alone), drawn as one widget ``WIDTH`` wide.

    ``summary`` is plain text (digits and words: no user text)."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {f"chart--{role}" for role in (*ROLES, "note")}
    WIDTH = 30
    # Lines of the chart itself, legend included.
    CHART_HEIGHT = 9

    DEFAULT_CSS = """
    AttendancePanel {
        height: auto;
        width: 30;
    }
    AttendancePanel > .chart--note {
        color: $text-muted;
    }
    """

    def __init__(
        self,
        tallies: Sequence[MeetingTally] = (),
        summary: str = "",
        *,
        window: int = 4,
        id: str | None = None,
    ) -> None:
        super().__init__(tallies, window=window, id=id)
        self.summary = summary

    def show_with_summary(
        self, tallies: Sequence[MeetingTally], summary: str, window: int = 4
    ) -> None:
        """Draw these meetings (oldest first) and their numbers in words."""
        self.summary = summary
        self.show(tallies, window)
        # The numbers may take more or fewer lines than before.
        self.refresh(layout=True)

    def _note_lines(self, width: int) -> list[str]:
        return textwrap.wrap(self.summary, max(width, 1))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return self.CHART_HEIGHT + len(self._note_lines(width))

    def render(self) -> Text:
        width = self.size.width
        styles = {role: self.get_component_rich_style(f"chart--{role}") for role in ROLES}
        text = chart_text(self.tallies, width, self.CHART_HEIGHT, styles, window=self.window)
        note = self.get_component_rich_style("chart--note")
        for line in self._note_lines(width):
            text.append("\n")
            text.append(line, note)
        return text
