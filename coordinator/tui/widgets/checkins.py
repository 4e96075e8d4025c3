"""The dashboard's check-in list: who the drift watch suggests a kind word with, and why.

Each entry shows the level as a mark and a word (never colour alone), the member, the
reasons in plain words, when they last came and the last logged contact. One key, ``l``
(a dashboard key, so it works wherever the focus is), logs a contact for the highlighted
member (:func:`coordinator.tui.modals.outreach.open_check_in`, the one flow); one that
reached them acknowledges the flag until their next miss, so they leave the list; "no
reply" keeps them on it. Nothing here changes a status or sends anything.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import work
from textual.widgets import OptionList
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from coordinator.model import GroupData, MemberStatus, ValidationError
from coordinator.tui.frame import coordinator_app
from coordinator.tui.widgets.keep_place import refill_options
from coordinator.tui.widgets.whole_words import KeepIndent
from coordinator.user_text import day_words, visible

if TYPE_CHECKING:
    from coordinator.watch import DriftFlag

# By the drift watch's level (its values: the watch itself is imported only when the
# list is worked out, after the first frame).
LEVEL_STYLES: dict[str, str] = {"reach_out": "bold", "watch": ""}
WORKING = "Working out who to check in with…"


def flag_text(flag: DriftFlag, shown_name: str) -> Text:
    """One entry of the list: level, name, then the reasons and dates, indented."""
    from coordinator.watch import LEVEL_MARKS, LEVEL_WORDS

    text = Text()
    text.append(f"{LEVEL_MARKS[flag.level]} {LEVEL_WORDS[flag.level]:<9}", LEVEL_STYLES[flag.level])
    text.append(" ")
    text.append(visible(shown_name), "bold")
    for reason in flag.reasons:
        text.append(f"\n    · {reason}")
    came = day_words(flag.last_attended) if flag.last_attended else "never"
    contact = day_words(flag.last_contact) if flag.last_contact else "none logged"
    if flag.last_contact_outcome is not None:
        from coordinator.model import OUTCOME_LABELS

        contact += f" ({OUTCOME_LABELS[flag.last_contact_outcome]})"
    # Two short lines rather than one that wraps into the chart beside the list.
    text.append(f"\n    last came {came}", "dim")
    text.append(f"\n    last contact {contact}", "dim")
    return text


def empty_words(data: GroupData, today: date) -> str:
    """What the empty list says, honest about why it is empty: nobody on the roster, no
    meeting held yet to go by, or nobody's recent meetings look unusual."""
    if not any(m.status is MemberStatus.ACTIVE for m in data.members):
        return "Nobody on the roster yet: add members on the roster (r, then a)."
    if not data.held_meetings(today):
        return "Nobody to check in with yet: no meeting has been held to go by."
    return "Nobody to check in with today: no one's recent meetings look unusual."


class CheckInList(OptionList):
    """The drift watch's flags for today, with ``l`` to log a check-in."""

    DEFAULT_CSS = """
    CheckInList {
        height: auto;
        max-height: 14;
        border: none;
        padding: 0;
        background: $surface;
    }
    CheckInList:focus {
        border: none;
        background-tint: $foreground 5%;
    }
    """

    def __init__(self) -> None:
        super().__init__(Option(Text(WORKING), disabled=True), id="checkins")
        self.flags: list[DriftFlag] = []
        # False until the first list is shown.
        self._shown = False

    def on_mount(self) -> None:
        # The drift watch is not needed for the first frame: it starts just after it.
        coordinator_app(self).after_first_frame(self._start)

    def _start(self) -> None:
        if self.is_attached:
            self.refresh_data()

    def refresh_data(self) -> None:
        """Work out today's flags from the saved data and show them.

        The drift watch reads the whole history (a few hundred milliseconds for a group
        with a thousand meetings on an old laptop), so it runs off the UI thread: keys stay
        responsive and the list fills in when it is ready."""
        app = coordinator_app(self)
        self._work_out(app.data(), app.today(), app.store.settings())

    # A fixed description: Textual's default is the repr of every argument, which for the
    # whole group's history is tens of milliseconds on the UI thread before the work starts.
    @work(
        thread=True,
        exclusive=True,
        group="check-ins",
        exit_on_error=True,
        description="working out today's check-ins",
    )
    def _work_out(self, data: GroupData, today: date, raw_settings: dict[str, Any]) -> None:
        # GroupData is frozen and check_ins is pure, so this is safe on a thread.
        from coordinator.watch import WatchSettings, check_ins

        problem: str | None = None
        flags: list[DriftFlag] = []
        try:
            settings = WatchSettings.from_settings(raw_settings)
        except ValidationError as error:
            problem = f"The drift watch settings need fixing: {error}"
        else:
            if data.group is not None:
                flags = check_ins(data, today, settings)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, data, flags, problem)

    def _show(self, data: GroupData, flags: list[DriftFlag], problem: str | None) -> None:
        first = not self._shown
        self._shown = True
        self.flags = [] if problem is not None else flags
        empty = empty_words(data, coordinator_app(self).today())
        # The highlight stays on the same person, or the next one when theirs has gone.
        refill_options(
            self,
            (
                Option(KeepIndent(flag_text(flag, _shown_name(data, flag))), id=flag.member_id)
                for flag in self.flags
            ),
            empty=Option(Text(problem or empty), disabled=True),
        )
        if not self.flags:
            if first and self.has_focus:
                # Nothing to pick here: the keys (up, down) scroll the dashboard instead.
                self.screen.set_focus(self.screen.query_one("#dashboard"))
            return
        # The list is what the coordinator acts on here: give it the keys (up, down) unless
        # something else already has them.
        focused = self.screen.focused
        if focused is None or focused.id == "dashboard":
            self.focus()

    @property
    def working(self) -> bool:
        """Still working out today's flags (the first time, or after a change)."""
        return not self._shown or any(
            worker.node is self and worker.group == "check-ins" and not worker.is_finished
            for worker in self.workers
        )

    @property
    def highlighted_flag(self) -> DriftFlag | None:
        """The flag under the cursor, if any."""
        index = self.highlighted
        if index is None or not 0 <= index < len(self.flags):
            return None
        return self.flags[index]

    def action_log_contact(self) -> None:
        """Open the check-in form for the highlighted member; save what it returns."""
        app = coordinator_app(self)
        flag = self.highlighted_flag
        member = app.data().member(flag.member_id) if flag else None
        if member is None:
            if self.working:
                app.notify("Still working out who to check in with; try again in a moment.")
            else:
                app.notify("Nobody is highlighted: there is no one on the check-in list.")
            return
        from coordinator.tui.modals.outreach import open_check_in

        open_check_in(self, member)


def _shown_name(data: GroupData, flag: DriftFlag) -> str:
    member = data.member(flag.member_id)
    if member is None or member.display_name == member.name:
        return flag.name
    return f"{member.display_name} ({member.name})"
