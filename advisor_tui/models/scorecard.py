"""The balanced scorecard over a range of Helsinki dates: client, process, economy and staff.

The contact figures come per day from `scorecard_days`; callbacks and meetings add their own
figures when their tables are in the file.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from advisor_tui.models.clock import local_day_bounds
from advisor_tui.models.scorecard_days import contact_days
from advisor_tui.models.store import Store


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


def build_scorecard(
    store: Store, first: date, last: date, *, advisor: str | None = None
) -> Scorecard:
    """The scorecard of the contacts that started on the Helsinki days `first` … `last`.

    The contact figures are added up from each day's (see `scorecard_days`); the callback and
    meeting figures are counted in SQL over the range.
    """
    card = Scorecard(first, last, advisor)
    if last < first or not store.table_exists("contacts"):
        return card
    for day, figures in sorted(contact_days(store, first, last, advisor).items()):
        _add_day(card, day, figures)
    low, _ = local_day_bounds(first)
    _, high = local_day_bounds(last)
    _add_callbacks(store, card)
    _add_meetings(store, card, low, high)
    return card


def _add_day(card: Scorecard, day: str, figures: dict[str, Any]) -> None:
    contacts = int(figures["contacts"])
    card.contacts += contacts
    card.per_day[day] += contacts
    card.by_weekday[date.fromisoformat(day).weekday()] += contacts
    card.by_channel.update(figures.get("channel", {}))
    card.by_party.update(figures.get("party", {}))
    card.by_municipality.update(figures.get("municipality", {}))
    card.by_topic.update(figures.get("topic", {}))
    card.observations.update(figures.get("observation", {}))
    card.help_answers.update(figures.get("help", {}))
    for hour, count in figures.get("hour", {}).items():
        card.by_hour[int(hour)] += count
    for score, count in figures.get("recommend", {}).items():
        card.recommend[int(score)] += count
    card.digital_referred += figures.get("digital_referred", 0)
    card.needs_assessment += figures.get("needs_assessment", 0)
    card.other_services += figures.get("other_services", 0)
    card.consultations += figures.get("consultations", 0)
    card.consultations_to_local += figures.get("consultations_to_local", 0)
    card.consultations_outside_county += figures.get("consultations_outside_county", 0)


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
