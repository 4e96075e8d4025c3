"""The app's top-level screens, in order: the one table the key bindings, the mode bar,
the help screen and the command palette are all built from, so none of them can
disagree. A leaf: the app and the screens' shared parts read it, and it imports nothing
of theirs (each screen's module is named here as text and imported when first shown).
"""

from __future__ import annotations

from typing import NamedTuple


class ScreenEntry(NamedTuple):
    """One top-level screen: its mode name, key, label and where its class lives."""

    mode: str
    key: str
    label: str
    module: str
    class_name: str
    description: str


# The one table the key bindings, the mode bar, the help screen and the command palette
# are all built from, so none of them can disagree.
SCREENS_IN_ORDER: tuple[ScreenEntry, ...] = (
    ScreenEntry(
        "dashboard",
        "d",
        "Dashboard",
        "coordinator.tui.screens.dashboard",
        "DashboardScreen",
        "Next meeting, who to check in with, recent attendance",
    ),
    ScreenEntry(
        "roster",
        "r",
        "Roster",
        "coordinator.tui.screens.roster",
        "RosterScreen",
        "Members: contact details, status, notes",
    ),
    ScreenEntry(
        "meetings",
        "m",
        "Meetings",
        "coordinator.tui.screens.meetings",
        "MeetingsScreen",
        "Plan, move, cancel and log meetings",
    ),
    ScreenEntry(
        "register",
        "g",
        "Register",
        "coordinator.tui.screens.register",
        "RegisterScreen",
        "Attendance register: members by meetings",
    ),
    ScreenEntry(
        "trends",
        "t",
        "Trends",
        "coordinator.tui.screens.trends",
        "TrendsScreen",
        "Attendance over time, reasons, topics",
    ),
    ScreenEntry(
        "reports",
        "p",
        "Reports",
        "coordinator.tui.screens.reports",
        "ReportsScreen",
        "Print summaries, sign-in sheets, calendar files",
    ),
    ScreenEntry(
        "settings",
        "s",
        "Settings",
        "coordinator.tui.screens.settings",
        "SettingsScreen",
        "Group details, rhythm, venues, support line, theme",
    ),
)
SCREENS_BY_MODE = {entry.mode: entry for entry in SCREENS_IN_ORDER}
