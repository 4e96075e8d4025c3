"""Every screen's actions, read from the screens' own key bindings: one registry that the
command palette lists (from any screen) and the tests hold Help to, with the words each
action is found by in the palette (:data:`SEARCH_WORDS`).

A screen's ``BINDINGS`` are where its keys are declared (the footer shows them), so the
palette built from them can never miss an action the footer offers, nor list one that
has gone. This module imports nothing from :mod:`coordinator.tui.app`: the app passes
its table of screens in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, NamedTuple

from textual.binding import Binding
from textual.screen import Screen


class ScreenAction(NamedTuple):
    """One action of one screen: where, by which key, what it does."""

    mode: str
    screen_label: str
    key: str
    description: str
    tooltip: str
    action: str
    binding_id: str | None = None

    @property
    def words(self) -> str:
        """What the palette finds it by: name, tooltip and the registry's words."""
        return search_words(self.binding_id, self.description, self.tooltip)


def own_bindings(screen_class: type[Screen[Any]]) -> list[Binding]:
    """The screen's own bindings (its classes', not Textual's), most derived first, one
    per action and description."""
    seen: set[tuple[str, str]] = set()
    found: list[Binding] = []
    for cls in screen_class.__mro__:
        if cls.__module__.startswith("textual") or "BINDINGS" not in vars(cls):
            continue
        for binding in Binding.make_bindings(vars(cls)["BINDINGS"]):
            if binding.system or not binding.description:
                continue
            if (binding.action, binding.description) in seen:
                continue
            seen.add((binding.action, binding.description))
            found.append(binding)
    return found


def every_action(screens: Iterable[tuple[str, str, type[Screen[Any]]]]) -> list[ScreenAction]:
    """The actions of every screen, given as (mode, label, class)."""
    return [
        ScreenAction(
            mode,
            label,
            binding.key_display or binding.key.split(",")[0],
            binding.description,
            binding.tooltip,
            binding.action,
            binding.id,
        )
        for mode, label, cls in screens
        for binding in own_bindings(cls)
    ]


# The words a coordinator might type to find each action in the command palette, beyond
# its name and tooltip, by binding id (the app's own commands by theirs: "go-roster",
# "backup", "theme"). One place, so a new action gets its words where its id is written;
# tests/tui/test_action_registry.py holds every binding of every screen to an entry here.
SEARCH_WORDS: dict[str, str] = {
    # The app's own commands.
    "go-dashboard": "home start overview today next meeting check in list",
    "go-roster": "members people names contacts list phone email",
    "go-meetings": "sessions schedule diary dates calendar plan",
    "go-register": "attendance marks take the register sign in who came",
    "go-trends": "charts graphs statistics figures numbers attendance over time",
    "go-reports": "print summary sign-in sheet pdf html funder report",
    "go-settings": "options preferences group details support line venues theme reminders",
    "best-time": "availability poll survey when where day time venue suits",
    "help": "keys keyboard shortcuts all keys",
    "quit": "exit close leave stop",
    "theme": "colours colors dark light look appearance contrast",
    "try-edit": "read-only read only edit again other window",
    # Dashboard.
    "dashboard-next-meeting": "open next meeting upcoming",
    "dashboard-log-check-in": "check in contact call phoned spoke reached note",
    "dashboard-message": "text sms email whatsapp write reach out check in qr link",
    "dashboard-group-message": "reminder whatsapp group chat announce text",
    # Roster.
    "roster-add": "new member person join",
    "roster-edit": "change member details phone email name",
    "roster-contact": "check in log contact call phoned spoke reached note",
    "roster-message": "text sms email whatsapp write reach out qr link",
    "roster-contacts-out": "export contacts vcard csv phone list address book",
    "roster-import": "import spreadsheet csv vcard vcf file members add many",
    "roster-pause": "pause resume break away hold",
    "roster-left": "left leave member gone stopped coming",
    "roster-erase": "erase delete remove forget member gdpr",
    "roster-filter": "filter show active paused left all",
    "roster-search": "search find name",
    # Meetings.
    "meetings-plan": "plan schedule next meetings series repeat",
    "meetings-add": "add new one-off extra meeting",
    "meetings-edit": "edit change meeting topic venue notes",
    "meetings-register": "register attendance marks take who came",
    "meetings-held": "held happened took place done mark",
    "meetings-cancel": "cancel call off cancelled uncancel put back on",
    "meetings-move": "move reschedule change date time venue",
    "meetings-export": "export calendar ics ical outlook google phone file",
    "meetings-delete": "delete remove meeting",
    # Register.
    "register-present": "present came attended here mark",
    "register-apologies": "apologies sent apology sorry reason mark",
    "register-absent": "absent missed no show mark",
    "register-view": "grid take view switch all meetings",
    "register-unknown": "unknown not recorded clear mark",
    "register-note": "note comment mark",
    "register-prev": "earlier previous meeting back",
    "register-next": "later next meeting forward",
    "register-guest": "guest visitor more add",
    "register-guest-less": "guest visitor fewer",
    # Trends.
    "trends-period": "year all period months history",
    # Reports.
    "reports-save": "save write file pdf html text export",
    "reports-open": "open browser view html",
    "reports-print": "print paper printer sign-in sheet",
    "reports-preview": "preview refresh show",
    # A member's page (from the roster).
    "member-back": "back return roster list",
    "member-roster": "roster back members list",
    "member-contact": "check in log contact call phoned spoke reached note",
    "member-message": "text sms email whatsapp write reach out qr link",
    "member-away": "away holiday hospital break time off planned absence",
    "member-edit": "edit change details phone email name check-in",
    "member-remove": "remove delete time away check-in",
    # Best time and its tally (from Meetings, key b).
    "best-choose": "choose pick slot day time venue",
    "best-add": "tally add propose poll",
    "best-tally": "tally replies poll votes",
    "best-filter": "filter days times hours length",
    "best-readings": "read as availability what was read",
    "best-back": "back meetings return",
    "tally-yes": "yes can come reply",
    "tally-maybe": "maybe perhaps reply",
    "tally-no": "no cannot come reply",
    "tally-clear": "no reply clear unknown",
    "tally-add": "propose add date slot option",
    "tally-remove": "remove delete option",
    "tally-choose": "choose pick option date",
    "tally-restart": "new tally restart start again",
    "tally-back": "back best times return",
    # Settings.
    "settings-save": "save keep group details",
    "settings-add-venue": "venue new place room add",
    "settings-edit-venue": "venue change place address access",
    "settings-remove-venue": "venue remove delete place",
    "settings-default-message": "default wording template message reset",
    "settings-backup": "backup back up copy safe keep restore file",
    "settings-tab-previous": "tab previous left switch",
    "settings-tab-next": "tab next right switch",
    "settings-tab-group": "tab group details name rhythm time support line deputy",
    "settings-tab-venues": "tab venues places rooms addresses access",
    "settings-tab-reminders": "tab reminders calendar alarm long gap drift watch",
    "settings-tab-messages": "tab messages templates wording text phone region",
    "settings-tab-theme": "tab theme colours colors dark light look",
}

# Actions that work on one part of their screen only (a Settings tab): what to run on
# the screen first, so the palette can do them from anywhere, by binding id.
FIRST: dict[str, str] = {
    "settings-add-venue": "show_tab('tab-venues')",
    "settings-edit-venue": "show_tab('tab-venues')",
    "settings-remove-venue": "show_tab('tab-venues')",
    "settings-default-message": "show_tab('tab-messages')",
}


def _tokens(text: str) -> list[str]:
    """``text`` as lower-case words (letters and digits; "check-in" is "check", "in")."""
    return [word for word in re.split(r"[^0-9a-z]+", text.casefold()) if word]


def words_match(query: str, words: str) -> int | None:
    """Where in ``words`` what was typed is found: every word typed starts one of
    ``words`` ("check in" finds "Log check-in"; "cal" finds "calendar"), and the answer
    is the place of the word the first one starts (earlier words say more about the
    action); None if a word typed starts none of them, or nothing was typed."""
    wanted = _tokens(query)
    have = _tokens(words)
    if not wanted or not all(any(word.startswith(w) for word in have) for w in wanted):
        return None
    return next(at for at, word in enumerate(have) if word.startswith(wanted[0]))


def search_words(binding_id: str | None, description: str, tooltip: str = "") -> str:
    """Everything an action is found by: its name, its tooltip and its words."""
    return " ".join([description, tooltip, SEARCH_WORDS.get(binding_id or "", "")]).strip()
