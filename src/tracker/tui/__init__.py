"""The full-screen TUI (Textual). The only package that imports Textual; nothing imports it
eagerly, so the CLI pays for Textual only when the TUI opens."""
