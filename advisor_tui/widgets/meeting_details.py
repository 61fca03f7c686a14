"""What the agenda shows of the chosen meeting: topic, people, history and agreed tasks.

Plain text only (no textual import), so the command line can print the same words."""

from __future__ import annotations

from advisor_tui.i18n import t
from advisor_tui.models.clock import fmt_date, fmt_datetime, fmt_time, from_iso
from advisor_tui.models.meetings import Meeting, Participant, Task, history, open_tasks, tasks_of
from advisor_tui.models.store import Store


def describe(person: Participant) -> str:
    """ "Perhe: vanhempi" for a family member; the role for a professional."""
    if person.kind == "family":
        role = t(f"meetings.family_role.{person.role}")
        return f"{t('meetings.kind.family')}: {role}"
    return person.role


def task_state(task: Task) -> str:
    """Open, overdue (colour is never the only cue) or done on a date."""
    if task.done_at:
        return t("meetings.tasks.done", day=fmt_date(from_iso(task.done_at)))
    return t("meetings.tasks.overdue" if task.overdue else "meetings.tasks.open")


def when_text(meeting: Meeting) -> str:
    return f"{fmt_datetime(meeting.starts_at)}–{fmt_time(meeting.ends_at)}"


def details_text(store: Store, meeting: Meeting) -> str:
    """Plain text (never markup) of one meeting for the details pane."""
    status = t(f"meetings.status.{meeting.status}")
    place = t(f"meetings.place_kind.{meeting.place_kind}")
    lines = [f"{when_text(meeting)}  {status}", f"{place}: {meeting.place}"]
    if meeting.purpose:
        lines.append(f"{t('meetings.agenda.details_purpose')}: {meeting.purpose}")
    if meeting.agenda:
        lines.append(f"{t('meetings.agenda.details_agenda')}: {meeting.agenda}")
    for person in meeting.participants:
        parts = [describe(person), person.name, person.organisation, person.email]
        lines.append("  • " + ", ".join(p for p in parts if p))
    if meeting.status_reason:
        lines.append(f"{t('meetings.agenda.details_reason')}: {meeting.status_reason}")
    if meeting.outcome:
        lines.append(f"{t('meetings.agenda.details_outcome')}: {meeting.outcome}")
    changes = history(store, meeting.id)
    if changes:
        lines.append(t("meetings.agenda.details_history"))
        for entry in changes:
            params = {
                "at": fmt_datetime(entry.at),
                "by": entry.by,
                "old": fmt_datetime(entry.old_starts_at),
                "reason": entry.reason,
            }
            if entry.action == "moved" and entry.new_starts_at is not None:
                text = t(
                    "meetings.agenda.history_moved", new=fmt_datetime(entry.new_starts_at), **params
                )
            else:
                text = t("meetings.agenda.history_cancelled", **params)
            lines.append("  " + text)
    tasks = tasks_of(store, meeting.id)
    if tasks:
        lines.append(t("meetings.agenda.details_tasks"))
        for task in tasks:
            if task.due_on is not None:
                line = t(
                    "meetings.agenda.task_line",
                    who=task.who,
                    what=task.what,
                    due=fmt_date(task.due_on),
                )
            else:
                line = t("meetings.agenda.task_line_nodue", who=task.who, what=task.what)
            if task.done_at or task.overdue:
                line += f" – {task_state(task)}"
            lines.append("  " + line)
    return "\n".join(lines)


def overdue_task_lines(store: Store, advisor: str | None, limit: int = 3) -> list[str]:
    """The advisor's overdue agreed tasks for the shift view, the most overdue first."""
    overdue = [task for task in open_tasks(store, advisor) if task.overdue]
    lines = [
        "  "
        + t(
            "meetings.agenda.overdue_task",
            who=task.who,
            what=task.what,
            due=fmt_date(task.due_on) if task.due_on else "",
        )
        for task in overdue[:limit]
    ]
    if len(overdue) > limit:
        lines.append("  " + t("meetings.agenda.more_overdue", count=len(overdue) - limit))
    return lines
