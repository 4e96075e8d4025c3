"""Write flows that more than one front end runs (the app's screens, the command line):
each takes the store and plain values, checks them, saves, and says what was done, so
that screens and commands only collect input and show results."""
