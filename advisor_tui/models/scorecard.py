"""The balanced scorecard over a range of Helsinki dates: client, process, economy and staff.

One pass over the contacts of the range; callbacks and meetings add their own figures when their
tables are in the file.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from operator import itemgetter
from typing import Any

from advisor_tui.models.clock import from_iso, local, local_day_bounds
from advisor_tui.models.page_cache import big_cache
from advisor_tui.models.store import Store

NEEDS_ASSESSMENT = "needs_assessment"
OTHER_REFERRALS = ("referral_service", "referral_digital")
LOCAL_ORGANISATIONS = ("municipality", "parish", "ngo")


@dataclass
class Scorecard:
    first: date
    last: date
    advisor: str | None
    contacts: int = 0
    by_channel: Counter[str] = field(default_factory=Counter)
    by_party: Counter[str] = field(default_factory=Counter)
    by_municipality: Counter[str] = field(default_factory=Counter)
    by_topic: Counter[str] = field(default_factory=Counter)
    by_weekday: Counter[int] = field(default_factory=Counter)
    by_hour: Counter[int] = field(default_factory=Counter)
    per_day: Counter[str] = field(default_factory=Counter)
    help_answers: Counter[str] = field(default_factory=Counter)
    recommend: Counter[int] = field(default_factory=Counter)
    digital_referred: int = 0
    needs_assessment: int = 0
    other_services: int = 0
    consultations: int = 0
    consultations_to_local: int = 0
    consultations_outside_county: int = 0
    observations: Counter[str] = field(default_factory=Counter)
    callbacks_counted: int = 0
    callbacks_done_by_due: int = 0
    meetings_booked: int = 0
    meetings_held: int = 0

    @property
    def digital_share(self) -> float | None:
        return self.digital_referred / self.contacts if self.contacts else None

    @property
    def help_shares(self) -> dict[str, float]:
        """Shares of yes / partly / no among those who were asked."""
        asked = sum(n for k, n in self.help_answers.items() if k != "not_asked")
        return {k: self.help_answers[k] / asked for k in ("yes", "partly", "no")} if asked else {}

    @property
    def recommend_average(self) -> float | None:
        count = sum(self.recommend.values())
        return sum(k * n for k, n in self.recommend.items()) / count if count else None

    @property
    def callback_promise_share(self) -> float | None:
        if not self.callbacks_counted:
            return None
        return self.callbacks_done_by_due / self.callbacks_counted

    def as_dict(self) -> dict[str, Any]:
        """Plain data for JSON: counters as objects, shares as numbers (or null)."""
        return {
            "from": self.first.isoformat(),
            "to": self.last.isoformat(),
            "advisor": self.advisor,
            "contacts": self.contacts,
            "by_channel": dict(self.by_channel.most_common()),
            "by_party": dict(self.by_party.most_common()),
            "by_municipality": dict(self.by_municipality.most_common()),
            "by_topic": dict(self.by_topic.most_common()),
            "by_weekday": {str(k): self.by_weekday[k] for k in sorted(self.by_weekday)},
            "by_hour": {str(k): self.by_hour[k] for k in sorted(self.by_hour)},
            "per_day": dict(sorted(self.per_day.items())),
            "client": {
                "help_answers": dict(self.help_answers),
                "help_shares": self.help_shares,
                "recommend_average": self.recommend_average,
                "recommend_distribution": {str(k): self.recommend[k] for k in range(11)},
            },
            "process": {
                "digital_referred": self.digital_referred,
                "digital_share": self.digital_share,
            },
            "economy": {
                "needs_assessment": self.needs_assessment,
                "other_services": self.other_services,
                "consultations": self.consultations,
                "consultations_to_municipal_parish_ngo": self.consultations_to_local,
            },
            "staff": {"consultations_outside_county": self.consultations_outside_county},
            "callbacks": {
                "counted": self.callbacks_counted,
                "done_by_due": self.callbacks_done_by_due,
                "share": self.callback_promise_share,
            },
            "meetings": {"booked": self.meetings_booked, "held": self.meetings_held},
            "observations": dict(self.observations.most_common(20)),
        }


_CONTACTS = """
SELECT substr(c.started_at, 1, 13), c.channel, c.party, coalesce(c.municipality_code, ''),
  coalesce(nullif(c.feedback_help, ''), 'not_asked'), c.feedback_recommend, c.topics,
  c.observations, c.actions, c.outside_county, c.id
FROM contacts c {hint}
WHERE c.deleted_at IS NULL AND c.started_at >= ? AND c.started_at < ?
"""
_IN_RANGE = "c.deleted_at IS NULL AND c.started_at >= ? AND c.started_at < ?"


def build_scorecard(
    store: Store, first: date, last: date, *, advisor: str | None = None
) -> Scorecard:
    """The scorecard of the contacts that started on the Helsinki days `first` … `last`.

    SQLite reads the few columns the figures need in one pass (the whole table in file order when
    the range holds most contacts, else through the start-time index); the counting is then done
    per distinct value (per UTC hour, per list of topics, per combination of actions and flags)
    rather than per contact, so a year of a hundred thousand contacts costs well under a second.
    """
    card = Scorecard(first, last, advisor)
    low, _ = local_day_bounds(first)
    _, high = local_day_bounds(last)
    if last < first or not store.table_exists("contacts"):
        return card
    in_range = int(store.scalar(f"SELECT count(*) FROM contacts c WHERE {_IN_RANGE}", (low, high)))
    whole = in_range * 4 > int(
        store.scalar("SELECT count(*) FROM contacts WHERE deleted_at IS NULL")
    )
    sql = _CONTACTS.format(hint="NOT INDEXED" if whole else "")
    params: tuple[str, ...] = (low, high)
    if advisor:
        sql += " AND c.created_by = ?"
        params += (advisor,)
    cursor = store.conn.cursor()
    cursor.row_factory = None
    with big_cache(store):
        rows = cursor.execute(sql, params).fetchall()
        digital, to_local = _referred(store, low, high, whole=whole)
    card.contacts = len(rows)
    _count_times(card, Counter(map(itemgetter(0), rows)))
    for (channel, party, place, answer, score), count in Counter(
        map(itemgetter(1, 2, 3, 4, 5), rows)
    ).items():
        card.by_channel[channel] += count
        card.by_party[party] += count
        card.by_municipality[place] += count
        card.help_answers[answer] += count
        if score is not None:
            card.recommend[int(score)] += count
    for kind, column in ((card.by_topic, 6), (card.observations, 7)):
        lists = Counter(map(itemgetter(column), rows))
        for keys, count in zip(json.loads(f"[{','.join(lists)}]"), lists.values(), strict=True):
            for key in keys:
                kind[key] += count
    ids = list(map(itemgetter(10), rows))
    combinations = zip(
        map(itemgetter(8), rows),
        map(itemgetter(2), rows),
        map(itemgetter(9), rows),
        map(digital.__contains__, ids),
        map(to_local.__contains__, ids),
        strict=True,
    )
    _count_referrals(card, Counter(combinations))
    _add_callbacks(store, card)
    _add_meetings(store, card, low, high)
    return card


def _referred(store: Store, low: str, high: str, *, whole: bool) -> tuple[set[str], set[str]]:
    """Ids of contacts referred to a digital service, and to a municipal, parish or NGO service.

    With `whole`, every live referral is read (cheaper than joining when the range holds most
    contacts); the caller only asks about contacts of its range.
    """
    if not store.table_exists("contact_referrals"):
        return set(), set()
    local_services: set[str] = set()
    if store.table_exists("services") and store.table_exists("organisations"):
        marks = ", ".join("?" for _ in LOCAL_ORGANISATIONS)
        local_services = {
            str(r[0])
            for r in store.query(
                "SELECT s.id FROM services s JOIN organisations o ON o.id = s.organisation_id "
                f"WHERE o.org_type IN ({marks})",
                LOCAL_ORGANISATIONS,
            )
        }
    local_json = json.dumps(sorted(local_services))
    is_local = "r.service_id IN (SELECT value FROM json_each(?))"
    sql = f"SELECT r.contact_id, r.digital, {is_local} FROM contact_referrals r "
    params: tuple[str, ...] = (local_json,)
    if not whole:
        sql += "JOIN contacts c ON c.id = r.contact_id "
    sql += f"WHERE r.deleted_at IS NULL AND (r.digital OR {is_local})"
    params += (local_json,)
    if not whole:
        sql += f" AND {_IN_RANGE}"
        params += (low, high)
    cursor = store.conn.cursor()
    cursor.row_factory = None
    rows = cursor.execute(sql, params).fetchall()
    digital = {contact for contact, is_digital, _ in rows if is_digital}
    to_local = {contact for contact, _, to_service in rows if to_service}
    return digital, to_local


def _count_times(card: Scorecard, per_utc_hour: Counter[str]) -> None:
    """Contacts per local weekday, hour and date, from counts per UTC hour ('2026-11-23T07').

    A UTC day whose first and last hour have the same offset from Helsinki time is converted
    once (its local date, and the next one for the hours that pass midnight); only the two days
    a year when the clocks turn are converted hour by hour.
    """
    days: dict[str, tuple[int, int, str, int, str] | None] = {}
    for hour, count in per_utc_hour.items():
        day = hour[:10]
        if day not in days:
            days[day] = _utc_day(day)
        found = days[day]
        if found is None:
            started = local(from_iso(hour + ":00:00.000000Z"))
            weekday, local_hour, local_day = started.weekday(), started.hour, started.date()
            card.by_weekday[weekday] += count
            card.by_hour[local_hour] += count
            card.per_day[local_day.isoformat()] += count
            continue
        shift, weekday, date_text, next_weekday, next_text = found
        local_hour = int(hour[11:13]) + shift
        if local_hour >= 24:
            local_hour -= 24
            weekday, date_text = next_weekday, next_text
        card.by_weekday[weekday] += count
        card.by_hour[local_hour] += count
        card.per_day[date_text] += count


def _utc_day(day: str) -> tuple[int, int, str, int, str] | None:
    """(offset in whole hours, weekday and date, next weekday and date) of a UTC day whose
    offset from Helsinki time stays the same all day, else None."""
    first = from_iso(f"{day}T00:00:00.000000Z")
    offset = local(first).utcoffset() or timedelta(0)
    if offset != (local(first + timedelta(hours=23)).utcoffset() or timedelta(0)):
        return None
    seconds = int(offset.total_seconds())
    if seconds % 3600 or not 0 <= seconds < 86400:
        return None
    today = date(int(day[:4]), int(day[5:7]), int(day[8:10]))
    tomorrow = today + timedelta(days=1)
    return (
        seconds // 3600,
        today.weekday(),
        today.isoformat(),
        tomorrow.weekday(),
        tomorrow.isoformat(),
    )


def _action_flags(actions_json: str) -> tuple[bool, bool, bool]:
    """(referred to a digital service, to needs assessment, to another service) by the actions."""
    actions = set(json.loads(actions_json))
    return (
        "referral_digital" in actions,
        NEEDS_ASSESSMENT in actions,
        bool(actions & set(OTHER_REFERRALS)),
    )


def _count_referrals(card: Scorecard, combinations: Counter[tuple[Any, ...]]) -> None:
    """Contacts counted per same actions, party, outside-county flag and referral kinds."""
    flags: dict[str, tuple[bool, bool, bool]] = {}
    for (actions_json, party, outside_county, digital, to_local), count in combinations.items():
        found = flags.get(actions_json)
        if found is None:
            found = flags[actions_json] = _action_flags(actions_json)
        digital_action, needs_assessment, other = found
        if digital or digital_action:
            card.digital_referred += count
        if needs_assessment:
            card.needs_assessment += count
        elif other:
            card.other_services += count
        if party == "professional":
            card.consultations += count
            if to_local:
                card.consultations_to_local += count
            if outside_county:
                card.consultations_outside_county += count


def _add_callbacks(store: Store, card: Scorecard) -> None:
    if not store.table_exists("callbacks"):
        return
    from advisor_tui.models.callback_figures import promise_kept

    card.callbacks_counted, card.callbacks_done_by_due = promise_kept(store, card.first, card.last)


def _add_meetings(store: Store, card: Scorecard, low: str, high: str) -> None:
    if not store.table_exists("meetings"):
        return
    card.meetings_booked = store.scalar(
        "SELECT count(*) FROM meetings WHERE deleted_at IS NULL AND created_at >= ? "
        "AND created_at < ?",
        (low, high),
    )
    card.meetings_held = store.scalar(
        "SELECT count(*) FROM meetings WHERE deleted_at IS NULL AND status = 'held' "
        "AND starts_at >= ? AND starts_at < ?",
        (low, high),
    )
