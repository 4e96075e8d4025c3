"""Widgets that screens are built from: attendance marks and the register grid, the
attendance chart, the dashboard's check-in list, and the group details and reminders
forms (used by the first-run setup and Settings). Each is imported by the screen that
uses it, not here, so the app's first frame loads only what it shows."""
