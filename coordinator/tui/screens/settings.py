"""Settings: the group's details and rhythm, venues, the support line and the theme.

Five tabs: "Group" (the same form as first-run setup, plus the deputy and the usual
venue), "Venues" (add, edit, remove), "Reminders" (calendar reminder, the drift watch's
long-gap rule), "Messages" (the message templates with a live preview, and the phone
region) and "Theme". Every change is saved through the app at once.
"""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import (
    Button,
    DataTable,
    Input,
    Label,
    OptionList,
    Select,
    Static,
    TabbedContent,
    TabPane,
    Tabs,
)
from textual.widgets.option_list import Option

from coordinator.model import (
    Group,
    GroupData,
    MemberStatus,
    Rhythm,
    ValidationError,
    Venue,
    check_id,
)
from coordinator.store import new_id
from coordinator.tui.field_scroll import FieldScroll
from coordinator.tui.frame import CoordinatorScreen, coordinator_app, safe
from coordinator.tui.modals.confirm import ConfirmModal
from coordinator.tui.modals.unsaved import field_values
from coordinator.tui.modals.venue_form import VenueForm
from coordinator.tui.widgets.group_form import GroupForm
from coordinator.tui.widgets.keep_place import refill_table
from coordinator.tui.widgets.reminders_form import RemindersForm, shown_reminder_values
from coordinator.tui.widgets.whole_words import WholeWordsTable
from coordinator.user_text import plural

NO_CHOICE = ""
# Said where data is coming, for the moment before it is shown.
LOADING = "Loading…"


# Themes said in plain words; the rest by their name and whether they are dark or light.
_PLAIN_THEMES = {
    "textual-dark": "Standard, dark (the default)",
    "textual-light": "Standard, light",
    "ansi-dark": "Your terminal's own colours, dark",
    "ansi-light": "Your terminal's own colours, light",
}


def theme_label(name: str, dark: bool) -> str:
    """A theme as a coordinator reads it: "Standard, light", "Solarized light, light"."""
    plain = _PLAIN_THEMES.get(name)
    if plain is not None:
        return plain
    return f"{name.replace('-', ' ').capitalize()}, {'dark' if dark else 'light'}"


def _deputy_options(data: GroupData) -> list[tuple[Text, str]]:
    """Who can be the deputy: everyone who has not left, by name (literal text)."""
    return [(safe(m.display_name), m.id) for m in data.members if m.status is not MemberStatus.LEFT]


# The tabs in order (pane id, label): keys 1-5 open them, [ and ] step through them.
TABS = (
    ("tab-group", "Group"),
    ("tab-venues", "Venues"),
    ("tab-reminders", "Reminders"),
    ("tab-messages", "Messages"),
    ("tab-theme", "Theme"),
)


class SettingsScreen(CoordinatorScreen):
    """Change anything set up at first run, manage venues, pick a theme."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="settings-save"),
        Binding("a", "add_venue", "Add venue", id="settings-add-venue"),
        Binding("e", "edit_venue", "Edit venue", id="settings-edit-venue"),
        # "Remove", not "Remove venue": the Venues tab's footer then fits 80 columns.
        Binding(
            "x",
            "remove_venue",
            "Remove",
            id="settings-remove-venue",
            tooltip="Remove the selected venue (meetings there keep its name)",
        ),
        Binding(
            "ctrl+r",
            "default_message",
            "Default wording",
            id="settings-default-message",
            tooltip="Put the template on show back to the default wording",
        ),
        Binding(
            "B",
            "app.back_up",
            "Back up now",
            show=False,  # in Help and the palette; the footer has no room at 80 columns
            id="settings-backup",
            tooltip="Copy the group file into its backups folder now; says where it went",
        ),
        # The tabs by keyboard: [ and ] step through them (one entry in the footer),
        # 1-5 open one; the tab row's own arrows still work.
        Binding(
            "left_square_bracket",
            "show_tab('previous')",
            "Previous tab",
            key_display="[",
            id="settings-tab-previous",
            group=Binding.Group("Tabs", compact=True),
        ),
        Binding(
            "right_square_bracket",
            "show_tab('next')",
            "Next tab",
            key_display="]",
            id="settings-tab-next",
            group=Binding.Group("Tabs", compact=True),
        ),
        *(
            Binding(
                str(number),
                f"show_tab('{tab}')",
                f"{label} tab",
                show=False,
                id=f"settings-{tab}",
            )
            for number, (tab, label) in enumerate(TABS, start=1)
        ),
    ]
    DEFAULT_CSS = """
    SettingsScreen TabbedContent {
        height: 1fr;
    }
    SettingsScreen TabPane {
        padding: 0 1;
    }
    SettingsScreen #settings-group-scroll, SettingsScreen #settings-reminders-scroll {
        height: 1fr;
        /* Room for the scrollbar from the start, so the form is laid out once rather
           than again when its length brings the scrollbar in. */
        scrollbar-gutter: stable;
    }
    SettingsScreen .settings-error {
        color: $error;
        text-style: bold;
        height: auto;
    }
    SettingsScreen Horizontal.settings-buttons {
        height: auto;
    }
    SettingsScreen #venues {
        height: 1fr;
    }
    SettingsScreen #themes {
        height: 1fr;
    }
    SettingsScreen .hint {
        color: $text-muted;
        height: auto;
    }
    """

    # The tab on show: kept here (not read from the widgets) so that the key checks
    # work before the tabs are mounted, and the footer can show its keys at once.
    FOOTER_KEYS_AT_ONCE = True
    # The tabs are the body: no container around them.
    BODY_CONTAINER = False
    _tab = "tab-group"
    # The tabs built so far. The screen is shown first with "Loading…" where the
    # group's details go; their form (some 70 widgets) is built just after that first
    # frame. Each other tab is built the first time it is opened.
    # Tabs whose widgets are all mounted: every reader of a tab's fields asks this, never
    # whether building began (keys typed ahead, "s d", once met a form half built).
    _built: frozenset[str] = frozenset()
    _building: frozenset[str] = frozenset()
    _filled = False

    def compose_body(self) -> ComposeResult:
        with TabbedContent(id="settings-tabs"):
            with TabPane("Group", id="tab-group"):
                with FieldScroll(id="settings-group-scroll"):
                    yield Static(LOADING, id="settings-loading", classes="hint")
                yield Static("", id="settings-error", classes="settings-error")
                with Horizontal(classes="settings-buttons"):
                    yield Button(
                        "Save (ctrl+s)", variant="primary", id="settings-save", compact=True
                    )
                    yield Label("  Changes here are kept only when you save.", classes="hint")
            yield TabPane("Venues", id="tab-venues")
            yield TabPane("Reminders", id="tab-reminders")
            yield TabPane("Messages", id="tab-messages")
            yield TabPane("Theme", id="tab-theme")

    async def _build_tab(self, tab: str) -> None:
        """Build a tab's widgets, with the saved data in them, the first time it is
        opened; the tab counts as built (``_built``) once they are all mounted."""
        if tab in self._built or tab in self._building:
            return
        self._building = self._building | {tab}
        pane = self.query_one(f"#{tab}", TabPane)
        if tab == "tab-group":
            data = coordinator_app(self).data()
            scroll = self.query_one("#settings-group-scroll", VerticalScroll)
            await scroll.mount(
                GroupForm(
                    with_venue=False,
                    id="settings-form",
                    group=data.group,
                    extra=(
                        ("Usual venue", self._venue_select(data)),
                        ("Deputy", self._deputy_select(data)),
                    ),
                )
            )
            self.query_one("#settings-loading").remove()
            self._filled = data.group is not None
        elif tab == "tab-venues":
            table: DataTable[Text] = WholeWordsTable(
                id="venues", cursor_type="row", zebra_stripes=True, stretch="access"
            )
            table.add_column("Venue", key="venue", width=20)
            table.add_column("Address", key="address", width=24)
            table.add_column("Access notes", key="access")
            await pane.mount(
                Static(
                    "a adds a venue, e (or Enter) edits the selected one, x removes it. "
                    "Meetings at a removed venue keep its name.",
                    classes="hint",
                ),
                table,
            )
            self._fill_venues()
        elif tab == "tab-reminders":
            settings = coordinator_app(self).store.settings()
            await pane.mount(
                FieldScroll(
                    RemindersForm(settings, id="reminders-form"),
                    id="settings-reminders-scroll",
                ),
                Static("", id="reminders-error", classes="settings-error"),
                Horizontal(
                    Button("Save (ctrl+s)", variant="primary", id="reminders-save", compact=True),
                    classes="settings-buttons",
                ),
            )
        elif tab == "tab-messages":
            # phonenumbers loads with this tab, not with the app.
            from coordinator.tui.widgets.messages_form import MessagesForm

            await pane.mount(
                MessagesForm(coordinator_app(self).store.settings(), id="messages-form"),
                Static("", id="messages-error", classes="settings-error"),
                Static(
                    "ctrl+s saves every template; ctrl+r puts this one back to the default "
                    "wording.",
                    classes="hint",
                ),
            )
        elif tab == "tab-theme":
            themes = OptionList(id="themes")
            await pane.mount(
                Static(
                    "Pick a theme with the arrows and Enter; it is kept for next time.",
                    classes="hint",
                ),
                themes,
            )
            self._fill_themes()
        self._built = self._built | {tab}

    def _venue_select(self, data: GroupData) -> Select[str]:
        group = data.group
        chosen = group.default_venue_id if group is not None else None
        return Select[str](
            [(safe(v.name), v.id) for v in data.venues],
            prompt="(none)",
            id="group-venue",
            compact=True,
            value=chosen if chosen and data.venue(chosen) else Select.NULL,
        )

    def _deputy_select(self, data: GroupData) -> Select[str]:
        group = data.group
        chosen = group.deputy_member_id if group is not None else None
        return Select[str](
            _deputy_options(data),
            prompt="(none)",
            id="group-deputy",
            compact=True,
            value=chosen if chosen and data.member(chosen) else Select.NULL,
        )

    def group_form_changed(self) -> bool:
        """Does the group form hold typing that is not saved?"""
        saved = coordinator_app(self).data().group
        if saved is None:
            return False
        try:
            return self.typed_group(saved) != saved
        except ValidationError:
            return True

    def unsaved_typing(self) -> str | None:
        """What leaving the app now would lose: typing in the group or reminders form."""
        lost = []
        if "tab-group" in self._built and self._filled and self.group_form_changed():
            lost.append("the group details")
        reminders = self.query(RemindersForm)
        if reminders:
            saved = shown_reminder_values(coordinator_app(self).store.settings())
            typed = field_values(reminders.first())
            if any(typed.get(key, value) != value for key, value in saved.items()):
                lost.append("the reminders")
        return " and ".join(lost) + " in Settings" if lost else None

    def typed_group(self, saved: Group) -> Group:
        """The group as the form and the two choices hold it now; raises
        :class:`ValidationError` naming the field at fault."""
        result = self.query_one(GroupForm).read(saved, new_id("v"))
        return replace(
            result.group,
            default_venue_id=self._chosen("#group-venue", "Usual venue"),
            deputy_member_id=self._chosen("#group-deputy", "Deputy"),
        )

    def on_screen_suspend(self) -> None:
        if isinstance(self.app.screen, ModalScreen):
            return  # a pop-up over Settings (the quit guard asks for itself): still here
        if "tab-messages" in self._built:
            from coordinator.tui.widgets.messages_form import MessagesForm

            if self.query_one(MessagesForm).changed(coordinator_app(self).store.settings()):
                self.app.notify(
                    "The message templates in Settings have changes that are not saved yet. "
                    "Press s to go back, then ctrl+s to save them.",
                    title="Not saved yet",
                    severity="warning",
                )
        if "tab-group" in self._built and self._filled and self.group_form_changed():
            self.app.notify(
                "The group details in Settings have changes that are not saved yet. "
                "Press s to go back, then ctrl+s to save them.",
                title="Not saved yet",
                severity="warning",
            )

    def on_mount(self) -> None:
        # The key checks follow the tab on show; a tab is built as it is first shown.
        self.watch(self.query_one(TabbedContent), "active", self._tab_shown, init=False)
        self.call_after_refresh(self._build_tab, "tab-group")

    async def _tab_shown(self, tab: str) -> None:
        if tab:
            self._tab = tab
            await self._build_tab(tab)

    # -- showing what is saved -----------------------------------------------------

    def refresh_data(self) -> None:
        """Show the saved group details and venues. Typing in the group form that is not
        saved yet is left alone, so a change made elsewhere never wipes it."""
        data = coordinator_app(self).data()
        group = data.group
        if group is None:
            return
        # A form not built yet is built with the data as it is then.
        if "tab-group" in self._built and (not self._filled or not self.group_form_changed()):
            self._fill_group_form()
            self._filled = True
        if "tab-venues" in self._built:
            self._fill_venues()

    def _fill_group_form(self) -> None:
        data = coordinator_app(self).data()
        group = data.group
        assert group is not None
        self.query_one(GroupForm).fill(group)
        venue_select = self.query_one("#group-venue", Select)
        venue_select.set_options([(safe(v.name), v.id) for v in data.venues])
        if group.default_venue_id and data.venue(group.default_venue_id):
            venue_select.value = group.default_venue_id
        deputy_select = self.query_one("#group-deputy", Select)
        deputy_select.set_options(_deputy_options(data))
        if group.deputy_member_id and data.member(group.deputy_member_id):
            deputy_select.value = group.deputy_member_id

    def _fill_venues(self) -> None:
        refill_table(
            self.query_one("#venues", DataTable),
            (
                (
                    venue.id,
                    [
                        safe(venue.name),
                        safe(venue.address),
                        safe(venue.access_notes.replace("\n", " ")),
                    ],
                )
                for venue in coordinator_app(self).data().venues
            ),
        )

    def _fill_themes(self) -> None:
        themes = self.query_one("#themes", OptionList)
        app = self.app
        themes.clear_options()
        available = app.available_themes
        names = sorted(available, key=lambda n: (n not in _PLAIN_THEMES, theme_label(n, True)))
        for name in names:
            words = theme_label(name, available[name].dark)
            label = f"● {words} (in use)" if name == app.theme else f"  {words}"
            themes.add_option(Option(Text(label), id=name))
        if app.theme in names:
            themes.highlighted = names.index(app.theme)

    # -- group details ---------------------------------------------------------------

    def action_save(self) -> None:
        """Save the form on the tab on show."""
        if self._tab == "tab-reminders":
            self.action_save_reminders()
        elif self._tab == "tab-messages":
            self.action_save_messages()
        else:
            self.action_save_group()

    def action_save_reminders(self) -> None:
        """Save the calendar reminder and the long-gap rule."""
        if "tab-reminders" not in self._built:
            return  # nothing can have been typed before the form is there
        app = coordinator_app(self)
        form = self.query_one(RemindersForm)
        error_line = self.query_one("#reminders-error", Static)
        try:
            settings = form.read(app.store.settings())
        except ValidationError as error:
            form.show_error(error, error_line)
            return

        def write() -> bool:
            app.store.save_settings(settings)  # returns None, so say it worked
            return True

        if app.save(write, done="Reminders saved.") is None:
            return
        form.warning.clear()

    def action_save_messages(self) -> None:
        """Save the message templates and the phone region."""
        from coordinator.tui.widgets.messages_form import MessagesForm

        if "tab-messages" not in self._built:
            return  # nothing can have been typed before the form is there
        app = coordinator_app(self)
        form = self.query_one(MessagesForm)
        try:
            settings = form.typed_settings(app.store.settings())
        except ValidationError as error:
            form.show_error(error, self.query_one("#messages-error", Static))
            return

        def write() -> bool:
            app.store.save_settings(settings)
            return True

        if app.save(write, done="Messages saved.") is None:
            return
        form.warning.clear()

    def action_default_message(self) -> None:
        from coordinator.tui.widgets.messages_form import MessagesForm

        if "tab-messages" in self._built:
            self.query_one(MessagesForm).reset_to_default()

    @on(Button.Pressed, "#reminders-save")
    def _reminders_save_pressed(self) -> None:
        self.action_save_reminders()

    def action_save_group(self) -> None:
        """Save the group form (details, rhythm, coordinator, support line)."""
        app = coordinator_app(self)
        saved = app.data().group
        if saved is None or "tab-group" not in self._built:
            return  # nothing can have been typed before the form is shown
        form = self.query_one(GroupForm)
        error_line = self.query_one("#settings-error", Static)
        try:
            group = self.typed_group(saved)
        except ValidationError as error:
            form.show_error(error, error_line)
            return

        def write() -> bool:
            # save_group returns None; True tells a saved form from a refused one.
            app.store.save_group(group)
            return True

        if app.save(write, done="Group details saved.") is None:
            return
        form.warning.clear()
        if group.rhythm != saved.rhythm:
            self._offer_move(group, saved.rhythm)

    def _offer_move(self, group: Group, previous: Rhythm) -> None:
        """The usual time or rhythm changed: offer to move the planned meetings to it."""
        from coordinator.application.rhythm import move_planned, moves_for
        from coordinator.besttime.notice import draft_change_notice
        from coordinator.tui.modals.slot_choice import NoticeModal

        app = coordinator_app(self)
        try:
            moves = moves_for(app.data(), group.rhythm, app.clock.now(), previous=previous)
        except ValidationError:
            return
        if not moves:
            return
        title = f"Move the {plural(len(moves), 'planned meeting')} to {group.rhythm.describe()}?"
        body = Text()
        # A few, so the question and its buttons fit at 80x24.
        for move in moves[:5]:
            old, new = move.before.starts_at, move.after.starts_at
            body.append(f"{old:%a %d %b %H:%M} → {new:%a %d %b %H:%M}\n")
        if len(moves) > 5:
            body.append(f"and {len(moves) - 5} more\n")
        body.append(
            "Their calendar invites are updated (sequence raised): export them again to "
            "send the new times. Socials and one-offs stay where they are."
        )

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            done = app.save(
                lambda: move_planned(app.store, app.clock.now(), previous=previous),
                done=f"Moved {plural(len(moves), 'planned meeting')}.",
            )
            if done is not None:
                notice = draft_change_notice(app.data(), done)
                app.push_screen(NoticeModal("The planned meetings are moved", notice))

        app.push_screen(ConfirmModal(title, body, yes="Move them"), answered)

    @on(Button.Pressed, "#settings-save")
    def _save_pressed(self) -> None:
        self.action_save_group()

    @on(Input.Submitted, "#settings-form Input, #reminders-form Input")
    def _submitted(self, event: Input.Submitted) -> None:
        # Enter moves on through the form, as on paper; ctrl+s saves.
        event.stop()
        self.focus_next()

    def _chosen(self, selector: str, label: str) -> str | None:
        value = self.query_one(selector, Select).value
        if value is Select.NULL or value == NO_CHOICE:
            return None
        return check_id(value, label)

    # -- venues ----------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Venue keys work on the Venues tab only, saving on the two form tabs only (each
        is hidden elsewhere)."""
        if action in {"add_venue", "edit_venue", "remove_venue"}:
            return self._tab == "tab-venues" and self._tab in self._built
        if action == "save":
            return self._tab in {"tab-group", "tab-reminders", "tab-messages"}
        if action == "default_message":
            return self._tab == "tab-messages" and self._tab in self._built
        return True

    async def action_show_tab(self, which: str) -> None:
        """Show a tab: "next", "previous" (round the end), or one by its pane id; the
        tab row takes the focus, so the keys of the screen work at once."""
        tabs = self.query_one(TabbedContent)
        order = [tab for tab, _label in TABS]
        if which in {"next", "previous"}:
            at = order.index(self._tab) if self._tab in order else 0
            which = order[(at + (1 if which == "next" else -1)) % len(order)]
        if which in order:
            tabs.active = which
            # At once, not only when the tab's watcher runs: an action run straight after
            # (the palette's "Settings: Edit venue") finds its tab built and its key on.
            await self._tab_shown(which)
            tabs.query_one(Tabs).focus()

    @on(TabbedContent.TabActivated)
    def _tab_changed(self) -> None:
        self.refresh_bindings()

    def _selected_venue(self) -> Venue | None:
        table = self.query_one("#venues", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return coordinator_app(self).data().venue(key)

    def action_add_venue(self) -> None:
        """Add a venue."""
        self.app.push_screen(VenueForm(None), self._venue_written)

    def action_edit_venue(self) -> None:
        """Edit the selected venue."""
        venue = self._selected_venue()
        if venue is None:
            self.app.notify("There is no venue to edit yet: press a to add one.")
            return
        self.app.push_screen(VenueForm(venue), self._venue_written)

    @on(DataTable.RowSelected, "#venues")
    def _venue_chosen(self) -> None:
        self.action_edit_venue()

    def _venue_written(self, venue: Venue | None) -> None:
        if venue is None:
            return
        app = coordinator_app(self)
        app.save(lambda: app.store.save_venue(venue), done=f"Saved venue {venue.name}.")

    def action_remove_venue(self) -> None:
        """Remove the selected venue (after asking)."""
        venue = self._selected_venue()
        if venue is None:
            self.app.notify("There is no venue to remove.")
            return
        app = coordinator_app(self)
        used = sum(1 for m in app.data().meetings if m.venue_id == venue.id)
        title = Text("Remove venue ")
        title.append_text(safe(venue.name))
        title.append("?")
        body = Text(
            f"{plural(used, 'meeting')} {'was' if used == 1 else 'were'} there; "
            f"{'it keeps the name as its' if used == 1 else 'they keep the name as their'} "
            "place."
            if used
            else "No meetings were there."
        )

        def answered(yes: bool | None) -> None:
            if yes:
                app.save(lambda: app.store.delete_venue(venue.id), done="Venue removed.")

        self.app.push_screen(ConfirmModal(title, body, yes="Remove"), answered)

    # -- theme -----------------------------------------------------------------------

    @on(OptionList.OptionSelected, "#themes")
    def _theme_chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.app.theme = event.option.id
            self._fill_themes()
