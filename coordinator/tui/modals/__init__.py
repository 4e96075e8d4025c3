"""Modal screens that collect one thing and hand it back with ``dismiss``: the form
base (:mod:`.form`), member, meeting, venue and outreach forms, a reason picker, a
confirmation, and the calendar export. Each is imported where it is opened, not here,
so the app's first frame loads only what it shows."""
