"""Reaching people (DESIGN.md §7): nothing here sends anything.

- :mod:`~coordinator.reach.phones`: phone numbers checked and normalised with
  ``phonenumbers`` (the region from a setting, else from the group's timezone);
- :mod:`~coordinator.reach.templates`: the coordinator's message templates and a safe
  placeholder formatter;
- :mod:`~coordinator.reach.messages`: a message for one member or the whole group, from a
  template and the group's data;
- :mod:`~coordinator.reach.links`: ``wa.me``, ``sms:`` and ``mailto:`` links;
- :mod:`~coordinator.reach.qr`: a QR code of a link as half-block text for the terminal;
- :mod:`~coordinator.reach.contacts_out`: the roster as vCard, CSV or a phone list;
- :mod:`~coordinator.reach.roster_in`: a roster read from a spreadsheet CSV or a vCard
  file, previewed before anything is saved.

All of it is pure: data in, text or records out, no I/O and no Textual.
"""
