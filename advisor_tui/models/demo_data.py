"""The demo dataset: weeks of realistic, entirely fictional work on a demo database.

`generate` fills an empty demo database in one transaction: the shipped directory (national and
fictional regional services), contacts with referrals across the seed regions, callbacks with
attempts, network meetings with participants and tasks, and situation assessments, dated
relative to the store clock's "now" so that today is always a busy shift. The same seed and the
same "now" give the same records, byte for byte. `ensure_demo` fills a new demo database on its
first use. What is generated and why is in docs/demo-data.md.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import partial
from typing import Any

from advisor_tui.models.clock import at_local, local, local_date, to_iso
from advisor_tui.models.demo_assessments import AssessmentMaker
from advisor_tui.models.demo_calendar import Plan, day_factor, make_plan
from advisor_tui.models.demo_callbacks import CallbackMaker, Request
from advisor_tui.models.demo_contacts import ContactMaker, Made, Weighted
from advisor_tui.models.demo_meetings import MeetingMaker
from advisor_tui.models.demo_people import COLLEAGUES, DEMO_ADVISOR, People, seeded_uuid
from advisor_tui.models.demo_proportions import BASE_DAILY, CALLBACK_REQUESTS_PER_CONTACT
from advisor_tui.models.demo_records import TABLE_ORDER, Rows
from advisor_tui.models.demo_services import load_catalogue
from advisor_tui.models.errors import AdvisorError
from advisor_tui.models.records import ids_from
from advisor_tui.models.reference import Reference, shipped_reference
from advisor_tui.models.store import Store
from advisor_tui.models.team import Team, load_team, save_team

DEFAULT_SEED = 1
DEFAULT_WEEKS = 6
MAX_WEEKS = 104
MAX_SCALE = 50
DEMO_COUNTY = "13"
GENERATED_SETTING = "demo.generated_at"
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class DemoSummary:
    seed: int
    weeks: int
    scale: int
    first_day: date
    today: date
    counts: dict[str, int] = field(default_factory=dict)
    services: int = 0

    @property
    def contacts(self) -> int:
        return self.counts.get("contacts", 0)


def check_size(weeks: int, scale: int) -> None:
    if not 1 <= weeks <= MAX_WEEKS:
        raise AdvisorError("demo.bad_weeks", value=weeks, limit=MAX_WEEKS)
    if not 1 <= scale <= MAX_SCALE:
        raise AdvisorError("demo.bad_scale", value=scale, limit=MAX_SCALE)


def ensure_demo(store: Store, *, weeks: int = DEFAULT_WEEKS) -> DemoSummary | None:
    """Fill a demo database that has never been filled; None when there was nothing to do."""
    if not store.is_demo or store.get_setting(GENERATED_SETTING):
        return None
    if store.scalar("SELECT count(*) FROM contacts"):
        return None
    try:
        return generate(store, seed=DEFAULT_SEED, weeks=weeks)
    except AdvisorError as exc:
        if exc.key == "demo.not_empty":
            return None
        raise


def generate(
    store: Store,
    *,
    seed: int = DEFAULT_SEED,
    weeks: int = DEFAULT_WEEKS,
    scale: int = 1,
    today: date | None = None,
    progress: Progress | None = None,
) -> DemoSummary:
    """Fill an empty demo database; raises AdvisorError for a real or non-empty database."""
    if not store.is_demo:
        raise AdvisorError("demo.not_demo")
    check_size(weeks, scale)
    rng = random.Random(seed)
    reference = shipped_reference()
    now = store.now()
    if today is not None:
        now = at_local(today, local(now).time())
    with _large_cache(store), store.transaction() as conn:
        if store.scalar("SELECT count(*) FROM contacts"):
            raise AdvisorError("demo.not_empty")
        _identity(store, rng, reference)
        with ids_from(lambda: seeded_uuid(rng)):
            _load_directory(store)
        plan = make_plan(now, weeks)
        builder = _Builder(store, rng, plan, reference, scale)
        builder.run(conn, progress)
        store.set_setting(GENERATED_SETTING, to_iso(now))
        store.set_setting("demo.seed", str(seed))
        store.set_setting("demo.weeks", str(weeks))
        store.set_setting("demo.scale", str(scale))
    first = plan.past_days[0] if plan.past_days else plan.today
    services = int(store.scalar("SELECT count(*) FROM services WHERE deleted_at IS NULL"))
    return DemoSummary(seed, weeks, scale, first, plan.today, dict(builder.rows.counts), services)


def _identity(store: Store, rng: random.Random, reference: Reference) -> None:
    """A fresh demo database gets the demo advisor and an origin drawn from the seed."""
    if load_team(store) is None:
        county = reference.counties[DEMO_COUNTY]
        save_team(
            store,
            Team(DEMO_ADVISOR.name, DEMO_ADVISOR.initials, county.code, county.municipality_codes),
        )
    origin = seeded_uuid(rng)
    if not store.scalar("SELECT count(*) FROM services"):
        store.set_setting("db.origin", origin)
        store.origin = origin


@contextmanager
def _large_cache(store: Store, kib: int = 65_536) -> Iterator[None]:
    """A bigger page cache while one transaction writes the whole dataset."""
    previous = int(store.scalar("PRAGMA cache_size"))
    store.conn.execute(f"PRAGMA cache_size = -{kib}")
    try:
        yield
    finally:
        store.conn.execute(f"PRAGMA cache_size = {previous}")


def _load_directory(store: Store) -> None:
    from advisor_tui.models.directory import load_shipped_directory

    if not store.scalar("SELECT count(*) FROM services"):
        load_shipped_directory(store, include_demo=True)


class _Builder:
    """Walks the demo's days and asks each maker for its records."""

    def __init__(
        self, store: Store, rng: random.Random, plan: Plan, reference: Reference, scale: int
    ) -> None:
        from advisor_tui.models.questionnaire import SHIPPED_NAME, parse_questionnaire
        from advisor_tui.paths import package_data_dir

        self.rng = rng
        self.plan = plan
        self.scale = scale
        own = store.advisor or DEMO_ADVISOR.initials
        self.own = own
        origins = {own: store.origin}
        for colleague in COLLEAGUES:
            origins.setdefault(colleague.initials, seeded_uuid(rng))
        self.rows = Rows(rng, origins)
        others = [c.initials for c in COLLEAGUES if c.initials != own]
        self.advisors = Weighted({own: 40.0, **dict.fromkeys(others, 20.0)})
        self.advisors_today = Weighted({own: 55.0, **dict.fromkeys(others, 15.0)})
        people = People(rng)
        catalogue = load_catalogue(store)
        counties = {code: m.county_code for code, m in reference.municipalities.items()}
        towns = {code: m.name_fi for code, m in reference.municipalities.items()}
        questionnaire = parse_questionnaire(
            package_data_dir() / SHIPPED_NAME, SHIPPED_NAME, reference
        )
        self.contacts = ContactMaker(rng, self.rows, catalogue, counties)
        self.callbacks = CallbackMaker(rng, self.rows, people, plan, self.contacts)
        self.meetings = MeetingMaker(rng, self.rows, people, plan, catalogue, towns)
        self.assessments = AssessmentMaker(rng, self.rows, questionnaire)
        self.requests: list[Request] = []
        self.meeting_contacts: list[Made] = []

    def run(self, conn: Any, progress: Progress | None) -> None:
        plan = self.plan
        total = len(plan.past_days) + 2
        for index, day in enumerate(plan.past_days, start=1):
            count = self._daily_count(day)
            self._day(count, partial(plan.office_moment, self.rng, day), self.advisors, False)
            self.rows.flush(conn)
            if progress:
                progress(index, total)
        today_count = max(3 * self.scale, round(self._daily_count(None) * plan.elapsed_share()))
        self._day(today_count, lambda: plan.morning_moment(self.rng), self.advisors_today, True)
        for _ in range(2):
            made_at = plan.morning_moment(self.rng)
            town = self.contacts.municipality.pick(self.rng)
            ages = [self.rng.choice(("0-2", "3-6", "7-12"))]
            self.assessments.draft(self.own, made_at, plan.now, town, ages)
        self.rows.flush(conn)
        if progress:
            progress(total - 1, total)
        self._follow_ups()
        self.rows.flush(conn)
        if progress:
            progress(total, total)

    def _daily_count(self, day: date | None) -> int:
        factor = day_factor(day) if day is not None else 1.0
        return max(1, round(BASE_DAILY * self.scale * factor * self.rng.uniform(0.85, 1.15)))

    def _day(
        self, count: int, moment: Callable[[], datetime], advisors: Weighted[str], today: bool
    ) -> None:
        rng = self.rng
        now = self.plan.now
        for _ in range(count):
            by = advisors.pick(rng)
            made = self.contacts.make(moment(), by, now, ends_at_moment=today)
            if "callback" in made.actions:
                requested = min(made.ended + timedelta(minutes=1), now - timedelta(minutes=1))
                self.requests.append(
                    Request(requested, by, "advisor", made.topics[0], made.language, made.id)
                )
            if "network_meeting" in made.actions:
                self.meeting_contacts.append(made)
            if "assessment_done" in made.actions:
                self.assessments.for_contact(made, now)
        extra = round(count * CALLBACK_REQUESTS_PER_CONTACT * rng.uniform(0.7, 1.3))
        for _ in range(extra):
            self.requests.append(self.callbacks.independent(moment(), advisors.pick(rng)))

    def _family_for_today(self) -> Made | None:
        """The contact, about a week ago, that agreed on this afternoon's meeting."""
        if len(self.plan.past_days) < 3:
            return None
        before = self.plan.past_days[-3]
        agreed = [m for m in self.meeting_contacts if local_date(m.ended) <= before]
        if not agreed:
            return None
        self.meeting_contacts.remove(agreed[-1])
        return agreed[-1]

    def _follow_ups(self) -> None:
        plan = self.plan
        self.requests.sort(key=lambda r: r.requested)
        recent = set(plan.past_days[-3:-1]) if len(plan.past_days) > 1 else set()
        candidates = [r for r in self.requests if local_date(r.requested) in recent]
        for request in self.rng.sample(candidates, min(len(candidates), 1 + self.scale)):
            request.neglected = True
        for request in self.requests:
            self.callbacks.make(request)
        self.meetings.this_afternoon(self.own, self._family_for_today())
        for made in self.meeting_contacts:
            self.meetings.after_contact(made)


def table_counts(store: Store) -> dict[str, int]:
    """Live rows of each demo table, for the summary printed after a reset."""
    return {
        table: int(store.scalar(f"SELECT count(*) FROM {table} WHERE deleted_at IS NULL"))
        for table in TABLE_ORDER
        if store.table_exists(table)
    }


__all__ = [
    "DEFAULT_SEED",
    "DEFAULT_WEEKS",
    "DemoSummary",
    "check_size",
    "ensure_demo",
    "generate",
    "table_counts",
]
