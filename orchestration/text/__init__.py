"""Chinese-text primitives shared by parse and extract (pure, no I/O beyond bundled tables)."""
