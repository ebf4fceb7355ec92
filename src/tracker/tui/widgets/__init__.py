"""Widgets of the main screen. They render what they are given and post messages; none of
them reads the database."""
