"""`advisor-tui demo reset`: rebuild the demo database; and filling it on first use."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from advisor_tui.commands.common import Options, fail, out
from advisor_tui.i18n import t
from advisor_tui.models.errors import AdvisorError

if TYPE_CHECKING:
    from advisor_tui.models.demo_data import DemoSummary
    from advisor_tui.models.store import Store

SHOWN_TABLES = (
    "contacts",
    "contact_referrals",
    "callbacks",
    "callback_attempts",
    "meetings",
    "meeting_participants",
    "meeting_tasks",
    "assessments",
)


def first_use_notices(store: Store) -> list[str]:
    """Fill a demo database opened for the first time; the notices to show on start."""
    from advisor_tui.i18n import catalogue
    from advisor_tui.models.demo_data import ensure_demo

    try:
        summary = ensure_demo(store)
    except AdvisorError as exc:
        return [catalogue().error(exc)]
    return [t("demo.created", count=summary.contacts)] if summary else []


def summary_lines(summary: DemoSummary, seconds: float) -> list[str]:
    from advisor_tui.models.clock import fmt_date

    lines = [
        t(
            "demo.cli.period",
            first=fmt_date(summary.first_day),
            last=fmt_date(summary.today),
            seed=summary.seed,
            weeks=summary.weeks,
            scale=summary.scale,
        )
    ]
    for table in SHOWN_TABLES:
        lines.append(
            t("demo.cli.count", label=t(f"demo.table.{table}"), count=summary.counts[table])
        )
    lines.append(t("demo.cli.count", label=t("demo.table.services"), count=summary.services))
    lines.append(t("demo.cli.took", seconds=f"{seconds:.1f}"))
    return lines


def register(app: typer.Typer) -> None:
    demo = typer.Typer(
        name="demo", help=t("demo.cli.help"), no_args_is_help=True, rich_markup_mode=None
    )

    @demo.command("reset", help=t("demo.cli.reset_help"))
    def reset_command(
        ctx: typer.Context,
        seed: Annotated[int, typer.Option("--seed", help=t("demo.cli.opt_seed"))] = 1,
        weeks: Annotated[int, typer.Option("--weeks", help=t("demo.cli.opt_weeks"))] = 6,
        scale: Annotated[int, typer.Option("--scale", help=t("demo.cli.opt_scale"))] = 1,
    ) -> None:
        import time

        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        from advisor_tui.models.demo_reset import reset_demo
        from advisor_tui.paths import locations, resolve_db

        options: Options = ctx.obj
        path = resolve_db(options.db, demo=True)
        started = time.perf_counter()
        columns = (TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn())
        try:
            with Progress(*columns, console=out, disable=not out.is_terminal) as bar:
                task = bar.add_task(t("demo.cli.progress"), total=None)
                summary = reset_demo(
                    path,
                    seed=seed,
                    weeks=weeks,
                    scale=scale,
                    create_parent=path == locations().demo_db,
                    progress=lambda done, total: bar.update(task, completed=done, total=total),
                )
        except AdvisorError as exc:
            fail(exc)
        seconds = time.perf_counter() - started
        out.print(t("demo.cli.done", path=str(path)), markup=False)
        for line in summary_lines(summary, seconds):
            out.print(line, markup=False)

    app.add_typer(demo)
