"""Knobs of an online check. Plain data: building one imports no HTTP library."""

from __future__ import annotations

from dataclasses import dataclass

# A current desktop browser: sites answer bots with 403 walls far more often than browsers,
# and a link report full of false alarms is worse than none. `--user-agent` overrides it.
DEFAULT_USER_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
BROWSER_HEADERS = {
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "Accept-Language": "en-US,en;q=0.9",
}

# HTTP engines under httpx's API; see benchmarks/link_audit.py for the measurements behind
# the default (httpx's own transport costs several times more CPU per request).
ENGINES = ("aiohttp", "httpx")


@dataclass(frozen=True, slots=True)
class CheckSettings:
    # Requests in flight overall, and per host name (politeness: keep it small).
    concurrency: int = 32
    per_host: int = 4
    # Seconds per request (connect + headers + the capped body read).
    timeout: float = 10.0
    # Extra attempts for transient failures (429, 5xx, resets), after the first one.
    retries: int = 2
    # Seconds for the whole run; URLs not finished by then are reported `timeout`.
    deadline: float | None = 600.0
    max_redirects: int = 10
    # A `Retry-After` longer than this is not slept on: the URL is reported `rate-limited`.
    max_retry_after: float = 60.0
    # Exponential backoff with jitter: about base * 2**attempt seconds, capped.
    backoff_base: float = 0.5
    backoff_cap: float = 20.0
    # Body bytes read at most per GET (enough to recognise a bot wall page).
    body_cap: int = 4096
    user_agent: str = DEFAULT_USER_AGENT
    engine: str = "aiohttp"
    # One connection pool per host instead of one shared pool. Measured: no difference with
    # the aiohttp engine once the checker's own semaphores bound what is in flight (it saves
    # 15-25% CPU with httpx's own transport), so the simpler shared pool is the default.
    client_per_host: bool = False

    def __post_init__(self) -> None:
        if self.concurrency < 1 or self.per_host < 1:
            raise ValueError("concurrency and per-host limits must be at least 1")
        if self.timeout <= 0 or (self.deadline is not None and self.deadline <= 0):
            raise ValueError("timeout and deadline must be positive")
        if self.retries < 0 or self.max_redirects < 0:
            raise ValueError("retries and max_redirects must not be negative")
        if self.engine not in ENGINES:
            raise ValueError(f"unknown engine {self.engine!r}; use one of {', '.join(ENGINES)}")

    @property
    def headers(self) -> dict[str, str]:
        return {"User-Agent": self.user_agent, **BROWSER_HEADERS}
