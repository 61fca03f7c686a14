"""`advisor-tui audit`, `backup`, `restore`, `check` and `retention`: logs, copies, health,
retention."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from advisor_tui.commands.common import Options, err, fail, open_store, out
from advisor_tui.i18n import catalogue, t
from advisor_tui.models.errors import AdvisorError

if TYPE_CHECKING:
    from advisor_tui.models.audit_report import AuditRow
    from advisor_tui.models.maintenance import CheckReport
    from advisor_tui.models.retention import PurgeItem

AUDIT_FORMATS = ("table", "csv")


def label(kind: str, code: str) -> str:
    """Words for a log code (`log`, `action` or `subject`); an unknown code is shown as it is."""
    key = f"trust.{kind}.{code}"
    text = t(key)
    return code if text == key else text


def size_text(size_bytes: int) -> str:
    value = f"{size_bytes / 1_000_000:.1f}"
    if catalogue().language in ("fi", "sv"):
        value = value.replace(".", ",")
    return t("trust.size_mb", value=value)


def describe_purge_item(item: PurgeItem) -> str:
    """One line of `purge --dry-run`: what would go, and since when."""
    from advisor_tui.models.clock import fmt_datetime, from_iso

    since = fmt_datetime(from_iso(item.since))
    key = f"trust.purge.{item.what}"
    text = t(key, id=item.record_id, since=since)
    return text if not text.startswith(key) else f"{item.what}: {item.record_id}, {since}"


def audit_line(row: AuditRow) -> str:
    """One entry as one line: when, who, which log, what was done to what."""
    params = {
        "when": row.when,
        "advisor": row.advisor or "?",
        "log": label("log", row.log),
        "action": label("action", row.action),
        "subject": label("subject", row.subject),
    }
    if row.log == "access":
        return t("trust.audit.access_line", record=row.record_id, **params)
    line = t("trust.audit.disclosure_line", count=row.count, **params)
    return line + t("trust.audit.to_file", path=row.target) if row.target else line


def audit_command(
    ctx: typer.Context,
    first: Annotated[str | None, typer.Option("--from", help=t("trust.cli.opt_from"))] = None,
    last: Annotated[str | None, typer.Option("--to", help=t("trust.cli.opt_to"))] = None,
    file_format: Annotated[str, typer.Option("--format", help=t("trust.cli.opt_format"))] = "table",
    kind: Annotated[str | None, typer.Option("--kind", help=t("trust.cli.opt_kind"))] = None,
    out_file: Annotated[Path | None, typer.Option("--out", help=t("trust.cli.opt_out"))] = None,
) -> None:
    from advisor_tui.models.audit_report import CSV_COLUMNS, audit_rows, export_audit
    from advisor_tui.models.clock import parse_date

    if file_format not in AUDIT_FORMATS:
        fail(AdvisorError("trust.audit.bad_format", value=file_format))
    if file_format == "csv" and out_file is None:
        fail(AdvisorError("trust.audit.csv_needs_out"))
    store = open_store(ctx.obj)
    try:
        start = parse_date(first, "from") if first else None
        end = parse_date(last, "to") if last else None
        rows = audit_rows(store, start, end, kind)
        if file_format == "csv" and out_file is not None:
            titles = [t(f"trust.col.{c}") for c in CSV_COLUMNS]
            count = export_audit(store, rows, out_file, titles, label)
            out.print(t("trust.audit.exported", count=count, path=str(out_file)), markup=False)
            return
    except AdvisorError as exc:
        fail(exc)
    finally:
        store.close()
    if not rows:
        out.print(t("trust.audit.empty"), markup=False)
        return
    out.print(t("trust.audit.title"), markup=False)
    for row in rows:
        out.print(audit_line(row), markup=False)


def backup_command(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help=t("trust.cli.arg_backup_file"))],
    force: Annotated[bool, typer.Option("--force", help=t("trust.cli.opt_force"))] = False,
) -> None:
    from advisor_tui.models.maintenance import backup

    store = open_store(ctx.obj)
    try:
        result = backup(store, file, force=force)
    except AdvisorError as exc:
        fail(exc)
    finally:
        store.close()
    out.print(
        t(
            "trust.backup.done",
            path=str(result.path),
            count=result.records,
            size=size_text(result.size_bytes),
        ),
        markup=False,
    )


def restore_command(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help=t("trust.cli.arg_restore_file"))],
    yes: Annotated[bool, typer.Option("--yes", help=t("trust.cli.opt_yes"))] = False,
) -> None:
    import shlex
    from datetime import UTC, datetime

    from advisor_tui.models.clock import fmt_datetime
    from advisor_tui.models.restore import plan_restore, restore
    from advisor_tui.paths import resolve_db

    options: Options = ctx.obj
    path = resolve_db(options.db, demo=options.demo)
    kind = "demo" if options.demo else "real"
    try:
        plan = plan_restore(path, file, kind, datetime.now(UTC))
    except AdvisorError as exc:
        fail(exc)
    if plan.latest_change is None:
        out.print(t("trust.restore.backup_empty", path=str(file)), markup=False)
    else:
        latest = fmt_datetime(plan.latest_change)
        summary = t("trust.restore.backup", path=str(file), count=plan.records, latest=latest)
        out.print(summary, markup=False)
    if plan.aside is not None:
        out.print(
            t("trust.restore.plan_aside", path=str(path), aside=str(plan.aside)), markup=False
        )
    else:
        out.print(t("trust.restore.plan_new", path=str(path)), markup=False)
    if not yes:
        command = f"advisor-tui restore {shlex.quote(str(file))} --yes"
        out.print(t("trust.restore.confirm", command=command), markup=False)
        return
    try:
        store = restore(plan, kind)
    except AdvisorError as exc:
        fail(exc)
    store.close()
    out.print(t("trust.restore.done", path=str(path)), markup=False)
    if plan.aside is not None:
        out.print(t("trust.restore.kept", aside=str(plan.aside)), markup=False)


def print_report(report: CheckReport) -> None:
    messages = catalogue()
    for finding in report.findings:
        if not finding.problem:
            out.print(messages.get(finding.key, **finding.params), markup=False)
    if report.schema_version is not None:
        out.print(
            t(
                "trust.check.summary",
                path=str(report.path),
                size=size_text(report.size_bytes),
                version=report.schema_version,
                mode=report.journal_mode,
                frames=report.wal_frames,
            ),
            markup=False,
        )
    if report.ok:
        out.print(t("trust.check.ok"), markup=False)
        return
    err.print(t("trust.check.not_ok"), markup=False)
    for finding in report.problems:
        err.print(f"- {messages.get(finding.key, **finding.params)}", markup=False)


def check_command(
    ctx: typer.Context,
    file: Annotated[Path | None, typer.Argument(help=t("trust.cli.arg_check_file"))] = None,
) -> None:
    from advisor_tui.models.maintenance import check_database
    from advisor_tui.paths import resolve_db

    options: Options = ctx.obj
    path = file if file is not None else resolve_db(options.db, demo=options.demo)
    report = check_database(path)
    print_report(report)
    raise typer.Exit(0 if report.ok else 1)


def retention_command(
    ctx: typer.Context,
    name: Annotated[str | None, typer.Argument(help=t("trust.cli.arg_retention_name"))] = None,
    value: Annotated[str | None, typer.Argument(help=t("trust.cli.arg_retention_value"))] = None,
) -> None:
    from advisor_tui.models.retention import SETTING_NAMES, load_retention, set_retention

    if name is not None and value is None:
        fail(AdvisorError("trust.retention.value_missing", name=name))
    store = open_store(ctx.obj)
    try:
        if name is not None and value is not None:
            set_retention(store, name, value)
            out.print(t("trust.retention.saved"), markup=False)
        settings = load_retention(store)
    except AdvisorError as exc:
        fail(exc)
    finally:
        store.close()
    out.print(t("trust.retention.title"), markup=False)
    for setting in SETTING_NAMES:
        line = t(f"trust.retention.{setting}", value=getattr(settings, setting))
        out.print(f"  {setting} = {getattr(settings, setting)}  {line}", markup=False)
    out.print(t("trust.retention.hint"), markup=False)


def register(app: typer.Typer) -> None:
    app.command("audit", help=t("trust.cli.audit_help"))(audit_command)
    app.command("backup", help=t("trust.cli.backup_help"))(backup_command)
    app.command("restore", help=t("trust.cli.restore_help"))(restore_command)
    app.command("check", help=t("trust.cli.check_help"))(check_command)
    app.command("retention", help=t("trust.cli.retention_help"))(retention_command)
