"""`advisor-tui meetings …`: invitations, the agenda and the agreed tasks from the command line."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from advisor_tui.commands.common import fail, open_store, out
from advisor_tui.i18n import t
from advisor_tui.models.errors import AdvisorError


def register(app: typer.Typer) -> None:
    meetings = typer.Typer(
        name="meetings", help=t("meetings.cli.help"), no_args_is_help=True, rich_markup_mode=None
    )

    @meetings.command("ics", help=t("meetings.cli.ics_help"))
    def ics_command(
        ctx: typer.Context,
        meeting_id: Annotated[str, typer.Argument(help=t("meetings.cli.arg_meeting"))],
        out_file: Annotated[Path, typer.Option("--out", help=t("meetings.cli.opt_out"))],
        cancel: Annotated[
            bool, typer.Option("--cancel", help=t("meetings.cli.opt_cancel"))
        ] = False,
        include_names: Annotated[
            bool, typer.Option("--include-names", help=t("meetings.cli.opt_include_names"))
        ] = False,
    ) -> None:
        from advisor_tui.models.ics import write_invitation

        store = open_store(ctx.obj)
        try:
            written = write_invitation(
                store, meeting_id, out_file, cancel=cancel, include_names=include_names
            )
        except AdvisorError as exc:
            fail(exc)
        finally:
            store.close()
        if cancel:
            key = "meetings.ics.written_cancel"
        else:
            key = "meetings.ics.written_names" if include_names else "meetings.ics.written"
        out.print(t(key, path=str(written)), markup=False)

    @meetings.command("list", help=t("meetings.cli.list_help"))
    def list_command(
        ctx: typer.Context,
        first: Annotated[
            str | None, typer.Option("--from", help=t("meetings.cli.opt_from"))
        ] = None,
        last: Annotated[str | None, typer.Option("--to", help=t("meetings.cli.opt_to"))] = None,
    ) -> None:
        from advisor_tui.models.clock import fmt_datetime, fmt_time, parse_date
        from advisor_tui.models.meetings import agenda, two_weeks

        store = open_store(ctx.obj)
        try:
            start, end = two_weeks(store)
            if first:
                start = parse_date(first, "from")
            if last:
                end = parse_date(last, "to")
            found = agenda(store, start, end)
        except AdvisorError as exc:
            fail(exc)
        finally:
            store.close()
        if not found:
            out.print(t("meetings.cli.list_empty"), markup=False)
            return
        for meeting in found:
            out.print(
                "\t".join(
                    (
                        meeting.id,
                        f"{fmt_datetime(meeting.starts_at)}–{fmt_time(meeting.ends_at)}",
                        t(f"meetings.status.{meeting.status}"),
                        meeting.advisor,
                        meeting.place,
                    )
                ),
                markup=False,
            )

    @meetings.command("tasks", help=t("meetings.cli.tasks_help"))
    def tasks_command(
        ctx: typer.Context,
        include_done: Annotated[
            bool, typer.Option("--done", help=t("meetings.cli.opt_done"))
        ] = False,
        advisor: Annotated[
            str | None, typer.Option("--advisor", help=t("meetings.cli.opt_advisor"))
        ] = None,
    ) -> None:
        from advisor_tui.models.clock import fmt_date, fmt_datetime
        from advisor_tui.models.meeting_tasks import list_tasks
        from advisor_tui.widgets.meeting_details import task_state

        store = open_store(ctx.obj)
        try:
            found = list_tasks(store, advisor, include_done=include_done)
        finally:
            store.close()
        if not found:
            out.print(t("meetings.cli.tasks_empty"), markup=False)
            return
        for task in found:
            due = fmt_date(task.due_on) if task.due_on else "–"
            fields = (task.id, task_state(task), due, task.who, task.what)
            meeting = fmt_datetime(task.meeting_starts_at)
            out.print("\t".join((*fields, meeting)), markup=False)

    @meetings.command("done", help=t("meetings.cli.done_help"))
    def done_command(
        ctx: typer.Context,
        task_id: Annotated[str, typer.Argument(help=t("meetings.cli.arg_task"))],
    ) -> None:
        from advisor_tui.models.meeting_tasks import complete_task

        store = open_store(ctx.obj)
        try:
            changed = complete_task(store, task_id)
        except AdvisorError as exc:
            fail(exc)
        finally:
            store.close()
        out.print(
            t("meetings.tasks.marked_done" if changed else "meetings.tasks.already_done"),
            markup=False,
        )

    app.add_typer(meetings)
