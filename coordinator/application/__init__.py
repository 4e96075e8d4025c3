"""Write flows that the command line and the app share, written once: each takes the open
:class:`~coordinator.store.Store`, the inputs a screen or a command collected, and an
explicit ``today`` or ``now``, saves what the flow changes and returns what to say. Screens
and modals only collect input and show results; commands only parse options and print.
Here: the side effects of a calendar export (:mod:`.calendar_export`) and marking
attendance (:mod:`.attendance`); logging a check-in (:mod:`.contacts`) and planning or
moving meetings (:mod:`.meetings`) join them. No Textual and no click here.
"""
