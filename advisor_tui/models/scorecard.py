"""The balanced scorecard over a range of Helsinki dates: client, process, economy and staff.

One pass over the contacts of the range; callbacks and meetings add their own figures when their
tables are in the file.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from advisor_tui.models.clock import from_iso, local, local_day_bounds
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


def _referral_kinds(store: Store, low: str, high: str) -> dict[str, tuple[bool, bool]]:
    """Per contact: (any digital referral, any referral to a municipal/parish/NGO service)."""
    if not store.table_exists("contact_referrals"):
        return {}
    has_directory = store.table_exists("services") and store.table_exists("organisations")
    organisation = (
        "(SELECT o.org_type FROM services s JOIN organisations o ON o.id = s.organisation_id "
        "WHERE s.id = r.service_id)"
        if has_directory
        else "NULL"
    )
    kinds: dict[str, tuple[bool, bool]] = {}
    for row in store.query(
        f"SELECT r.contact_id, r.digital, {organisation} AS org_type "
        "FROM contact_referrals r JOIN contacts c ON c.id = r.contact_id "
        "WHERE r.deleted_at IS NULL AND c.deleted_at IS NULL "
        "AND c.started_at >= ? AND c.started_at < ?",
        (low, high),
    ):
        digital, local_org = kinds.get(row["contact_id"], (False, False))
        kinds[row["contact_id"]] = (
            digital or bool(row["digital"]),
            local_org or row["org_type"] in LOCAL_ORGANISATIONS,
        )
    return kinds


def build_scorecard(
    store: Store, first: date, last: date, *, advisor: str | None = None
) -> Scorecard:
    card = Scorecard(first, last, advisor)
    low, _ = local_day_bounds(first)
    _, high = local_day_bounds(last)
    if last < first or not store.table_exists("contacts"):
        return card
    kinds = _referral_kinds(store, low, high)
    sql = (
        "SELECT id, started_at, channel, party, municipality_code, topics, actions, "
        "observations, feedback_help, feedback_recommend, outside_county FROM contacts "
        "WHERE deleted_at IS NULL AND started_at >= ? AND started_at < ?"
    )
    params: tuple[str, ...] = (low, high)
    if advisor:
        sql += " AND created_by = ?"
        params += (advisor,)
    for row in store.conn.execute(sql, params):
        _count_contact(card, row, kinds.get(row["id"], (False, False)))
    _add_callbacks(store, card)
    _add_meetings(store, card, low, high)
    return card


def _count_contact(card: Scorecard, row: Any, kinds: tuple[bool, bool]) -> None:
    started = local(from_iso(row["started_at"]))
    actions = set(json.loads(row["actions"]))
    card.contacts += 1
    card.by_channel[row["channel"]] += 1
    card.by_party[row["party"]] += 1
    card.by_municipality[row["municipality_code"] or ""] += 1
    card.by_topic.update(json.loads(row["topics"]))
    card.observations.update(json.loads(row["observations"]))
    card.by_weekday[started.weekday()] += 1
    card.by_hour[started.hour] += 1
    card.per_day[started.date().isoformat()] += 1
    card.help_answers[row["feedback_help"] or "not_asked"] += 1
    if row["feedback_recommend"] is not None:
        card.recommend[int(row["feedback_recommend"])] += 1
    digital, to_local = kinds
    if digital or "referral_digital" in actions:
        card.digital_referred += 1
    if NEEDS_ASSESSMENT in actions:
        card.needs_assessment += 1
    elif actions & set(OTHER_REFERRALS):
        card.other_services += 1
    if row["party"] == "professional":
        card.consultations += 1
        if to_local:
            card.consultations_to_local += 1
        if row["outside_county"]:
            card.consultations_outside_county += 1


def _add_callbacks(store: Store, card: Scorecard) -> None:
    if not store.table_exists("callbacks"):
        return
    from advisor_tui.models.callback_figures import scorecard as callback_scorecard

    figures = callback_scorecard(store, card.first, card.last)
    card.callbacks_counted = figures.counted
    card.callbacks_done_by_due = figures.done_by_due


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
