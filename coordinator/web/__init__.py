"""The app in a browser tab on this laptop: ``coordinator web``.

``server`` serves the same Textual app with textual-serve on 127.0.0.1 only, behind a
fresh key per run with Host and Origin checked (``guard`` holds those rules, pure);
``page`` is the tab's own page, which loads nothing from the internet; ``child`` is the
app process behind one tab, which closes when its server goes. Only ``coordinator web``
imports this package's server, so nothing else loads aiohttp or textual-serve.
"""
