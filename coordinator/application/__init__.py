"""The application layer: write flows shared by the command line and the app, written once
(export side effects, log a contact, plan and move meetings, mark attendance, import a
roster). Each flow takes the open :class:`~coordinator.store.Store`, the plain values a
screen or a command collected and an explicit ``today`` or ``now``, does the work through
services and saves in one step; screens and commands only collect input and show results.
Here, among others: :mod:`.calendar_export` (what an export changes), :mod:`.attendance`
(marking), :mod:`.contacts` (logging a check-in), :mod:`.meetings`. No Textual, no click.
"""
