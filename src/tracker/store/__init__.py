"""Data layer: the only code that talks SQL. Returns plain read models from `tracker.domain`."""
