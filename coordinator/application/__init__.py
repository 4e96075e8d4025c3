"""The application layer: write flows shared by the command line and the app (export,
log a contact, plan, mark, import a roster). Each flow takes the store and plain values,
does the work through services and saves in one step; screens and commands only collect
input and show results.
"""
