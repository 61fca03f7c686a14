"""The command line. The Textual app is imported only inside the command that runs it."""

from __future__ import annotations

import sys
from importlib import import_module
from pathlib import Path
from typing import Annotated

import typer

from advisor_tui import __version__
from advisor_tui.commands.common import Options, err, fail, open_store, out
from advisor_tui.i18n import LANGUAGES, set_language, t
from advisor_tui.models.errors import AdvisorError
from advisor_tui.models.user_settings import load_settings, save_settings
from advisor_tui.paths import locations, resolve_db


def _startup_language() -> str:
    """The language for help texts: `--lang` on the command line, else the settings file."""
    argv = sys.argv[1:]
    for index, word in enumerate(argv):
        if word == "--lang" and index + 1 < len(argv) and argv[index + 1] in LANGUAGES:
            return argv[index + 1]
        if word.startswith("--lang=") and word[7:] in LANGUAGES:
            return word[7:]
    try:
        language = load_settings(locations().settings_file).language
    except AdvisorError:
        return "fi"
    return language if language in LANGUAGES else "fi"


set_language(_startup_language())

app = typer.Typer(
    name="advisor-tui",
    help=t("cli.help"),
    no_args_is_help=False,
    add_completion=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback(invoke_without_command=True)
def main_callback(
    ctx: typer.Context,
    db: Annotated[Path | None, typer.Option("--db", help=t("cli.opt_db"))] = None,
    lang: Annotated[str | None, typer.Option("--lang", help=t("cli.opt_lang"))] = None,
    demo: Annotated[bool, typer.Option("--demo", help=t("cli.opt_demo"))] = False,
    version: Annotated[bool, typer.Option("--version", help=t("cli.opt_version"))] = False,
) -> None:
    if version:
        out.print(f"advisor-tui {__version__}", markup=False)
        raise typer.Exit(0)
    settings_file = locations().settings_file
    try:
        settings = load_settings(settings_file)
    except AdvisorError as exc:
        fail(exc)
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
    ctx.obj = Options(db, demo, settings)
    if ctx.invoked_subcommand is None:
        run_tui(ctx.obj)


def run_tui(options: Options) -> None:
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
    from advisor_tui.i18n import catalogue
    from advisor_tui.models.questionnaire import load_questionnaire

    questionnaire = load_questionnaire(reference=reference)
    if questionnaire.error is not None:
        notices.append(catalogue().error(questionnaire.error))
    try:
        AdvisorApp(store, options.settings, reference=reference, notices=notices).run()
    finally:
        lock.release()
        store.close()


@app.command("setup", help=t("cli.setup_help"))
def setup_command(
    ctx: typer.Context,
    name: Annotated[str, typer.Option("--name", help=t("cli.opt_name"))],
    initials: Annotated[str, typer.Option("--initials", help=t("cli.opt_initials"))],
    county: Annotated[str, typer.Option("--county", help=t("cli.opt_county"))],
    municipality: Annotated[
        list[str] | None, typer.Option("--municipality", help=t("cli.opt_municipality"))
    ] = None,
) -> None:
    from advisor_tui.models.reference import shipped_reference
    from advisor_tui.models.team import resolve_team, save_team

    try:
        team = resolve_team(shipped_reference(), name, initials, county, municipality or [])
    except AdvisorError as exc:
        fail(exc)
    store = open_store(ctx.obj)
    try:
        save_team(store, team)
    except AdvisorError as exc:
        fail(exc)
    finally:
        store.close()
    out.print(
        t("cli.setup_done", name=team.advisor_name, count=len(team.municipality_codes)),
        markup=False,
    )


@app.command("locate", help=t("cli.locate_help"))
def locate_command(ctx: typer.Context) -> None:
    where = locations()
    options: Options = ctx.obj
    out.print(f"{t('cli.locate_db')}: {resolve_db(options.db, demo=options.demo)}", markup=False)
    out.print(f"{t('cli.locate_demo')}: {where.demo_db}", markup=False)
    out.print(f"{t('cli.locate_settings')}: {where.settings_file}", markup=False)
    out.print(f"{t('cli.locate_exports')}: {where.export_dir}", markup=False)


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

for _module in AREA_COMMANDS:
    import_module(_module).register(app)


def main() -> None:
    app()
