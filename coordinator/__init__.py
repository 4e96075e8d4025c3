"""coordinator: a terminal app for the volunteer who coordinates a peer support group."""

__version__ = "0.1.0"
