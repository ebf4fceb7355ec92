"""Command-line front end (Typer)."""

from __future__ import annotations


def main() -> None:
    from tracker.cli.app import app

    app()
