"""A notification when a callback falls due during the shift, wherever the advisor is."""

from __future__ import annotations

from typing import Any
from weakref import WeakKeyDictionary

from textual.app import App

from advisor_tui.i18n import t
from advisor_tui.models import callbacks as cb
from advisor_tui.models.clock import fmt_time
from advisor_tui.models.store import Store

CHECK_SECONDS = 30
_ONE_BY_ONE = 3


class DueWatcher:
    """Checks now and then which open callbacks fell due since the last check."""

    def __init__(self, app: App[Any], store: Store) -> None:
        self.app = app
        self.store = store
        self.since = store.now_iso()

    def check(self) -> list[cb.Callback]:
        until = self.store.now_iso()
        due = cb.newly_due(self.store, self.since, until)
        self.since = until
        if len(due) > _ONE_BY_ONE:
            self.app.notify(
                t("callbacks.notice.due_many", count=len(due)),
                severity="warning",
                timeout=20,
                markup=False,
            )
            return due
        reference = getattr(self.app, "reference", None)
        language = getattr(self.app, "language", "fi")
        for callback in due:
            topic = t("callbacks.queue.no_topic")
            if callback.topic and reference is not None:
                topic = reference.label("topic", callback.topic, language)
            self.app.notify(
                t("callbacks.notice.due_now", due=fmt_time(callback.due_at), topic=topic),
                severity="warning",
                timeout=20,
                markup=False,
            )
        return due


_WATCHERS: WeakKeyDictionary[App[Any], DueWatcher] = WeakKeyDictionary()


def watch_due_callbacks(app: App[Any], store: Store, seconds: float = CHECK_SECONDS) -> DueWatcher:
    """Start checking for `app` (once per app; later calls return the same watcher)."""
    watcher = _WATCHERS.get(app)
    if watcher is None:
        watcher = DueWatcher(app, store)
        _WATCHERS[app] = watcher
        app.set_interval(seconds, watcher.check)
    return watcher
