"""Every path the program uses, in one place."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "advisor-tui"
DB_ENV = "ADVISOR_TUI_DB"
HOME_ENV = "ADVISOR_TUI_HOME"


def package_data_dir() -> Path:
    """The shipped `data/` folder: inside the wheel, or beside the package in a checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "data", here.parent / "data"):
        if (candidate / "municipalities.csv").is_file():
            return candidate
    return here.parent / "data"


@dataclass(frozen=True)
class Locations:
    """Where the user's files live. `ADVISOR_TUI_HOME` moves all of them (tests, kiosks)."""

    data_dir: Path
    config_dir: Path
    export_dir: Path

    @property
    def default_db(self) -> Path:
        return self.data_dir / "advisor.sqlite3"

    @property
    def demo_db(self) -> Path:
        return self.data_dir / "demo.sqlite3"

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.toml"


def locations() -> Locations:
    home = os.environ.get(HOME_ENV)
    if home:
        base = Path(home).expanduser()
        return Locations(base / "data", base / "config", base / "exports")
    import platformdirs

    return Locations(
        Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
        Path(platformdirs.user_documents_dir()) / APP_NAME,
    )


def resolve_db(cli_value: Path | None, *, demo: bool = False) -> Path:
    """The database to open: `--db`, then the environment, then the default (or the demo)."""
    if cli_value is not None:
        return cli_value.expanduser()
    if demo:
        return locations().demo_db
    env = os.environ.get(DB_ENV)
    if env:
        return Path(env).expanduser()
    return locations().default_db
