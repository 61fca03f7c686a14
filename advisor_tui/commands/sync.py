"""`advisor-tui export bundle`, `import bundle` and `sync conflicts|resolve`."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from advisor_tui.commands.common import fail, open_store, out
from advisor_tui.i18n import t
from advisor_tui.models.errors import AdvisorError


@contextmanager
def progress_bar(label: str) -> Iterator[Callable[[int, int], None]]:
    """A Rich progress bar on a terminal, nothing when the output goes to a pipe or a file;
    `report(done, total)` from `with progress_bar(text) as report:` moves it (a total of 0: the
    end is not known, the bar just shows that work goes on)."""
    from rich.progress import Progress

    with Progress(console=out, disable=not out.is_terminal, transient=True) as shown:
        task = shown.add_task(label, total=None)
        yield lambda done, total: shown.update(task, completed=done, total=total or None)


export_app = typer.Typer(help=t("sync.export_help"), no_args_is_help=True)
import_app = typer.Typer(help=t("sync.import_help"), no_args_is_help=True)
sync_app = typer.Typer(help=t("sync.sync_help"), no_args_is_help=True)


@export_app.command("bundle", help=t("sync.bundle_export_help"))
def export_bundle_command(
    ctx: typer.Context,
    out_file: Annotated[Path, typer.Option("--out", help=t("sync.opt_out"))],
    since: Annotated[str | None, typer.Option("--since", help=t("sync.opt_since"))] = None,
) -> None:
    from advisor_tui.models.bundles import export_bundle
    from advisor_tui.models.clock import parse_date

    store = open_store(ctx.obj)
    try:
        day = parse_date(since, "since") if since else None
        with progress_bar(t("sync.progress_export")) as report:
            summary = export_bundle(store, out_file, day, progress=report)
    except AdvisorError as exc:
        fail(exc)
    finally:
        store.close()
    out.print(t("sync.exported", count=summary.total, path=str(summary.path)), markup=False)


@export_app.command("calls", help=t("export.calls_help"))
def export_calls_command(
    ctx: typer.Context,
    first: Annotated[str, typer.Option("--from", help=t("export.opt_from"))],
    out_file: Annotated[Path, typer.Option("--out", help=t("sync.opt_out"))],
    last: Annotated[str | None, typer.Option("--to", help=t("export.opt_to"))] = None,
    advisor: Annotated[str | None, typer.Option("--advisor", help=t("export.opt_advisor"))] = None,
    file_format: Annotated[str, typer.Option("--format", help=t("export.opt_format"))] = "csv",
    delimiter: Annotated[str, typer.Option("--delimiter", help=t("export.opt_delimiter"))] = ";",
    include_notes: Annotated[
        bool, typer.Option("--include-notes", help=t("export.opt_include_notes"))
    ] = False,
) -> None:
    from advisor_tui.i18n import catalogue
    from advisor_tui.models.call_log import COLUMNS, NOTE_COLUMNS, export_call_log
    from advisor_tui.models.clock import parse_date
    from advisor_tui.models.reference import shipped_reference

    language = catalogue().language
    headers = {c: t(f"export.col.{c}") for c in (*COLUMNS, *NOTE_COLUMNS)}
    headers.update(
        {
            k: t(f"export.{k}")
            for k in (
                "sheet_contacts",
                "sheet_totals",
                "total_day",
                "total_contacts",
                "total_consultations",
                "total_minutes",
            )
        }
    )
    store = open_store(ctx.obj)
    try:
        start = parse_date(first, "from")
        end = parse_date(last, "to") if last else start
        with progress_bar(t("export.progress")) as report:
            result = export_call_log(
                store,
                shipped_reference(),
                out_file,
                start,
                end,
                file_format=file_format,
                headers=headers,
                advisor=advisor.upper() if advisor else None,
                include_notes=include_notes,
                delimiter=delimiter,
                language=language,
                progress=report,
            )
    except AdvisorError as exc:
        fail(exc)
    finally:
        store.close()
    out.print(t("export.done", count=result.rows, path=str(result.path)), markup=False)


@import_app.command("bundle", help=t("sync.bundle_import_help"))
def import_bundle_command(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help=t("sync.arg_file"))],
) -> None:
    from advisor_tui.models.bundles import import_bundle

    store = open_store(ctx.obj)
    try:
        with progress_bar(t("sync.progress_import")) as report:
            summary = import_bundle(store, file, progress=report)
    except AdvisorError as exc:
        fail(exc)
    finally:
        store.close()
    out.print(
        t(
            "sync.imported",
            inserted=summary.inserted,
            updated=summary.updated,
            unchanged=summary.unchanged,
            conflicts=summary.conflicts,
        ),
        markup=False,
    )
    if summary.purged:
        from advisor_tui.commands.trust import label

        items = ", ".join(
            t("sync.purged_item", what=label("subject", what), count=count)
            for what, count in summary.purged.items()
        )
        total = sum(summary.purged.values())
        out.print(t("sync.purged_after_merge", count=total, items=items), markup=False)


@sync_app.command("conflicts", help=t("sync.conflicts_help"))
def conflicts_command(ctx: typer.Context) -> None:
    from advisor_tui.models.sync_conflicts import open_conflicts

    store = open_store(ctx.obj)
    try:
        conflicts = open_conflicts(store)
    finally:
        store.close()
    if not conflicts:
        out.print(t("sync.no_conflicts"), markup=False)
        return
    table = Table(
        t("sync.col_id"),
        t("sync.col_table"),
        t("sync.col_reason"),
        t("sync.col_kept"),
        t("sync.col_other"),
    )
    for conflict in conflicts:
        table.add_row(
            Text(conflict.id),
            Text(conflict.table),
            Text(t(f"sync.conflict.{conflict.reason}")),
            Text(f"{conflict.kept['updated_at']} {conflict.kept.get('updated_by', '')}"),
            Text(f"{conflict.other['updated_at']} {conflict.other.get('updated_by', '')}"),
        )
    out.print(table)


@sync_app.command("resolve", help=t("sync.resolve_help"))
def resolve_command(
    ctx: typer.Context,
    conflict_id: Annotated[str, typer.Argument(help=t("sync.arg_conflict"))],
    keep: Annotated[str, typer.Option("--keep", help=t("sync.opt_keep"))] = "kept",
) -> None:
    from advisor_tui.models.sync_conflicts import resolve_conflict

    if keep not in ("kept", "other"):
        fail(AdvisorError("sync.bad_keep", value=keep))
    store = open_store(ctx.obj)
    try:
        resolve_conflict(store, conflict_id, keep_other=keep == "other")
    except AdvisorError as exc:
        fail(exc)
    finally:
        store.close()
    out.print(t("sync.resolved"), markup=False)


@sync_app.command("window", help=t("sync.window_help"))
def window_command(
    ctx: typer.Context,
    seconds: Annotated[str | None, typer.Argument(help=t("sync.arg_seconds"))] = None,
) -> None:
    from advisor_tui.models.sync_conflicts import conflict_window, set_conflict_window

    store = open_store(ctx.obj)
    try:
        value = set_conflict_window(store, seconds) if seconds is not None else None
        current = conflict_window(store)
    except AdvisorError as exc:
        fail(exc)
    finally:
        store.close()
    key = "sync.window_set" if value is not None else "sync.window_is"
    out.print(t(key, seconds=current), markup=False)


def register(app: typer.Typer) -> None:
    app.add_typer(export_app, name="export")
    app.add_typer(import_app, name="import")
    app.add_typer(sync_app, name="sync")
