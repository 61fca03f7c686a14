"""`advisor-tui purge [--dry-run]` and `advisor-tui callbacks list`."""

from __future__ import annotations

from typing import Annotated

import typer

from advisor_tui.commands.common import fail, open_store, out
from advisor_tui.i18n import t
from advisor_tui.models.errors import AdvisorError


def register(app: typer.Typer) -> None:
    @app.command("purge", help=t("callbacks.cli.purge_help"))
    def purge_command(
        ctx: typer.Context,
        dry_run: Annotated[
            bool, typer.Option("--dry-run", help=t("callbacks.cli.opt_dry_run"))
        ] = False,
    ) -> None:
        from advisor_tui.commands.trust import describe_purge_item
        from advisor_tui.models import retention

        store = open_store(ctx.obj)
        try:
            if dry_run:
                items = retention.pending(store)
                if not items:
                    out.print(t("callbacks.cli.purge_none"), markup=False)
                    return
                out.print(t("callbacks.cli.purge_would", count=len(items)), markup=False)
                for item in items:
                    out.print(describe_purge_item(item), markup=False)
                return
            count = retention.purge_due(store)
        except AdvisorError as exc:
            fail(exc)
        finally:
            store.close()
        key = "callbacks.cli.purge_done" if count else "callbacks.cli.purge_none"
        out.print(t(key, count=count), markup=False)

    callbacks = typer.Typer(
        name="callbacks",
        help=t("callbacks.cli.callbacks_help"),
        no_args_is_help=True,
        rich_markup_mode=None,
    )

    @callbacks.command("list", help=t("callbacks.cli.list_help"))
    def list_command(ctx: typer.Context) -> None:
        from advisor_tui.models import callbacks as cb
        from advisor_tui.models.reference import shipped_reference
        from advisor_tui.screens.callback_text import due_text, time_left

        store = open_store(ctx.obj)
        try:
            queue = cb.list_queue(store)
            now = store.now()
        except AdvisorError as exc:
            fail(exc)
        finally:
            store.close()
        if not queue:
            out.print(t("callbacks.cli.list_empty"), markup=False)
            return
        reference = shipped_reference()
        for callback in queue:
            topic = (
                reference.label("topic", callback.topic)
                if callback.topic
                else t("callbacks.queue.no_topic")
            )
            line = t(
                "callbacks.cli.list_line",
                state=t(f"callbacks.queue.{callback.urgency(now).value}"),
                due=due_text(callback.due_at),
                left=time_left(callback, now),
                topic=topic,
                assigned=callback.assigned_to,
            )
            out.print(line, markup=False)

    app.add_typer(callbacks)
