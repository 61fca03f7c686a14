"""The root of the command tree: the options every command shares, `setup` and `locate`.

Built by `advisor_tui.cli.command_tree` when a command or the help is asked for.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from advisor_tui import __version__
from advisor_tui.cli import root_options, run_tui
from advisor_tui.commands.common import Options, fail, open_store, out
from advisor_tui.i18n import LANGUAGES, set_language, t
from advisor_tui.models.errors import AdvisorError
from advisor_tui.models.user_settings import load_settings
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


def build_root() -> typer.Typer:
    """The root command with `setup` and `locate`; help texts in the language asked for."""
    set_language(_startup_language())
    root = typer.Typer(
        name="advisor-tui",
        help=t("cli.help"),
        no_args_is_help=False,
        add_completion=False,
        rich_markup_mode=None,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    root.callback(invoke_without_command=True)(main_callback)
    root.command("setup", help=t("cli.setup_help"))(setup_command)
    root.command("locate", help=t("cli.locate_help"))(locate_command)
    return root


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
    ctx.obj = root_options(db, lang, demo)
    if ctx.invoked_subcommand is None:
        run_tui(ctx.obj)


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


def locate_command(ctx: typer.Context) -> None:
    where = locations()
    options: Options = ctx.obj
    out.print(f"{t('cli.locate_db')}: {resolve_db(options.db, demo=options.demo)}", markup=False)
    out.print(f"{t('cli.locate_demo')}: {where.demo_db}", markup=False)
    out.print(f"{t('cli.locate_settings')}: {where.settings_file}", markup=False)
    out.print(f"{t('cli.locate_exports')}: {where.export_dir}", markup=False)
