"""Screens: the main screen (which owns the workers) and its modals."""
