"""The coordinator's Textual app: one factory, lazy screens, one way to save.

Every top-level screen is a Textual *mode* created the first time it is shown, and its
module is imported only then, so the first frame appears quickly. Every change goes
through :meth:`CoordinatorApp.save`, which writes to the store at once (each save is on
disk before it returns) and tells the screens to refresh.
"""

from __future__ import annotations

import asyncio
import gc
import importlib
import os
import time
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Literal, TypeVar, overload
from weakref import WeakKeyDictionary
from zoneinfo import ZoneInfo

from textual import events
from textual.app import SystemCommand
from textual.binding import Binding, BindingType
from textual.command import Provider
from textual.notifications import Notify, SeverityLevel
from textual.screen import ModalScreen, Screen, ScreenResultCallbackType
from textual.theme import Theme
from textual.timer import Timer
from textual.widget import AwaitMount

from coordinator.clock import Clock, today_in
from coordinator.model import GroupData, ValidationError
from coordinator.store import Store, StoreError, prepare_for_changes
from coordinator.tui.app_contract import AppContract
from coordinator.tui.frame import CoordinatorScreen, ReadOnlyBanner
from coordinator.tui.screen_table import SCREENS_BY_MODE, SCREENS_IN_ORDER, ScreenEntry
from coordinator.user_text import clean_pasted, visible

_T = TypeVar("_T")
# Toasts: how many at once, and how long a problem stays (routine ones: 3 seconds).
MAX_TOASTS = 2
ERROR_TIMEOUT = 8.0
_S = TypeVar("_S")
# How often a read-only window checks whether the other window has closed (seconds).
TAKE_OVER_EVERY = 3.0
# How often a read-only window looks whether the file changed (one stat call).
FOLLOW_FILE_EVERY = 1.0
TOOK_OVER = "The other window closed: you can make changes here now."


# Set by benchmarks/perf/run.py: a file to stamp with the time of the first frame.
BENCH_FIRST_FRAME_ENV = "COORDINATOR_BENCH_FIRST_FRAME"


def load_screen(entry: ScreenEntry) -> Screen[Any]:
    """Import ``entry``'s module now (first time it is shown) and build its screen."""
    module = importlib.import_module(entry.module)
    screen_class = getattr(module, entry.class_name)
    screen = screen_class()
    if not isinstance(screen, Screen):
        raise TypeError(f"{entry.module}.{entry.class_name} is not a Textual screen")
    return screen


def _app_bindings() -> list[BindingType]:
    bindings: list[BindingType] = [
        Binding(
            entry.key,
            f"go('{entry.mode}')",
            entry.label,
            show=False,
            id=f"go-{entry.mode}",
            tooltip=entry.description,
        )
        for entry in SCREENS_IN_ORDER
    ]
    bindings += [
        Binding(
            "b",
            "best_time",
            "Best time",
            show=False,
            id="best-time",
            tooltip="Which day, time and venue suit most members; tally of replies",
        ),
        # "All keys": the footer has room for the most used keys only; this lists them all.
        Binding(
            "question_mark",
            "help",
            "All keys",
            key_display="?",
            id="help",
            tooltip="Help: every key of this screen and of the app",
        ),
        Binding(
            "f1",
            "help",
            "All keys",
            show=False,
            id="help-f1",
            tooltip="Help: every key of this screen and of the app",
        ),
        Binding(
            "q",
            "quit",
            "Quit",
            id="quit",
            tooltip="Close the app (asks first if something typed is not saved yet)",
        ),
        Binding(
            "f5",
            "try_edit",
            "Try to edit again (read-only window)",
            show=False,
            id="try-edit",
            tooltip="A read-only window: check whether the other window has closed",
        ),
    ]
    # Tab and shift+Tab move the focus before the next key is handed on (priority): as
    # plain bindings they reached the app only after bubbling up from the field, and
    # keys typed straight after Tab ("Ann", Tab, "07700…") landed in the field just left.
    bindings += [
        # system: the screens' own Tab bindings (Textual's) already say so in Help.
        Binding("tab", "app.focus_next", "Next field", show=False, priority=True, system=True),
        Binding(
            "shift+tab",
            "app.focus_previous",
            "Previous field",
            show=False,
            priority=True,
            system=True,
        ),
    ]
    return bindings


class CoordinatorApp(AppContract):
    """The coordinator's app. Build it with :func:`build_app`."""

    CSS_PATH = "app.tcss"
    TITLE = "coordinator"
    BINDINGS: ClassVar[list[BindingType]] = _app_bindings()
    DEFAULT_MODE = "dashboard"
    # Routine messages ("Meeting saved") go quickly; problems stay longer (see notify).
    NOTIFICATION_TIMEOUT: ClassVar[float] = 3
    # The coordinator's actions and records only: not Textual's system commands
    # (screenshot, maximise, its key panel), which a coordinator has no use for.
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {
        lambda: _actions_provider(),
        lambda: _records_provider(),
    }

    def __init__(self, store: Store, settings: dict[str, Any], clock: Clock) -> None:
        super().__init__()
        self.store = store
        self.clock = clock
        self.settings = dict(settings)
        theme = self.settings.get("theme")
        if isinstance(theme, str) and theme in self.available_themes:
            # Before the app runs, so the first frame is styled in it once (set after
            # mounting, every stylesheet was parsed again and the screen restyled and
            # redrawn: about a tenth of a second more before the dashboard showed).
            self.theme = theme
        # Bumped on every change; a screen whose last refresh is older refreshes on show.
        self.data_version = 0
        self._seen: WeakKeyDictionary[Screen[Any], int] = WeakKeyDictionary()
        self._take_over_timer: Timer | None = None
        # Work waiting for the first frame (None once it has been drawn).
        self._after_first_frame: list[Callable[[], object]] | None = []
        for entry in SCREENS_IN_ORDER:
            self.add_mode(entry.mode, self._screen_factory(entry))

    def _screen_factory(self, entry: ScreenEntry) -> Callable[[], Screen[Any]]:
        def make() -> Screen[Any]:
            # The first screen is made while the app itself is being composed, before
            # Textual has styled the app, so Textual styles everything again before
            # showing it (refresh_css: every stylesheet parsed again, the app restyled),
            # which is what its "made before the last CSS change" mark asks for. Styled
            # from the app as it is now, the new screen needs neither.
            self.stylesheet.apply(self)
            screen = load_screen(entry)
            screen._css_update_count = self._css_update_count
            return screen

        return make

    def run(self, *args: Any, **kwargs: Any) -> Any:
        """Textual's run, with what start-up made (modules, the group's records) kept out
        of the cyclic garbage collector's way: it is long-lived, and walking it cost a full
        collection (about 17 ms at the realistic size) inside the first frame. Frozen
        objects are still freed when nothing refers to them. The collector, held while
        the app started (coordinator.launch), runs as usual from here."""
        gc.freeze()
        gc.enable()
        return super().run(*args, **kwargs)

    # -- the contract every screen relies on --------------------------------------

    def data(self) -> GroupData:
        """Everything about the group, as saved now."""
        return self.store.load()

    def zone(self) -> ZoneInfo:
        """The group's timezone (Europe/London before setup)."""
        group = self.data().group
        return group.zone if group is not None else ZoneInfo("Europe/London")

    def today(self) -> date:
        """Today's date where the group meets."""
        return today_in(self.clock, self.zone())

    # -- the read-only window ----------------------------------------------------

    def can_edit(self) -> bool:
        """Whether changes can be saved from this window now."""
        return not self.store.read_only

    def refuse_edit(self) -> None:
        """Say, before anything is typed, why nothing can be changed here."""
        self.notify(
            visible(self.store.read_only_reason or "This window is read-only."),
            title="Read-only window",
            severity="warning",
            markup=False,
        )

    if TYPE_CHECKING:

        @overload
        def push_screen(
            self,
            screen: Screen[_S] | str,
            callback: ScreenResultCallbackType[_S] | None = None,
            wait_for_dismiss: Literal[False] = False,
            *,
            mode: str | None = None,
        ) -> AwaitMount: ...

        @overload
        def push_screen(
            self,
            screen: Screen[_S] | str,
            callback: ScreenResultCallbackType[_S] | None = None,
            wait_for_dismiss: Literal[True] = True,
            *,
            mode: str | None = None,
        ) -> asyncio.Future[_S]: ...

    def push_screen(
        self,
        screen: Screen[_S] | str,
        callback: ScreenResultCallbackType[_S] | None = None,
        wait_for_dismiss: bool = False,
        *,
        mode: str | None = None,
    ) -> Any:
        """Show ``screen``; a form or question that would change the data is refused
        up front in a read-only window (so nothing is typed only to be lost on save)."""
        if getattr(screen, "EDITS_DATA", False) and not self.can_edit():
            self.refuse_edit()
            if wait_for_dismiss:
                future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
                future.set_result(None)
                return future
            return AwaitMount(self.screen, [])
        if wait_for_dismiss:
            return super().push_screen(screen, callback, wait_for_dismiss=True, mode=mode)
        return super().push_screen(screen, callback, mode=mode)

    def action_try_edit(self) -> None:
        """A read-only window: take over now if the other window has closed."""
        if self.can_edit():
            self.notify("This window can already make changes.")
        elif not self.take_over():
            self.refuse_edit()

    def take_over(self) -> bool:
        """Become the editing window if the other one has closed; say so and refresh."""
        if self.can_edit():
            return True
        if not self.store.try_take_over():
            return False
        if self._take_over_timer is not None:
            self._take_over_timer.stop()
            self._take_over_timer = None
        # Every screen made so far, in every mode (the others are made without one).
        for stack in self._screen_stacks.values():
            for screen in stack:
                for banner in screen.query(ReadOnlyBanner):
                    banner.refresh_data()
        self.data_changed()
        self.notify(TOOK_OVER, title="Editing here now")
        return True

    def _check_take_over(self) -> None:
        self.take_over()

    def _follow_file(self) -> None:
        """A read-only window: show the other window's saved changes (each list keeps
        its place: coordinator.tui.widgets.keep_place)."""
        if self.store.read_only and self.store.follow_file():
            self.data_changed()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "try_edit":
            return not self.can_edit() and not self.store.asked_read_only
        return True

    def save(self, action: Callable[[], _T], done: str = "") -> _T | None:
        """Run one store change now; on success say ``done`` and refresh the screens.

        A problem (read-only window, invalid input, disk trouble) is shown as a clear
        notification and None is returned; nothing is half-saved."""
        if self.store.read_only:
            self.notify(
                visible(self.store.read_only_reason or "This window is read-only."),
                title="Not saved: read-only",
                severity="error",
                markup=False,
            )
            return None
        try:
            result = action()
        except (StoreError, ValidationError) as error:
            self.notify(visible(str(error)), title="Not saved", severity="error", markup=False)
            return None
        if done:
            self.notify(visible(done), markup=False)
        self.data_changed()
        return result

    def data_changed(self) -> None:
        """Ask the screens on show to refresh; the others refresh when next shown."""
        self.data_version += 1
        for screen in self.screen_stack:
            self._refresh_screen(screen)

    def _refresh_screen(self, screen: Screen[Any]) -> None:
        refresh = getattr(screen, "refresh_data", None)
        if refresh is not None and screen.is_mounted:
            refresh()
            self._seen[screen] = self.data_version
        if isinstance(screen, CoordinatorScreen) and screen.is_mounted:
            screen.refresh_bars()

    async def on_event(self, event: events.Event) -> None:
        if self._exit and isinstance(event, events.InputEvent):
            # Quitting: keys typed after q (a quick "q m a") would open screens and forms
            # that are torn down half-built as the app closes. They act on nothing.
            return
        # Pasted text is user text, made plain before any field sees it: line breaks
        # from any system become the field's own (a space in a one-line field), tabs
        # spaces, and terminal escapes and control characters are dropped (neither
        # obeyed nor stored as symbols). coordinator.user_text.clean_pasted says how.
        if isinstance(event, events.Paste) and not event.is_forwarded:
            from textual.widgets import Input

            one_line = isinstance(self.focused, Input)
            event.text = clean_pasted(event.text, one_line=one_line)
        await super().on_event(event)

    async def action_quit(self) -> None:
        """Quit (q, ctrl+q); if any form or Settings holds typing not saved yet, say
        what would be lost and ask first."""
        from coordinator.tui.modals.unsaved import (
            DiscardModal,
            ask_before_discarding,
            every_screen,
            unsaved_in,
        )

        if isinstance(self.screen, DiscardModal):
            return  # already asking
        ask_before_discarding(self, unsaved_in(every_screen(self)), "Quit", self.exit)

    def _handle_exception(self, error: Exception) -> None:
        """An error nobody planned for: Textual would print a traceback with the values
        it held (member names, phones, notes) when the app closes. Instead the details go
        to a private log and the coordinator reads a calm message naming it."""
        from rich.text import Text

        from coordinator.crash import crash_message, record_crash

        if self._exit:
            # An error in a screen half-built as the app closes (nothing is lost: every
            # change is saved when it is made). Kept in the log, not shown.
            record_crash(error)
            return
        self._return_code = 1
        if self._exception is None:  # Pilot tests re-raise it, as Textual does
            self._exception = error
            self._exception_event.set()
        self.panic(Text(crash_message(record_crash(error))))

    # -- notifications --------------------------------------------------------------

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Textual's notify, with problems left on screen longer than routine news."""
        if timeout is None and severity == "error":
            timeout = ERROR_TIMEOUT
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def _on_notify(self, event: Notify) -> None:
        # Never more than MAX_TOASTS at once: older ones go, so toasts cannot stack up
        # over the screen and the bars.
        super()._on_notify(event)
        shown = list(self._notifications)
        for old in shown[: max(0, len(shown) - MAX_TOASTS)]:
            self._unnotify(old, refresh=False)
        self._refresh_notifications()

    # -- start-up -----------------------------------------------------------------

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        if self.store.read_only and not self.store.asked_read_only:
            # Held by another window: become the editing window once that one closes.
            self._take_over_timer = self.set_interval(TAKE_OVER_EVERY, self._check_take_over)
        if self.store.read_only:
            # Follow the other window's changes: show the file as it is now.
            self.set_interval(FOLLOW_FILE_EVERY, self._follow_file)
        if self.data().group is None:
            self.push_screen(self._setup_screen())
        stamp = os.environ.get(BENCH_FIRST_FRAME_ENV)
        if stamp:
            self.call_after_refresh(self._report_first_frame, Path(stamp))
        else:
            self.call_after_refresh(self._first_frame_drawn)

    def after_first_frame(self, callback: Callable[[], object]) -> None:
        """Run ``callback`` once the app's first frame is on screen (now, if it is), so
        work in the background (the drift watch) does not hold that frame up."""
        if self._after_first_frame is None:
            callback()
        else:
            self._after_first_frame.append(callback)

    def _first_frame_drawn(self) -> None:
        waiting, self._after_first_frame = self._after_first_frame or [], None
        for callback in waiting:
            callback()
        self._preload_screens()

    def _preload_screens(self) -> None:
        """Import the other screens' modules in the background while the coordinator reads
        the dashboard, so the first visit to each is quick instead of a silent second."""
        self.run_worker(_import_screens, thread=True, group="preload", exit_on_error=False)

    def _report_first_frame(self, stamp: Path) -> None:
        """For the performance benchmark only: note when the first frame was drawn, then
        close (benchmarks/perf/run.py compares this with a bare Textual app)."""
        stamp.write_text(repr(time.time()), encoding="utf-8")
        self.exit()

    def _setup_screen(self) -> Screen[Any]:
        from coordinator.tui.screens.setup import SetupScreen

        return SetupScreen()

    def _remember_theme(self, theme: Theme) -> None:
        """Keep the chosen theme for next time (in a read-only window it is used there
        only, and the coordinator is told so)."""
        if theme.name == self.settings.get("theme"):
            return
        self.settings["theme"] = theme.name
        if self.store.read_only:
            self.notify(
                "This window is read-only, so the theme is used here only and not kept.",
                title="Theme",
            )
            return
        if self.store.settings().get("theme") == theme.name:
            return
        try:
            self.store.save_settings({**self.store.settings(), "theme": theme.name})
        except StoreError as error:
            self.notify(
                visible(str(error)), title="Theme not saved", severity="error", markup=False
            )

    # -- actions ------------------------------------------------------------------

    def action_go(self, mode: str) -> None:
        """Show one of the top-level screens."""
        if mode not in SCREENS_BY_MODE:
            return
        if self.data().group is None:
            self.notify("Set up your group first: fill in the form and press ctrl+s.")
            return
        if self.current_mode == mode:
            # Pressed again on a page opened from this screen (a member's page on the
            # roster): back to the screen itself.
            while len(self.screen_stack) > 1 and not isinstance(self.screen, ModalScreen):
                self.pop_screen()
            return
        if getattr(self.screen, "CLOSES_WHEN_LEFT", False):
            self.pop_screen()  # Best time, opened over any screen: see CoordinatorScreen
        is_new = mode not in self._screen_stacks
        self.switch_mode(mode)
        if is_new:
            # A screen made now reads the data itself when it mounts.
            self._seen[self.screen] = self.data_version
            return
        for screen in self.screen_stack:
            if self._seen.get(screen, 0) < self.data_version:
                self._refresh_screen(screen)

    def action_best_time(self) -> None:
        """Open the best-time screen over the screen on show: Esc goes back to it."""
        from coordinator.tui.screens.best_time import BestTimeScreen

        if self.data().group is None:
            self.notify("Set up your group first: fill in the form and press ctrl+s.")
            return
        if isinstance(self.screen, BestTimeScreen):
            return
        self.push_screen(BestTimeScreen())

    def action_help(self) -> None:
        """List every key of the app and of the screen on show."""
        from coordinator.tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self.screen))

    def show_member(self, member_id: str) -> None:
        """Open the roster with ``member_id`` selected."""
        self._show_record("roster", "show_member", member_id)

    def show_meeting(self, meeting_id: str) -> None:
        """Open the meetings screen with ``meeting_id`` selected."""
        self._show_record("meetings", "show_meeting", meeting_id)

    def _show_record(self, mode: str, method: str, record_id: str) -> None:
        self.action_go(mode)

        def select() -> None:
            select_record = getattr(self.screen, method, None)
            if select_record is not None:
                select_record(record_id)

        self.call_after_refresh(select)

    def action_back_up(self) -> None:
        """Copy the group file into its backups folder now and say where it went (the
        same flow as ``coordinator backup``; under ``coordinator web`` too, where the
        backup stays in the data folder)."""
        from coordinator.application.backup import BackupError, back_up_now, backup_said
        from coordinator.tui.deliver import in_browser

        try:
            taken = back_up_now(self.store.path, self.today())
        except BackupError as error:
            self.notify(visible(str(error)), title="Not backed up", severity="error", markup=False)
            return
        self.notify(backup_said(taken, in_browser=in_browser(self)), title="Backup", markup=False)

    # -- the command palette ------------------------------------------------------

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Every action of the app, by name (coordinator.tui.palette); the palette itself
        searches them by their words too, through its ActionsProvider."""
        from coordinator.tui.palette import palette_commands

        for command in palette_commands(self, screen):
            yield SystemCommand(command.title, command.help, command.callback, command.discover)


def _import_screens() -> None:
    # Importing is thread-safe (the import lock); a module that fails here fails again,
    # with its message, when its screen is opened. TinyDB first: the first edit needs it.
    prepare_for_changes()
    for entry in SCREENS_IN_ORDER:
        try:
            importlib.import_module(entry.module)
        except Exception:
            continue


def _actions_provider() -> type[Provider]:
    # Imported when the palette first opens, not at start-up.
    from coordinator.tui.palette import ActionsProvider

    return ActionsProvider


def _records_provider() -> type[Provider]:
    # Imported when the palette first opens, not at start-up.
    from coordinator.tui.palette import RecordsProvider

    return RecordsProvider


def build_app(store: Store, settings: dict[str, Any], clock: Clock) -> CoordinatorApp:
    """The app, with its store, settings and clock injected (tests use this too)."""
    return CoordinatorApp(store, settings, clock)
