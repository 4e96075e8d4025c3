"""The ``coordinator`` command line (click). :mod:`.root` holds the command group,
``--db`` and ``locate``; the commands live in modules by what they work on:
:mod:`.files` (import, export, demo, backup, restore, doctor: whole files) and
:mod:`.outputs` (at-risk, report, ics: things made from the records). Commands import
what they need when they run, and never Textual. ``from coordinator.cli import main``
gives the group."""

from coordinator.cli.root import (
    Context,
    main,
    now_utc,
    parse_day,
    pass_context,
    run_app,
)

__all__ = [
    "Context",
    "main",
    "now_utc",
    "parse_day",
    "pass_context",
    "run_app",
]
