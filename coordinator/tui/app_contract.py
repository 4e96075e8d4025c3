"""What screens, modals and widgets may ask of the running app, without importing it.

:class:`~coordinator.tui.app.CoordinatorApp` is built from this class and fills it in.
The parts every screen shares (:mod:`coordinator.tui.frame`) reach the app through
:func:`~coordinator.tui.frame.coordinator_app`, typed as this contract, so nothing below
the app imports the app module (the app imports them: the other way round would be a
circle). A screen that needs something new of the app adds it here first.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

from textual.app import App

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from coordinator.clock import Clock
    from coordinator.model import GroupData
    from coordinator.store import Store

_T = TypeVar("_T")


class AppContract(App[None]):
    """The coordinator's app as its screens see it: the store, the clock, the group's
    data as saved now, one way to save, and ways to show a member or a meeting."""

    store: Store
    clock: Clock
    settings: dict[str, Any]
    # Bumped on every change; a screen whose last refresh is older refreshes on show.
    data_version: int

    @abstractmethod
    def data(self) -> GroupData:
        """Everything about the group, as saved now."""

    @abstractmethod
    def zone(self) -> ZoneInfo:
        """The group's timezone."""

    @abstractmethod
    def today(self) -> date:
        """Today's date where the group meets."""

    @abstractmethod
    def can_edit(self) -> bool:
        """Whether changes can be saved from this window now."""

    @abstractmethod
    def refuse_edit(self) -> None:
        """Say why nothing can be changed in this window."""

    @abstractmethod
    def save(self, action: Callable[[], _T], done: str = "") -> _T | None:
        """Run one store change now; on success say ``done`` and refresh the screens
        (None, with the problem shown, when it could not be saved)."""

    @abstractmethod
    def data_changed(self) -> None:
        """Ask the screens on show to refresh."""

    @abstractmethod
    def after_first_frame(self, callback: Callable[[], object]) -> None:
        """Run ``callback`` once the app's first frame is on screen."""

    @abstractmethod
    def action_go(self, mode: str) -> None:
        """Show the top-level screen ``mode``."""

    @abstractmethod
    def show_member(self, member_id: str) -> None:
        """Open the roster with ``member_id`` selected."""

    @abstractmethod
    def show_meeting(self, meeting_id: str) -> None:
        """Open the meetings screen with ``meeting_id`` selected."""
