"""Demo contacts (yhteydenotot) and their referrals, with the proportions of demo_proportions."""

from __future__ import annotations

import math
import random
from bisect import bisect
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Generic, TypeVar

from advisor_tui.models import demo_proportions as p
from advisor_tui.models.demo_records import Rows, iso
from advisor_tui.models.demo_services import Catalogue, Service
from advisor_tui.models.demo_texts import summary

K = TypeVar("K")


class Weighted(Generic[K]):
    """A weighted choice that stays fast over a hundred thousand draws."""

    def __init__(self, weights: Mapping[K, float]) -> None:
        self.keys = list(weights)
        self.cumulative: list[float] = []
        total = 0.0
        for key in self.keys:
            total += weights[key]
            self.cumulative.append(total)
        self.total = total

    def pick(self, rng: random.Random) -> K:
        index = bisect(self.cumulative, rng.random() * self.total)
        return self.keys[min(index, len(self.keys) - 1)]


def _weighted_table(table: Mapping[str, Mapping[K, float]]) -> dict[str, Weighted[K]]:
    return {key: Weighted(weights) for key, weights in table.items()}


def municipality_weights() -> dict[str, float]:
    """Each seed municipality's share of all contacts (its region's share split by size)."""
    weights: dict[str, float] = {}
    for _county, region_weight, towns in p.REGIONS.values():
        size = sum(towns.values())
        for code, weight in towns.items():
            weights[code] = weights.get(code, 0) + region_weight * weight / size
    return weights


@dataclass
class Made:
    """What the follow-ups (callbacks, meetings, assessments) need to know of a contact."""

    id: str
    started: datetime
    ended: datetime
    by: str
    party: str
    channel: str
    municipality: str | None
    county: str | None
    age_groups: list[str]
    topics: list[str]
    actions: list[str]
    language: str
    referrals: list[Service] = field(default_factory=list)


class ContactMaker:
    """Builds contact rows (and their referral rows) into `rows`."""

    def __init__(
        self,
        rng: random.Random,
        rows: Rows,
        catalogue: Catalogue,
        counties: Mapping[str, str],
    ) -> None:
        self.rng = rng
        self.rows = rows
        self.catalogue = catalogue
        self.counties = counties
        self.party = Weighted(p.PARTY_WEIGHTS)
        self.channel = _weighted_table(p.CHANNEL_WEIGHTS)
        self.sector = Weighted(p.SECTOR_WEIGHTS)
        self.municipality = Weighted(municipality_weights())
        self.ages = _weighted_table(p.AGE_WEIGHTS)
        self.sector_ages = _weighted_table(p.SECTOR_AGES)
        self.topics = _weighted_table(p.TOPIC_WEIGHTS)
        self.extra_topics = Weighted(p.EXTRA_TOPICS)
        self.topic_count = Weighted(p.TOPIC_COUNT_WEIGHTS)
        self.child_count = Weighted(p.CHILD_COUNT_WEIGHTS)
        self.help = Weighted(p.HELP_WEIGHTS)
        self.recommend = Weighted(p.RECOMMEND_WEIGHTS)
        self.language = Weighted(p.LANGUAGE_WEIGHTS)
        self.language_professional = Weighted(p.LANGUAGE_WEIGHTS_PROFESSIONAL)
        self.observation = Weighted(p.OBSERVATIONS)

    def make(
        self,
        moment: datetime,
        by: str,
        now: datetime,
        *,
        ends_at_moment: bool = False,
        channel: str | None = None,
        party: str | None = None,
        callback_id: str | None = None,
    ) -> Made:
        """A contact starting at `moment` (or ending there, for today's shift), logged by `by`."""
        rng = self.rng
        party = party or self.party.pick(rng)
        channel = channel or self.channel[party].pick(rng)
        sector = self.sector.pick(rng) if party == "professional" else None
        outside = party == "professional" and rng.random() < p.OUTSIDE_COUNTY_RATE
        municipality = self._municipality(channel)
        county = self.counties.get(municipality) if municipality else None
        ages = self._ages(party, sector)
        topics = self._topics(ages, party)
        language = (self.language_professional if party == "professional" else self.language).pick(
            rng
        )
        if language != "fi" and "multicultural" not in topics and rng.random() < 0.3:
            topics.append("multicultural")
        actions = self._actions(party, topics)
        referrals = self._referrals(actions, topics, municipality, county, party)
        actions = [
            a
            for a in actions
            if a not in ("referral_service", "referral_digital")
            or any(s.digital == (a == "referral_digital") for s in referrals)
        ] or ["consultation_given" if party == "professional" else "advice"]
        minutes = self._minutes(channel, party)
        if ends_at_moment:
            ended, started = moment, moment - timedelta(minutes=minutes)
        else:
            started, ended = moment, moment + timedelta(minutes=minutes)
        logged = min(ended + timedelta(seconds=rng.randrange(30, 360)), now - timedelta(seconds=5))
        logged = max(logged, ended)
        help_answer, recommend = self._feedback(channel, party)
        contact_id = self.rows.new_id()
        self.rows.add(
            "contacts",
            by,
            logged,
            {
                "started_at": iso(started),
                "ended_at": iso(ended),
                "duration_seconds": max(0, round((ended - started).total_seconds())),
                "channel": channel,
                "party": party,
                "sector": sector,
                "outside_county": int(outside),
                "municipality_code": municipality,
                "age_groups": ages,
                "child_count": self._child_count(party, ages),
                "topics": topics,
                "observations": self._observations(),
                "actions": actions,
                "feedback_help": help_answer,
                "feedback_recommend": recommend,
                "repeat_contact": int(rng.random() < p.REPEAT_RATE),
                "language": language,
                "summary": summary(
                    rng, party, sector, channel, topics, actions, [s.name for s in referrals]
                ),
                "callback_id": callback_id,
            },
            record_id=contact_id,
        )
        for service in referrals:
            self.rows.add(
                "contact_referrals",
                by,
                logged,
                {**service.as_referral(), "contact_id": contact_id, "reason": ""},
            )
        return Made(
            contact_id,
            started,
            ended,
            by,
            party,
            channel,
            municipality,
            county,
            ages,
            topics,
            actions,
            language,
            referrals,
        )

    # -- the parts of a contact ---------------------------------------------------------------

    def _municipality(self, channel: str) -> str | None:
        missing = p.NO_MUNICIPALITY_RATE.get(channel, p.NO_MUNICIPALITY_OTHERWISE)
        return None if self.rng.random() < missing else self.municipality.pick(self.rng)

    def _ages(self, party: str, sector: str | None) -> list[str]:
        table = self.sector_ages.get(sector or "") or self.ages[party]
        ages = [table.pick(self.rng)]
        if party in ("parent", "relative") and self.rng.random() < p.SECOND_AGE_GROUP_RATE:
            second = table.pick(self.rng)
            if second not in ages:
                ages.append(second)
        return ages

    def _topics(self, ages: list[str], party: str) -> list[str]:
        count = self.topic_count.pick(self.rng)
        table = self.topics.get(ages[0] if ages else "", self.topics[""])
        topics = [table.pick(self.rng)]
        for _ in range(20):
            if len(topics) >= count:
                break
            extra = self.extra_topics if self.rng.random() < 0.35 else table
            topic = extra.pick(self.rng)
            if party == "professional" and self.rng.random() < 0.3:
                topic = "services"
            if topic not in topics:
                topics.append(topic)
        return topics

    def _actions(self, party: str, topics: list[str]) -> list[str]:
        rates = p.ACTION_RATES["professional" if party == "professional" else "family"]
        actions = [a for a, rate in rates.items() if self.rng.random() < rate]
        if party != "parent" and "assessment_done" in actions:
            actions.remove("assessment_done")
        for topic in topics:
            urgent, protection = p.RED_FLAG_TOPICS.get(topic, (0.0, 0.0))
            if self.rng.random() < urgent and "urgent_guidance" not in actions:
                actions.append("urgent_guidance")
            if self.rng.random() < protection and "child_protection" not in actions:
                actions.append("child_protection")
        return actions

    def _referrals(
        self,
        actions: list[str],
        topics: list[str],
        municipality: str | None,
        county: str | None,
        party: str,
    ) -> list[Service]:
        found: list[Service] = []
        for action in ("referral_service", "referral_digital"):
            if action not in actions:
                continue
            wanted = 2 if self.rng.random() < p.SECOND_REFERRAL_RATE else 1
            for _ in range(wanted):
                if action == "referral_digital":
                    service = self.catalogue.pick_digital(self.rng, topics)
                else:
                    service = self.catalogue.pick_nearby(
                        self.rng,
                        municipality,
                        county,
                        topics,
                        local_first=party == "professional",
                    )
                if service is not None and service not in found:
                    found.append(service)
        return found

    def _minutes(self, channel: str, party: str) -> float:
        median = float(p.DURATION_MINUTES[channel])
        if party == "professional":
            median *= p.PROFESSIONAL_DURATION_FACTOR
        return min(60.0, max(2.0, self.rng.lognormvariate(math.log(median), 0.45)))

    def _feedback(self, channel: str, party: str) -> tuple[str, int | None]:
        asked = (
            p.FEEDBACK_ASKED_PROFESSIONAL
            if party == "professional"
            else p.FEEDBACK_ASKED.get(channel, 0.1)
        )
        if self.rng.random() >= asked:
            return "not_asked", None
        answer = self.help.pick(self.rng)
        if self.rng.random() >= p.RECOMMEND_GIVEN_RATE:
            return answer, None
        score = self.recommend.pick(self.rng)
        if answer == "no":
            score = min(score, self.rng.randint(3, 7))
        return answer, score

    def _child_count(self, party: str, ages: list[str]) -> int | None:
        if party not in ("parent", "relative") or self.rng.random() < 0.3:
            return None
        children = [a for a in ages if a != "expecting"]
        return max(self.child_count.pick(self.rng), len(children), 1 if children else 0) or None

    def _observations(self) -> list[str]:
        if self.rng.random() >= p.OBSERVATION_RATE:
            return []
        tags = [self.observation.pick(self.rng)]
        if self.rng.random() < 0.15:
            second = self.observation.pick(self.rng)
            if second not in tags:
                tags.append(second)
        return tags
