"""`advisor-tui report`: the balanced scorecard on the terminal, as JSON or as Markdown."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from advisor_tui.commands.common import fail, open_store, out
from advisor_tui.i18n import t
from advisor_tui.models.errors import AdvisorError

FORMATS = ("table", "json", "md")


def report_command(
    ctx: typer.Context,
    first: Annotated[str | None, typer.Option("--from", help=t("report.opt_from"))] = None,
    last: Annotated[str | None, typer.Option("--to", help=t("report.opt_to"))] = None,
    advisor: Annotated[str | None, typer.Option("--advisor", help=t("report.opt_advisor"))] = None,
    file_format: Annotated[str, typer.Option("--format", help=t("report.opt_format"))] = "table",
) -> None:
    from advisor_tui.i18n import catalogue
    from advisor_tui.models.clock import local_date, parse_date
    from advisor_tui.models.reference import shipped_reference
    from advisor_tui.models.scorecard import build_scorecard
    from advisor_tui.scorecard_report import as_json, as_markdown, as_rich

    if file_format not in FORMATS:
        fail(AdvisorError("report.bad_format", value=file_format))
    store = open_store(ctx.obj)
    try:
        today = local_date(store.now())
        start = parse_date(first, "from") if first else date(today.year, today.month, 1)
        end = parse_date(last, "to") if last else today
        if end < start:
            fail(AdvisorError("export.bad_range", first=first or "", last=last or ""))
        card = build_scorecard(store, start, end, advisor=advisor.upper() if advisor else None)
    except AdvisorError as exc:
        fail(exc)
    finally:
        store.close()
    language = catalogue().language
    if file_format == "json":
        print(as_json(card))
    elif file_format == "md":
        print(as_markdown(card, shipped_reference(), language))
    else:
        out.print(as_rich(card, shipped_reference(), language))


def register(app: typer.Typer) -> None:
    app.command("report", help=t("report.help"))(report_command)
