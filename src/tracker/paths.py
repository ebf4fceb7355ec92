"""Where tracker keeps its files. Nothing is created at import time."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

APP_NAME = "tracker"
DB_ENV = "TRACKER_DB"
CONFIG_ENV = "TRACKER_CONFIG"


def default_db_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False) / "tracker.db"


def db_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """`--db` beats `TRACKER_DB`, which beats the platform data directory."""
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get(DB_ENV)
    if env:
        return Path(env).expanduser()
    return default_db_path()


def config_path() -> Path:
    env = os.environ.get(CONFIG_ENV)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False) / "config.toml"


def packaged_catalog() -> Path:
    """The catalog shipped in the wheel; in a source checkout, the repo's seed/papers.yaml."""
    packaged = resources.files("tracker") / "data" / "papers.yaml"
    if packaged.is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "seed" / "papers.yaml"
