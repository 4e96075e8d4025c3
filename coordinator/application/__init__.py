"""The application layer: write flows that the CLI and the app both run (plan, move,
cancel and mark meetings, ...), each once, over the store and the pure services."""
