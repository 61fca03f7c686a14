"""Demo callback requests with their attempts, closings and the outgoing calls that answered them.

Each request's life is simulated (tries, reaching the person or giving up) and cut at "now": what
had not happened yet leaves the request open. A few older requests are left without a successful
try, so the queue always has overdue ones; yesterday's requests fall due today.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from advisor_tui.models import demo_proportions as p
from advisor_tui.models.clock import at_local, local, local_date
from advisor_tui.models.demo_calendar import Plan
from advisor_tui.models.demo_contacts import ContactMaker, Weighted
from advisor_tui.models.demo_people import People, demo_phone
from advisor_tui.models.demo_records import Rows, iso
from advisor_tui.models.demo_texts import ATTEMPT_NOTES, CLOSE_REASONS, callback_note
from advisor_tui.models.working_days import callback_due_at, next_working_day

RETENTION_DAYS = 14
WAITING_SHARE = 0.75
LAST_CALL = time(15, 45)


@dataclass
class Request:
    requested: datetime
    by: str
    source: str
    topic: str
    language: str
    contact_id: str | None = None
    neglected: bool = False


class CallbackMaker:
    def __init__(
        self, rng: random.Random, rows: Rows, people: People, plan: Plan, contacts: ContactMaker
    ) -> None:
        self.rng = rng
        self.rows = rows
        self.people = people
        self.plan = plan
        self.contacts = contacts
        self.source = Weighted(p.CALLBACK_SOURCES)
        self.ending = Weighted(p.CALLBACK_ENDINGS)
        self.window = Weighted(p.CALLBACK_WINDOWS)
        self.topic = Weighted(p.TOPIC_WEIGHTS[""])

    def independent(self, moment: datetime, by: str) -> Request:
        """A request that came by a busy line, voicemail, the web form or otherwise."""
        language = "fi" if self.rng.random() < 0.93 else self.rng.choice(("sv", "en", "uk"))
        return Request(moment, by, self.source.pick(self.rng), self.topic.pick(self.rng), language)

    def make(self, request: Request) -> None:
        rng = self.rng
        now = self.plan.now
        due = callback_due_at(request.requested)
        if local_date(request.requested) == self.plan.yesterday and local_date(due) != (
            self.plan.today
        ):
            due = self.plan.later_today()
        if local_date(request.requested) == self.plan.yesterday and rng.random() < WAITING_SHARE:
            events = self._waiting()
        else:
            events = self._life(request)
        happened = [e for e in events if e[0] < now - timedelta(minutes=2)]
        callback_id = self.rows.new_id()
        caller = request.by
        status, closed_at, reason = "open", None, ""
        changes: list[tuple[datetime, str, str, str, str]] = []
        for moment, outcome in happened:
            if outcome in ("reached", "no_answer", "voicemail", "wrong_number"):
                note = rng.choice(ATTEMPT_NOTES[outcome])
                self.rows.add(
                    "callback_attempts",
                    caller,
                    moment,
                    {
                        "callback_id": callback_id,
                        "at": iso(moment),
                        "outcome": outcome,
                        "note": note,
                    },
                )
                if outcome == "reached":
                    status, closed_at, reason = "done", moment, "reached"
                    self.contacts.make(
                        moment + timedelta(seconds=20),
                        caller,
                        now,
                        channel="callback_out",
                        party="parent" if rng.random() < 0.85 else "relative",
                        callback_id=callback_id,
                    )
            else:
                status, closed_at = outcome, moment
                reason = rng.choice(CLOSE_REASONS) if outcome == "cancelled" else ""
                changes.append((moment, "close", "open", outcome, reason))
        if status == "open" and due < now and local_date(request.requested) == self.plan.yesterday:
            later = self.plan.later_today()
            changes.append(
                (
                    now - timedelta(minutes=20),
                    "reschedule",
                    iso(due),
                    iso(later),
                    "Siirretty iltapäivään.",
                )
            )
            due = later
        updated = max([request.requested, *(e[0] for e in happened), *(c[0] for c in changes)])
        name: str | None = self.people.caller_name()
        phone: str | None = demo_phone(rng)
        purged_at = None
        if closed_at is not None and closed_at + timedelta(days=RETENTION_DAYS) < now:
            purge = closed_at + timedelta(days=RETENTION_DAYS, hours=rng.uniform(1, 20))
            purged_at = min(purge, now - timedelta(minutes=1))
            name, phone, updated = None, None, max(updated, purged_at)
        self.rows.add(
            "callbacks",
            request.by,
            request.requested,
            {
                "phone_e164": phone,
                "name": name,
                "preferred_window": self.window.pick(rng),
                "language": request.language,
                "topic": request.topic,
                "note": callback_note(rng, request.topic),
                "priority": "urgent" if rng.random() < p.URGENT_RATE else "normal",
                "source": request.source,
                "contact_id": request.contact_id,
                "requested_at": iso(request.requested),
                "due_at": iso(due),
                "assigned_to": caller,
                "status": status,
                "closed_at": iso(closed_at) if closed_at else None,
                "close_reason": reason,
                "personal_data_purged_at": iso(purged_at) if purged_at else None,
            },
            updated=updated,
            record_id=callback_id,
        )
        for moment, kind, old, new, why in changes:
            self.rows.add(
                "callback_changes",
                caller,
                moment,
                {
                    "callback_id": callback_id,
                    "at": iso(moment),
                    "kind": kind,
                    "old_value": old,
                    "new_value": new,
                    "reason": why,
                },
            )

    def _waiting(self) -> list[tuple[datetime, str]]:
        """Yesterday's request still in the queue: at most one unanswered try this morning."""
        if self.rng.random() < 0.35:
            outcome = self.rng.choice(("no_answer", "voicemail"))
            return [(self.plan.morning_moment(self.rng), outcome)]
        return []

    def _life(self, request: Request) -> list[tuple[datetime, str]]:
        """The tries and the closing, in time order, as they would go without "now"."""
        rng = self.rng
        if request.neglected:
            tries = ["no_answer"] * rng.randint(1, 2)
            ending = ""
        else:
            ending = self.ending.pick(rng)
            if ending == "done":
                tries = ["no_answer"] * rng.choices((0, 1, 2), (60, 30, 10))[0] + ["reached"]
            elif ending == "unreached":
                tries = [rng.choice(("no_answer", "voicemail")) for _ in range(3)]
                if rng.random() < 0.1:
                    tries[-1] = "wrong_number"
            else:
                tries = ["no_answer"] * rng.randint(0, 1)
        events: list[tuple[datetime, str]] = []
        moment = self._first_try(request.requested)
        for outcome in tries:
            events.append((moment, outcome))
            moment = self._next_try(moment)
        if ending in ("unreached", "cancelled"):
            events.append((events[-1][0] + timedelta(minutes=2) if events else moment, ending))
        return events

    def _first_try(self, requested: datetime) -> datetime:
        here = local(requested)
        if here.time() < time(14, 0):
            return requested + timedelta(minutes=self.rng.randint(20, 90))
        day = next_working_day(here.date())
        return at_local(day, time(8, self.rng.randint(5, 59)))

    def _next_try(self, moment: datetime) -> datetime:
        later = moment + timedelta(minutes=self.rng.randint(80, 200))
        if local(later).time() <= LAST_CALL:
            return later
        day = next_working_day(local_date(moment))
        return at_local(day, time(8, self.rng.randint(15, 59)))
