"""The ``coordinator`` command line (click). :mod:`.root` holds the command group,
``--db`` and ``locate``, and names every command in ``COMMANDS`` (loaded when run); the commands
live in modules by what they work on: :mod:`.files` (import, export, demo, backup,
restore, doctor: whole files) and :mod:`.outputs` (at-risk, report, ics: things made from
the records). What they share (the :class:`Context`, date options, opening the app) is
the leaf :mod:`.context`: a command module imports that, never this package or
:mod:`.root`, so no import goes round in a circle. Commands import what they need when
they run, and never Textual. ``from coordinator.cli import main`` gives the group.
"""

from coordinator.cli.context import Context, now_utc, parse_day, pass_context, run_app
from coordinator.cli.root import main

__all__ = ["Context", "main", "now_utc", "parse_day", "pass_context", "run_app"]
