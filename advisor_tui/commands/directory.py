"""`advisor-tui directory …`: import, export, corrections and search from the command line."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from advisor_tui.commands.common import Options, err, fail, open_store, out
from advisor_tui.i18n import t
from advisor_tui.models.errors import AdvisorError

if TYPE_CHECKING:
    from advisor_tui.models.store import Store


def _print_problems(exc: AdvisorError) -> None:
    from advisor_tui.models.directory_checks import DirectoryImportError

    err.print(
        t(
            "directory.import.rejected",
            file=exc.params.get("file", ""),
            count=exc.params.get("count", 0),
        ),
        markup=False,
    )
    if isinstance(exc, DirectoryImportError):
        for problem in exc.problems[:200]:
            err.print(
                t(
                    "directory.import.problem",
                    file=problem.file,
                    record=problem.record or "-",
                    field=problem.field or "-",
                    problem=t(problem.problem),
                ),
                markup=False,
            )
        if len(exc.problems) > 200:
            err.print(t("directory.import.more", count=len(exc.problems) - 200), markup=False)


def open_directory(options: Options) -> Store:
    """Open the store with the shipped directory loaded, as on first use of the screen."""
    from advisor_tui.models.directory_checks import DirectoryImportError
    from advisor_tui.models.directory_import import ensure_shipped_directory

    store = open_store(options)
    try:
        ensure_shipped_directory(store)
    except AdvisorError as exc:
        store.close()
        err.print(t("directory.error.shipped"), markup=False)
        if not isinstance(exc, DirectoryImportError):
            fail(exc)
        _print_problems(exc)
        raise typer.Exit(1) from exc
    return store


def register(app: typer.Typer) -> None:
    directory = typer.Typer(
        name="directory",
        help=t("directory.cli.help"),
        no_args_is_help=True,
        rich_markup_mode=None,
    )
    app.add_typer(directory, name="directory")

    @directory.command("import", help=t("directory.cli.import_help"))
    def import_command(
        ctx: typer.Context,
        file: Annotated[Path, typer.Argument(help=t("directory.cli.file"))],
        fmt: Annotated[str | None, typer.Option("--format", help=t("directory.cli.format"))] = None,
    ) -> None:
        from advisor_tui.models.directory_checks import DirectoryImportError
        from advisor_tui.models.directory_import import FORMATS, import_file

        if fmt is not None and fmt not in FORMATS:
            fail(AdvisorError("directory.error.format", format=fmt))
        store = open_directory(ctx.obj)
        try:
            counts = import_file(store, file, fmt)
        except DirectoryImportError as exc:
            _print_problems(exc)
            raise typer.Exit(1) from exc
        except AdvisorError as exc:
            fail(exc)
        finally:
            store.close()
        out.print(t("directory.import.done", **counts.as_dict()), markup=False)

    @directory.command("export", help=t("directory.cli.export_help"))
    def export_command(
        ctx: typer.Context,
        out_file: Annotated[Path, typer.Option("--out", help=t("directory.cli.out"))],
    ) -> None:
        from advisor_tui.models.directory_export import export_native

        _write_file(ctx, out_file, export_native, "directory.export.done")

    @directory.command("corrections", help=t("directory.cli.corrections_help"))
    def corrections_command(
        ctx: typer.Context,
        out_file: Annotated[Path, typer.Option("--out", help=t("directory.cli.out"))],
    ) -> None:
        from advisor_tui.models.directory_export import export_feedback

        _write_file(ctx, out_file, export_feedback, "directory.export.feedback_done")

    @directory.command("search", help=t("directory.cli.search_help"))
    def search_command(
        ctx: typer.Context,
        text: Annotated[str, typer.Argument(help=t("directory.cli.text"))] = "",
        municipality: Annotated[
            str | None, typer.Option("--municipality", help=t("directory.cli.municipality"))
        ] = None,
        age: Annotated[int | None, typer.Option("--age", help=t("directory.cli.age"))] = None,
        topic: Annotated[
            list[str] | None, typer.Option("--topic", help=t("directory.cli.topic"))
        ] = None,
        digital: Annotated[
            bool, typer.Option("--digital", help=t("directory.cli.digital"))
        ] = False,
        as_json: Annotated[bool, typer.Option("--json", help=t("directory.cli.json"))] = False,
        limit: Annotated[int, typer.Option("--limit", help=t("directory.cli.limit"))] = 20,
    ) -> None:
        from advisor_tui.models.directory_search import search_services
        from advisor_tui.models.reference import shipped_reference
        from advisor_tui.screens.directory_detail import reason_text

        ref = shipped_reference()
        code = None
        if municipality:
            found = ref.find_municipality(municipality)
            if found is None:
                fail(AdvisorError("directory.error.municipality", name=municipality))
            code = found.code
        for key in topic or []:
            if not ref.is_term("topic", key):
                fail(AdvisorError("directory.error.topic", topic=key))
        if age is not None and not 0 <= age <= 120:
            fail(AdvisorError("directory.error.age"))
        store = open_directory(ctx.obj)
        try:
            hits = search_services(
                store,
                text,
                municipality_code=code,
                age=age,
                topics=topic or (),
                digital_only=digital,
                limit=max(1, min(limit, 500)),
            )
        except AdvisorError as exc:
            fail(exc)
        finally:
            store.close()
        if as_json:
            out.print(
                json.dumps([asdict(h) for h in hits], ensure_ascii=False, indent=1), markup=False
            )
            return
        if not hits:
            out.print(t("directory.search.none"), markup=False)
            return
        for rank, hit in enumerate(hits, start=1):
            marks = []
            if hit.digital:
                marks.append(t("directory.mark.digital"))
            if hit.stale:
                marks.append(t("directory.mark.stale"))
            if hit.status == "temporarily_closed":
                marks.append(t("directory.status.temporarily_closed"))
            head = f"{rank:>3}. {hit.name}"
            if hit.organisation:
                head += f" – {hit.organisation}"
            out.print(head, markup=False)
            why = ", ".join(reason_text(r) for r in hit.reasons)
            out.print(f"     {why}{' · ' + ', '.join(marks) if marks else ''}", markup=False)


def _write_file(
    ctx: typer.Context, out_file: Path, write: Callable[[Store, Path], int], done_key: str
) -> None:
    """Write one export file from the store and say how many services went into it."""
    store = open_directory(ctx.obj)
    try:
        count = write(store, out_file)
    except OSError as exc:
        fail(AdvisorError("directory.error.write", path=str(out_file), detail=str(exc)))
    finally:
        store.close()
    out.print(t(done_key, count=count, path=str(out_file)), markup=False)
