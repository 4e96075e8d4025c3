"""``python -m coordinator`` runs the same command line as ``coordinator``."""

from coordinator.launch import main

if __name__ == "__main__":
    main()
