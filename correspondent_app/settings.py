"""Where the user's data lives (registry, backups, logs, keys)."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "correspondent-app"


def data_dir() -> Path:
    """The user's data folder; ``CORRESPONDENT_APP_HOME`` overrides it (tests, portable use)."""
    override = os.environ.get("CORRESPONDENT_APP_HOME")
    return Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_registry_path() -> Path:
    return data_dir() / "registry.sqlite"


def demo_registry_path() -> Path:
    return data_dir() / "demo-registry.sqlite"


def log_dir() -> Path:
    return data_dir() / "logs"
