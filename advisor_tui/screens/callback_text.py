"""Callback times in words, shared by the queue table and the command line (no Textual here)."""

from __future__ import annotations

from datetime import datetime

from advisor_tui.i18n import t
from advisor_tui.models import callbacks as cb
from advisor_tui.models.clock import fmt_datetime, fmt_minutes, local


def time_left(callback: cb.Callback, now: datetime) -> str:
    minutes = callback.minutes_left(now)
    if minutes < 0:
        return t("callbacks.queue.left_overdue", time=fmt_minutes(-minutes))
    days, rest = divmod(minutes, 24 * 60)
    if days:
        return t("callbacks.queue.left_days", days=days, time=fmt_minutes(rest))
    return fmt_minutes(minutes)


def due_text(moment: datetime) -> str:
    weekday = t(f"app.weekday.{local(moment).weekday()}")
    return f"{weekday} {fmt_datetime(moment)}"
