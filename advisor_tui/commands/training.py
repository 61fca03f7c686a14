"""`advisor-tui training …`: the exercises, checking a trainer's own file, the results summary."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from advisor_tui.commands.common import err, fail, open_store, out
from advisor_tui.i18n import catalogue, t
from advisor_tui.models.errors import AdvisorError, ReferenceDataError
from advisor_tui.models.store import Store

FORMATS = ("table", "csv")
COLUMNS = ("trainee", "attempts", "exercises", "passed", "average", "best", "missed")


def summary_rows(store: Store) -> list[tuple[str, ...]]:
    """One row per trainee, in the columns of COLUMNS, as the user reads them."""
    from advisor_tui.models.reference import shipped_reference
    from advisor_tui.models.training_feedback import Labels, service_names
    from advisor_tui.models.training_results import summary

    language = catalogue().language
    labels = Labels(shipped_reference(), language, service_names(store, language))
    rows: list[tuple[str, ...]] = []
    for trainee in summary(store):
        best = ", ".join(f"{key} {score}" for key, score in sorted(trainee.best.items()))
        missed = ", ".join(
            t("training.cli.missed_count", label=labels.described(item), count=count)
            for item, count in trainee.most_missed
        )
        rows.append(
            (
                trainee.trainee or "–",
                str(trainee.attempts),
                str(trainee.exercises),
                str(trainee.passed),
                str(trainee.average),
                best,
                missed or "–",
            )
        )
    return rows


def print_summary(store: Store, fmt: str) -> None:
    rows = summary_rows(store)
    headers = [t(f"training.cli.col_{column}") for column in COLUMNS]
    if fmt == "csv":
        import csv
        import io

        from advisor_tui.models.spreadsheet_cells import neutralise_cell

        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
        writer.writerow(headers)
        writer.writerows([[neutralise_cell(cell) for cell in row] for row in rows])
        out.print(buffer.getvalue(), end="", markup=False)
        return
    if not rows:
        out.print(t("training.cli.summary_empty"), markup=False)
        return
    from rich.table import Table
    from rich.text import Text

    table = Table(*headers[:5])
    for row in rows:
        table.add_row(*(Text(cell) for cell in row[:5]))
    out.print(table)
    for row in rows:
        out.print(f"{row[0]} · {headers[5]}: {row[5]}", markup=False)
        out.print(f"{row[0]} · {headers[6]}: {row[6]}", markup=False)


def _print_errors(errors: tuple[ReferenceDataError, ...]) -> None:
    for error in errors:
        err.print(catalogue().error(error), markup=False)


def register(app: typer.Typer) -> None:
    training = typer.Typer(
        name="training", help=t("training.cli.help"), no_args_is_help=True, rich_markup_mode=None
    )

    @training.command("list", help=t("training.cli.list_help"))
    def list_command() -> None:
        from advisor_tui.models.training import load_exercises

        loaded = load_exercises()
        language = catalogue().language
        if not loaded.exercises:
            out.print(t("training.cli.list_empty"), markup=False)
        for exercise in loaded.exercises:
            out.print(
                "\t".join((exercise.id, exercise.title_in(language), exercise.file)), markup=False
            )
        if loaded.errors:
            err.print(t("training.messages.load_errors"), markup=False)
            _print_errors(loaded.errors)
            raise typer.Exit(1)

    @training.command("check", help=t("training.cli.check_help"))
    def check_command(
        file: Annotated[Path, typer.Argument(help=t("training.cli.arg_file"))],
    ) -> None:
        from advisor_tui.models.training import check_file

        try:
            exercise = check_file(file)
        except AdvisorError as exc:
            fail(exc)
        out.print(
            t(
                "training.cli.valid",
                file=file.name,
                id=exercise.id,
                title=exercise.title_in(catalogue().language),
                count=len(exercise.expectations),
            ),
            markup=False,
        )

    @training.command("summary", help=t("training.cli.summary_help"))
    def summary_command(
        ctx: typer.Context,
        fmt: Annotated[str, typer.Option("--format", help=t("training.cli.opt_format"))] = "table",
    ) -> None:
        if fmt not in FORMATS:
            err.print(t("training.cli.bad_format", value=fmt), markup=False)
            raise typer.Exit(2)
        store = open_store(ctx.obj)
        try:
            print_summary(store, fmt)
        finally:
            store.close()

    app.add_typer(training)
