"""Calendar invites (.ics) that real calendars recognise: the upcoming meetings, one
meeting, the standing series and cancellations (:mod:`.ics`), each meeting as an event
(:mod:`.event`), the series' recurrence rule and its exceptions (:mod:`.series`), and the
time zone definitions a file carries (:mod:`.vtimezone`). Pure: the group's data and an
explicit ``now`` in, the file's text out; writing it to disk is the caller's job.
Callers import the module: ``from coordinator.invites import ics``."""
