"""Errors the data layer raises; each message is one line a front end can print as is."""

from tracker.errors import TrackerError


class StoreError(TrackerError, RuntimeError):
    """Base class: `str(err)` is a complete, one-line, user-facing message."""


class NotADatabaseError(StoreError):
    pass


class NewerSchemaError(StoreError):
    pass


class DatabaseBusyError(StoreError):
    pass
