"""Demo network meetings with their participants, agreed tasks and cancellations."""

from __future__ import annotations

import random
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta

from advisor_tui.models.clock import at_local, local_date
from advisor_tui.models.demo_calendar import Plan
from advisor_tui.models.demo_contacts import Made
from advisor_tui.models.demo_people import People, demo_email, demo_phone
from advisor_tui.models.demo_records import Rows, iso
from advisor_tui.models.demo_services import Catalogue
from advisor_tui.models.demo_texts import (
    AGENDA,
    CANCEL_REASONS,
    MEETING_PURPOSES,
    OUTCOMES,
    PLACES,
    PREPARATION_TASKS,
    TASKS,
)
from advisor_tui.models.working_days import add_working_days

START_HOURS = (9, 10, 12, 13, 14)


class MeetingMaker:
    def __init__(
        self,
        rng: random.Random,
        rows: Rows,
        people: People,
        plan: Plan,
        catalogue: Catalogue,
        town_names: Mapping[str, str],
    ) -> None:
        self.rng = rng
        self.rows = rows
        self.people = people
        self.plan = plan
        self.catalogue = catalogue
        self.town_names = town_names
        self.taken: set[tuple[str, datetime]] = set()

    def after_contact(self, contact: Made) -> str:
        """The meeting a contact agreed on, a few working days later."""
        day = add_working_days(local_date(contact.ended), self.rng.randint(3, 10))
        starts = self._free_slot(contact.by, day)
        booked = contact.ended + timedelta(minutes=self.rng.randint(5, 40))
        return self.make(starts, contact.by, booked, contact)

    def _free_slot(self, by: str, day: date) -> datetime:
        """A start hour on `day` when the advisor has no other meeting, if there is one."""
        hours = list(START_HOURS)
        self.rng.shuffle(hours)
        for hour in hours:
            starts = at_local(day, time(hour, 0))
            if (by, starts) not in self.taken:
                return starts
        return at_local(day, time(hours[0], 30))

    def this_afternoon(self, by: str, contact: Made | None) -> str:
        """Today's network meeting with its participants: ahead (with preparation tasks), or
        already held when the demo is opened late in the day."""
        starts = self.plan.afternoon_start()
        booked = contact.ended + timedelta(minutes=15) if contact else starts - timedelta(days=6)
        if starts + timedelta(minutes=90) < self.plan.now:
            return self.make(starts, by, booked, contact, status="held")
        return self.make(starts, by, booked, contact, status="confirmed", preparation=True)

    def make(
        self,
        starts: datetime,
        by: str,
        booked: datetime,
        contact: Made | None,
        *,
        status: str | None = None,
        preparation: bool = False,
    ) -> str:
        rng = self.rng
        now = self.plan.now
        booked = min(booked, now - timedelta(minutes=5))
        minutes = rng.choice((60, 60, 90))
        ends = starts + timedelta(minutes=minutes)
        if status is None:
            if ends < now:
                status = "held" if rng.random() < 0.85 else "cancelled"
            else:
                status = "confirmed" if rng.random() < 0.65 else "proposed"
        meeting_id = self.rows.new_id()
        for hour in (-1, 0, 1):
            self.taken.add((by, starts + timedelta(hours=hour)))
        updated = booked
        sequence = {"proposed": 0, "confirmed": 1, "held": 2, "cancelled": 2}[status]
        reason = outcome = ""
        if status == "held":
            updated = min(ends + timedelta(minutes=rng.randint(10, 90)), now - timedelta(minutes=1))
            outcome = rng.choice(OUTCOMES)
        elif status == "cancelled":
            updated = max(booked, starts - timedelta(days=rng.randint(1, 3)))
            reason = rng.choice(CANCEL_REASONS)
            self.rows.add(
                "meeting_history",
                by,
                updated,
                {
                    "meeting_id": meeting_id,
                    "action": "cancelled",
                    "reason": reason,
                    "old_starts_at": iso(starts),
                    "new_starts_at": None,
                    "old_duration_minutes": minutes,
                    "new_duration_minutes": None,
                },
            )
        place_kind, place = rng.choice(PLACES)
        town = self.town_names.get(contact.municipality or "") if contact else None
        if place_kind == "address" and town:
            place = f"{place}, {town}"
        elif place_kind == "remote":
            place = f"{place}-{meeting_id[:8]}"
        self.rows.add(
            "meetings",
            by,
            booked,
            {
                "starts_at": iso(starts),
                "duration_minutes": minutes,
                "place_kind": place_kind,
                "place": place,
                "purpose": rng.choice(MEETING_PURPOSES),
                "agenda": AGENDA,
                "advisor": by,
                "organiser_email": f"{by.lower()}@perhekeskus.demo.invalid",
                "contact_id": contact.id if contact else None,
                "status": status,
                "status_reason": reason,
                "outcome": outcome,
                "ics_sequence": sequence,
                "uid": f"{meeting_id}@advisor-tui",
            },
            updated=updated,
            record_id=meeting_id,
        )
        self._participants(meeting_id, by, booked, contact)
        if status == "held":
            self._tasks(meeting_id, by, updated, TASKS, rng.randint(1, 3))
        if preparation:
            self._tasks(meeting_id, by, booked, PREPARATION_TASKS, 2, preparation=True)
        return meeting_id

    def _participants(self, meeting_id: str, by: str, at: datetime, contact: Made | None) -> None:
        rng = self.rng
        family = [("parent", self.people.first_name() if rng.random() < 0.6 else "")]
        if rng.random() < 0.4:
            family.append(("child", ""))
        for role, name in family:
            self.rows.add(
                "meeting_participants",
                by,
                at,
                {
                    "meeting_id": meeting_id,
                    "kind": "family",
                    "role": role,
                    "name": name,
                    "organisation": "",
                    "organisation_id": None,
                    "phone": demo_phone(rng) if role == "parent" else "",
                    "email": "",
                },
            )
        for _ in range(rng.randint(2, 4)):
            name, role, _sector = self.people.professional()
            first, _, last = name.partition(" ")
            organisation = self.catalogue.organisation_for(rng, contact.county if contact else None)
            org_id, org_name = organisation if organisation else (None, "")
            self.rows.add(
                "meeting_participants",
                by,
                at,
                {
                    "meeting_id": meeting_id,
                    "kind": "professional",
                    "role": role,
                    "name": name,
                    "organisation": org_name,
                    "organisation_id": org_id,
                    "phone": demo_phone(rng) if rng.random() < 0.5 else "",
                    "email": demo_email(first, last),
                },
            )

    def _tasks(
        self,
        meeting_id: str,
        by: str,
        at: datetime,
        choices: tuple[tuple[str, str], ...],
        count: int,
        *,
        preparation: bool = False,
    ) -> None:
        rng = self.rng
        for who, what in rng.sample(choices, min(count, len(choices))):
            done_at: datetime | None = None
            if preparation:
                due = self.plan.today
            else:
                due = local_date(at) + timedelta(days=rng.randint(7, 21))
                if due < self.plan.today and rng.random() < 0.7:
                    done_at = at_local(due, time(rng.randint(8, 15), rng.randrange(60)))
            self.rows.add(
                "meeting_tasks",
                by,
                at,
                {
                    "meeting_id": meeting_id,
                    "who": who,
                    "what": what,
                    "due_on": due.isoformat(),
                    "done_at": iso(done_at) if done_at else None,
                },
                updated=done_at,
            )
