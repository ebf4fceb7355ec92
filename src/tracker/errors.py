"""The one base class front ends catch: any `TrackerError` is a user-facing, one-line message."""


class TrackerError(Exception):
    """`str(err)` is a complete one-line message; `exit_code` is what the CLI exits with."""

    exit_code: int = 1
