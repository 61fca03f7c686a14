"""The command line.

Plain `advisor-tui` (with `--db`, `--lang`, `--demo`) starts the workstation without building the
command tree; every other use goes through Typer (`advisor_tui.commands.root`). The Textual app
is imported only when the workstation starts.
"""

from __future__ import annotations

import sys
from functools import cache
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

from advisor_tui.i18n import LANGUAGES, set_language, t
from advisor_tui.models.errors import AdvisorError
from advisor_tui.models.user_settings import load_settings, save_settings
from advisor_tui.paths import locations

if TYPE_CHECKING:
    import typer

    from advisor_tui.commands.common import Options


def root_options(db: Path | None, lang: str | None, demo: bool) -> Options:
    """The root options: the settings file read, `--lang` checked and remembered."""
    from advisor_tui.commands.common import Options, err, fail

    settings_file = locations().settings_file
    try:
        settings = load_settings(settings_file)
    except AdvisorError as exc:
        fail(exc)
    set_language(settings.language if settings.language in LANGUAGES else "fi")
    if lang is not None:
        if lang not in LANGUAGES:
            fail(AdvisorError("i18n.unknown_language", language=lang))
        if settings.language != lang:
            settings.language = lang
            try:
                save_settings(settings_file, settings)
            except OSError:
                err.print(t("cli.settings_not_saved", path=str(settings_file)), markup=False)
    if settings.language not in LANGUAGES:
        settings.language = "fi"
    set_language(settings.language)
    return Options(db, demo, settings)


def run_tui(options: Options) -> None:
    """Open the database, purge what is due, and run the workstation until it is closed."""
    from advisor_tui.commands.common import fail, open_store
    from advisor_tui.models.instance_lock import InstanceLock
    from advisor_tui.models.retention import purge_due

    store = open_store(options)
    notices = []
    if store.is_demo:
        from advisor_tui.commands.demo import first_use_notices

        notices += first_use_notices(store)
    try:
        purged = purge_due(store)
    except AdvisorError as exc:
        from advisor_tui.i18n import catalogue

        notices.append(catalogue().error(exc))
        purged = 0
    if purged:
        notices.append(t("cli.purged", count=purged))
    if store.backup_path is not None:
        notices.append(t("cli.migrated", path=str(store.backup_path)))
    lock = InstanceLock(store.path)
    if not lock.acquire():
        notices.append(t("store.other_instance", pid=lock.other_pid or "?"))
    from advisor_tui.app import AdvisorApp
    from advisor_tui.models.reference import shipped_reference

    try:
        reference = shipped_reference()
    except AdvisorError as exc:
        lock.release()
        store.close()
        fail(exc)

    def questionnaire_check() -> list[str]:
        from advisor_tui.i18n import catalogue
        from advisor_tui.models.questionnaire import load_questionnaire

        loaded = load_questionnaire(reference=reference)
        return [] if loaded.error is None else [catalogue().error(loaded.error)]

    try:
        AdvisorApp(
            store,
            options.settings,
            reference=reference,
            notices=notices,
            checks=[questionnaire_check],
        ).run()
    finally:
        lock.release()
        store.close()


# Each area's commands: a module with `register(app: typer.Typer) -> None`.
AREA_COMMANDS: tuple[str, ...] = (
    "advisor_tui.commands.sync",
    "advisor_tui.commands.training",
    "advisor_tui.commands.report",
    "advisor_tui.commands.meetings",
    "advisor_tui.commands.callbacks",
    "advisor_tui.commands.directory",
    "advisor_tui.commands.assessment",
    "advisor_tui.commands.demo",
    "advisor_tui.commands.trust",
)


@cache
def command_tree() -> typer.Typer:
    """The whole command tree: the root commands and every area's commands (built once)."""
    from advisor_tui.commands.root import build_root

    tree = build_root()
    for module in AREA_COMMANDS:
        import_module(module).register(tree)
    return tree


def __getattr__(name: str) -> Any:
    """`app`, the Typer command tree, is built on first use."""
    if name == "app":
        return command_tree()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def plain_start(argv: list[str]) -> tuple[Path | None, str | None, bool] | None:
    """`--db`, `--lang` and `--demo` when they are all the arguments, else None.

    Starting the workstation is the common case and needs none of the sub-commands, so it
    skips building the whole command tree; anything else (help, a command, a typo) goes
    through Typer as usual.
    """
    db: Path | None = None
    lang: str | None = None
    demo = False
    words = iter(argv)
    for word in words:
        name, equals, value = word.partition("=")
        if word == "--demo":
            demo = True
            continue
        if name not in ("--db", "--lang"):
            return None
        if not equals:
            value = next(words, "")
        if not value or value.startswith("-"):
            return None
        if name == "--db":
            db = Path(value)
        else:
            lang = value
    return db, lang, demo


def main() -> None:
    start = plain_start(sys.argv[1:])
    if start is None:
        command_tree()()
        return
    try:
        run_tui(root_options(*start))
    except Exception as exc:
        import typer

        if isinstance(exc, typer.Exit):
            sys.exit(exc.exit_code)
        raise
