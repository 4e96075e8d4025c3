"""The Reports screen: pick kind, period and format by keyboard, preview, save, print."""

from __future__ import annotations

import io
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from rich.console import Console
from textual.widgets import Input, Select, Static

from coordinator.model import Meeting
from coordinator.reports import Report, printing
from coordinator.reports.to_rich import to_renderable
from coordinator.store import Store
from coordinator.tui.modals.save_as import SaveAsModal
from coordinator.tui.screens.reports import RenderedOnce, ReportsScreen

from .conftest import SIZE, AppFactory

LONDON = ZoneInfo("Europe/London")


def preview_text(screen: ReportsScreen) -> str:
    body = screen.query_one("#report-body", Static).content
    buffer = io.StringIO()
    Console(file=buffer, width=100, color_system=None).print(body)
    return buffer.getvalue()


def status_text(screen: ReportsScreen) -> str:
    return str(screen.query_one("#report-status", Static).content)


async def test_opens_on_p_with_a_summary_of_the_last_three_months(
    store: Store, app_factory: AppFactory
) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReportsScreen)
        assert screen.query_one("#report-from", Input).value == "2026-08-24"
        assert screen.query_one("#report-to", Input).value == "2026-11-23"
        text = preview_text(screen)
        assert "Tuesday Crew: attendance summary" in text
        # Names are data: markup shown as typed, escapes as symbols.
        assert "[red]Ann[/]" in text
        assert "Evil ␛[31mEscape" in text


async def test_choose_the_service_summary_by_keyboard(
    store: Store, app_factory: AppFactory
) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReportsScreen)
        assert screen.focused is screen.query_one("#report-kind", Select)
        await pilot.press("enter", "down", "down", "enter")
        await pilot.pause()
        assert screen.query_one("#report-kind", Select).value == "service"
        text = preview_text(screen)
        assert "summary for the pain service" in text
        assert "Margaret" not in text and "Ann" not in text


async def test_a_bad_date_is_named_and_the_preview_waits(
    store: Store, app_factory: AppFactory
) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReportsScreen)
        field = screen.query_one("#report-from", Input)
        field.focus()
        field.value = ""
        await pilot.press(*"31/2/2026", "enter")
        await pilot.pause()
        assert "From" in status_text(screen) and "not a real date" in status_text(screen)
        assert screen.report is None
        assert "Fix the choice" in preview_text(screen)


async def test_save_writes_the_chosen_format_to_the_reports_folder(
    store: Store, app_factory: AppFactory, tmp_home: Path, tmp_path: Path
) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReportsScreen)
        screen.query_one("#report-format", Select).value = "csv"
        await pilot.pause()
        screen.query_one("#report-kind", Select).focus()
        await pilot.press("w")
        await pilot.pause()
        # Asked where, with the reports folder's file offered: Enter takes it.
        assert isinstance(app.screen, SaveAsModal)
        await pilot.press("enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        saved = tmp_home / "reports" / "summary-2026-08-24-to-2026-11-23.csv"
        assert saved.is_file()
        assert saved.read_text(encoding="utf-8").startswith("Tuesday Crew: attendance summary")
        assert "Saved" in status_text(screen)
        # Saved where the coordinator chooses; the folder is offered again next time.
        elsewhere = tmp_path / "papers"
        elsewhere.mkdir()
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, SaveAsModal)
        app.screen.query_one("#save-to", Input).value = str(elsewhere / "mine.csv")
        await pilot.press("enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert (elsewhere / "mine.csv").is_file()
        await pilot.press("w")
        await pilot.pause()
        offered = app.screen.query_one("#save-to", Input).value
        assert offered == str(elsewhere / "summary-2026-08-24-to-2026-11-23.csv")


async def test_print_sends_the_sign_in_sheet_as_text(
    store: Store, app_factory: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    printed: list[tuple[Path, bool]] = []

    def fake_print(saved: Path, is_html: bool, report: Report, db: Path | None = None) -> list[str]:
        printed.append((saved, is_html))
        return ["request id is desk-1"]

    monkeypatch.setattr(printing, "print_report", fake_print)
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReportsScreen)
        await pilot.press("enter", "down", "enter")
        await pilot.pause()
        assert not screen.query_one("#report-meeting", Select).disabled
        assert "sign-in sheet" in preview_text(screen)
        await pilot.press("P")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(printed) == 1
        saved, is_html = printed[0]
        assert saved.suffix == ".txt" and not is_html
        assert saved.read_text(encoding="utf-8").startswith("TUESDAY CREW: SIGN-IN SHEET")
        assert "request id is desk-1" in status_text(screen)


async def test_a_print_problem_is_shown_not_raised(
    store: Store, app_factory: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_printer(saved: Path, is_html: bool, report: Report, db: Path | None = None) -> list[str]:
        raise printing.PrintError("There is no `lp` printing command here. Open it and print.")

    monkeypatch.setattr(printing, "print_report", no_printer)
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReportsScreen)
        await pilot.press("P")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "no `lp`" in status_text(screen)
        assert screen.query_one("#report-status", Static).has_class("problem")


async def test_choose_the_meeting_for_a_sign_in_sheet(
    store: Store, app_factory: AppFactory
) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReportsScreen)
        await pilot.press("enter", "down", "enter")
        await pilot.pause()
        assert "Tue 1 Dec 2026" in preview_text(screen)
        # Tab skips the period (not used by a sign-in sheet) to the meeting list.
        await pilot.press("tab", "tab")
        assert screen.focused is screen.query_one("#report-meeting", Select)
        # Planned first, then held meetings newest first: the second is 17 Nov.
        await pilot.press("enter", "down", "down", "enter")
        await pilot.pause()
        assert screen.query_one("#report-meeting", Select).value == "g2"
        text = preview_text(screen)
        assert "Tue 17 Nov 2026" in text and "Tue 1 Dec 2026" not in text


async def test_open_saves_html_and_opens_the_browser(
    store: Store, app_factory: AppFactory, tmp_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[Path] = []

    def fake_open(path: Path) -> bool:
        opened.append(path)
        return True

    monkeypatch.setattr(printing, "open_in_browser", fake_open)
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        await pilot.pause()
        await pilot.press("o")
        await app.workers.wait_for_complete()
        await pilot.pause()
        saved = tmp_home / "reports" / "summary-2026-08-24-to-2026-11-23.html"
        assert opened == [saved]
        assert saved.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


async def test_the_preview_is_built_once_as_the_screen_opens(
    store: Store, app_factory: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coordinator.reports import making
    from coordinator.tui.screens import reports

    built: list[object] = []
    real = making.build_report

    def counting(*args: object, **kwargs: object) -> Report:
        built.append(args)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(reports, "build_report", counting)
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReportsScreen)
        assert "Tuesday Crew: attendance summary" in preview_text(screen)
        assert len(built) == 1
        # Leaving a date field without changing it changes nothing to rebuild...
        screen.query_one("#report-from", Input).focus()
        await pilot.pause()
        await pilot.press("tab")
        await pilot.pause()
        assert len(built) == 1
        # ...while a changed one is previewed at once.
        screen.query_one("#report-from", Input).value = "2026-10-01"
        screen.query_one("#report-from", Input).focus()
        await pilot.pause()
        await pilot.press("tab")
        await pilot.pause()
        assert len(built) == 2
        assert screen.report is not None
        assert "2026-10-01" in screen.report.slug


async def test_the_meeting_list_is_made_when_the_sign_in_sheet_is_chosen(
    store: Store, app_factory: AppFactory
) -> None:
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReportsScreen)
        # A meeting planned while the summary is on show (its list not made yet)...
        planned = Meeting("g9", datetime(2026, 11, 26, 14, 0, tzinfo=LONDON), venue_id="v1")
        app.save(lambda: store.save_meeting(planned))
        await pilot.pause()
        # ...is in it once the sign-in sheet is chosen, first of the planned ones.
        await pilot.press("enter", "down", "enter")
        await pilot.pause()
        assert "Thu 26 Nov 2026" in preview_text(screen)
        await pilot.press("tab", "tab")
        assert screen.focused is screen.query_one("#report-meeting", Select)
        await pilot.press("enter", "down", "enter")
        await pilot.pause()
        assert screen.query_one("#report-meeting", Select).value == "g9"
        # Back to the summary and a meeting removed: the sign-in list drops it when
        # that report is chosen again.
        await pilot.press("shift+tab", "shift+tab")
        assert screen.focused is screen.query_one("#report-kind", Select)
        await pilot.press("enter", "up", "enter")
        await pilot.pause()
        assert "attendance summary" in preview_text(screen)
        app.save(lambda: store.delete_meeting("g9"))
        await pilot.pause()
        await pilot.press("enter", "down", "enter")
        await pilot.pause()
        text = preview_text(screen)
        assert "Thu 26 Nov 2026" not in text and "Tue 1 Dec 2026" in text
        assert screen.query_one("#report-meeting", Select).value == Select.NULL


def test_the_preview_is_drawn_once_for_each_width(store: Store) -> None:
    from coordinator.reports import ReportKind, ReportRequest, build_report, default_period

    today = date(2026, 11, 23)
    start, end = default_period(today)
    report = build_report(
        store.load(), ReportRequest(ReportKind.SUMMARY, start, end, None, {}), today
    )

    def drawn(renderable: object, width: int) -> str:
        buffer = io.StringIO()
        Console(file=buffer, width=width, color_system=None).print(renderable)
        return buffer.getvalue()

    once = RenderedOnce(to_renderable(report))
    # The same lines as the report drawn directly, at each width and again after a
    # change of width.
    for width in (100, 60, 100):
        assert drawn(once, width) == drawn(to_renderable(report), width)


def test_the_preview_is_not_drawn_again_for_the_same_width() -> None:
    from rich.console import ConsoleOptions, RenderResult
    from rich.text import Text

    class Counted:
        draws = 0

        def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
            Counted.draws += 1
            yield Text("a line of the report")

    once = RenderedOnce(Counted())
    console = Console(file=io.StringIO(), width=100, color_system=None)
    options = console.options
    # Textual asks for the height, then the lines (with a height), then the height again.
    list(console.render(once, options))
    list(console.render(once, options.update(height=30)))
    list(console.render(once, options))
    assert Counted.draws == 1
    list(console.render(once, options.update_width(60)))
    assert Counted.draws == 2
