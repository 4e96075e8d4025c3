"""Finding a time and place that suits everyone (DESIGN.md §8).

- :mod:`~coordinator.besttime.availability`: availability written in plain words
  ("not Mondays, not after 4pm") read into rules; what is not understood is kept.
  The rules themselves are in :mod:`~coordinator.besttime.rules`, the words and how
  text is cut into them in :mod:`~coordinator.besttime.words`.
- :mod:`~coordinator.besttime.access`: access facts of venues and access needs of
  members, read from their notes the same way, and matched.
- :mod:`~coordinator.besttime.slots`: candidate slots (weekday x start time x venue)
  ranked by who can come, with who cannot and why in their own words.
- :mod:`~coordinator.besttime.tally`: the replies gathered by WhatsApp (yes / maybe /
  no per proposed date or slot), kept in the settings.
- :mod:`~coordinator.besttime.notice`: the change notice drafted for the group.

All pure: no clock, no disk, no Textual.
"""
