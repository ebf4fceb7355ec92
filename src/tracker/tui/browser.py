"""Opening links: only absolute http(s) URLs, and never a console browser.

`webbrowser` falls back to lynx/w3m when there is no graphical browser; started from inside the
TUI, one would fight it for the terminal. Then we decline and the caller shows the URL instead.
"""

from __future__ import annotations

import webbrowser

from tracker.catalog.text import is_web_url

__all__ = ["is_web_url", "open_url"]

CONSOLE_BROWSERS = frozenset({"lynx", "w3m", "links", "elinks", "www-browser", "browsh"})


def open_url(url: str) -> bool:
    """Open `url` in a graphical browser; False when it is not http(s) or none is available."""
    if not is_web_url(url):
        return False
    try:
        browser = webbrowser.get()
    except webbrowser.Error:
        return False
    if getattr(browser, "name", "") in CONSOLE_BROWSERS:
        return False
    return bool(browser.open(url))
