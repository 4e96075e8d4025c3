"""Top-level screens, one per app mode; each is imported only when first shown."""
