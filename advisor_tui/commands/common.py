"""What every command shares: the chosen options, opening the store, reporting errors."""

from __future__ import annotations

from pathlib import Path
from typing import NoReturn

from rich.console import Console

from advisor_tui.i18n import catalogue
from advisor_tui.models.errors import AdvisorError, FieldErrors
from advisor_tui.models.store import Store
from advisor_tui.models.user_settings import UserSettings
from advisor_tui.paths import locations, resolve_db

err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)


class Options:
    """The root command's options, handed to every sub-command as `ctx.obj`."""

    def __init__(self, db: Path | None, demo: bool, settings: UserSettings) -> None:
        self.db = db
        self.demo = demo
        self.settings = settings


def fail(exc: AdvisorError) -> NoReturn:
    """Print the error in the chosen language and stop with a non-zero exit."""
    import typer

    if isinstance(exc, FieldErrors):
        for error in exc.errors:
            err.print(catalogue().error(error), markup=False)
    else:
        err.print(catalogue().error(exc), markup=False)
    raise typer.Exit(1)


def open_store(options: Options) -> Store:
    """Open the chosen database, or stop with the reason in the user's language."""
    path = resolve_db(options.db, demo=options.demo)
    default = options.db is None and path in (locations().default_db, locations().demo_db)
    try:
        return Store.open(path, create_parent=default, kind="demo" if options.demo else "real")
    except AdvisorError as exc:
        fail(exc)
