"""Demo situation assessments: finished ones linked to their contacts, and a few open drafts."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from advisor_tui.models.demo_contacts import Made
from advisor_tui.models.demo_records import Rows, iso
from advisor_tui.models.demo_texts import STRENGTHS
from advisor_tui.models.questionnaire import Questionnaire

RED_FLAG_FOR_ACTION = {"urgent_guidance": "immediate_danger", "child_protection": "violence"}


class AssessmentMaker:
    def __init__(self, rng: random.Random, rows: Rows, questionnaire: Questionnaire) -> None:
        self.rng = rng
        self.rows = rows
        self.questionnaire = questionnaire

    def _answers(self, topics: list[str], share: float = 1.0) -> dict[str, Any]:
        rng = self.rng
        answers: dict[str, Any] = {}
        for area in self.questionnaire.areas:
            if rng.random() > share:
                continue
            if set(area.topics) & set(topics):
                concern: int | None = rng.choice((2, 2, 3))
            elif rng.random() < 0.4:
                concern = rng.choice((0, 0, 1))
            else:
                continue
            strengths = rng.choice(STRENGTHS) if rng.random() < 0.25 else ""
            answers[area.key] = {"concern": concern, "strengths": strengths, "note": ""}
        return answers

    def for_contact(self, contact: Made, now: datetime) -> str:
        """A finished assessment made during the contact, its services delivered to it."""
        flags: dict[str, bool] = {}
        shown: list[dict[str, str]] = []
        for action, flag in RED_FLAG_FOR_ACTION.items():
            red = self.questionnaire.red_flag(flag)
            if action in contact.actions and red is not None:
                flags[flag] = True
                moment = contact.started + timedelta(minutes=4)
                shown.append({"flag": flag, "action": red.action, "at": iso(moment)})
        chosen = [
            {
                "service_id": s.id,
                "name": s.name,
                "organisation": s.organisation,
                "digital": s.digital,
                "reason": "",
            }
            for s in contact.referrals
        ]
        actions = [a for a in contact.actions if a in ("assessment_done", "needs_assessment")]
        delivered = min(contact.ended, now - timedelta(seconds=10))
        return self.rows.add(
            "assessments",
            contact.by,
            contact.started + timedelta(minutes=2),
            {
                "contact_id": contact.id,
                "contact_draft_id": None,
                "questionnaire_version": self.questionnaire.version,
                "status": "done",
                "municipality_code": contact.municipality,
                "age_groups": contact.age_groups,
                "answers": self._answers(contact.topics),
                "red_flags": flags,
                "red_flags_shown": shown,
                "chosen_services": chosen,
                "actions": actions or ["assessment_done"],
                "delivered_at": iso(delivered),
            },
            updated=delivered,
        )

    def draft(
        self, by: str, started: datetime, now: datetime, municipality: str | None, ages: list[str]
    ) -> str:
        """An assessment begun this morning and saved unfinished."""
        saved = min(
            started + timedelta(minutes=self.rng.randint(3, 12)), now - timedelta(seconds=10)
        )
        topics = [self.rng.choice(self.questionnaire.areas[0].topics or ("parenting",))]
        return self.rows.add(
            "assessments",
            by,
            started,
            {
                "contact_id": None,
                "contact_draft_id": None,
                "questionnaire_version": self.questionnaire.version,
                "status": "draft",
                "municipality_code": municipality,
                "age_groups": ages,
                "answers": self._answers(topics, share=0.4),
                "red_flags": {},
                "red_flags_shown": [],
                "chosen_services": [],
                "actions": [],
                "delivered_at": None,
            },
            updated=max(saved, started),
        )
