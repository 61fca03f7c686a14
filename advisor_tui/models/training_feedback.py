"""The trainee's feedback in words: one line per compared item, most important first."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from advisor_tui.i18n import t
from advisor_tui.models.reference import Reference
from advisor_tui.models.store import Store
from advisor_tui.models.training import Exercise, shipped_service_names
from advisor_tui.models.training_check import FACT, UNEXPECTED, Item, TrainingResult

FACT_TERMS = {"channel": "channel", "party": "party", "sector": "sector"}


@dataclass(frozen=True)
class FeedbackLine:
    """`status`: wrong, missing, avoid, recommended, extra or ok (the text says it in words)."""

    status: str
    text: str


def service_names(store: Store | None, language: str = "fi") -> dict[str, str]:
    """Service names by directory id (`source_id`): the database's, else the shipped ones."""
    names = dict(shipped_service_names())
    if store is not None and store.table_exists("services"):
        for row in store.query(
            "SELECT source_id, name_fi, name_sv, name_en FROM services WHERE deleted_at IS NULL"
        ):
            names[row["source_id"]] = row[f"name_{language}"] or row["name_fi"]
    return names


class Labels:
    """Words for items, in one language."""

    def __init__(self, reference: Reference, language: str, names: Mapping[str, str]) -> None:
        self.reference = reference
        self.language = language
        self.names = names

    def value(self, kind: str, key: str) -> str:
        if not key:
            return t("training.feedback.nothing")
        if kind in FACT_TERMS:
            return self.reference.label(FACT_TERMS[kind], key, self.language)
        if kind == "municipality":
            found = self.reference.municipalities.get(key)
            return found.name(self.language) if found else key
        if kind == "outside_county":
            return t(f"training.feedback.{'yes' if key == 'true' else 'no'}")
        return key

    def item(self, item: Item) -> str:
        if item.kind in ("topic", "action", "age_group"):
            label = self.reference.label(item.kind, item.key, self.language)
            return t(f"training.item.{item.kind}", label=label)
        if item.kind == "service":
            name = item.recorded if item.weight == UNEXPECTED else ""
            return t("training.item.service", name=name or self.names.get(item.key, item.key))
        if item.kind == "service_kind":
            return t(f"training.item.kind_{item.key}")
        return t(f"training.fact.{item.kind}")

    def described(self, item: Item) -> str:
        """The item's label, with the expected value for a fact: "kunta Kempele"."""
        label = self.item(item)
        if item.weight == FACT and item.kind != "age_group":
            return f"{label} {self.value(item.kind, item.key)}"
        return label


def _feedback_for(exercise: Exercise, item: Item, language: str) -> str:
    for expectation in exercise.expectations:
        if (expectation.kind, expectation.key) == (item.kind, item.key):
            return expectation.feedback_in(language)
    return ""


def feedback_lines(
    result: TrainingResult,
    exercise: Exercise,
    reference: Reference,
    language: str = "fi",
    names: Mapping[str, str] | None = None,
) -> list[FeedbackLine]:
    """Wrong facts and missing required items first, then what to avoid, then recommendations
    missed, then extras, then what was right."""
    labels = Labels(reference, language, names if names is not None else shipped_service_names())
    lines: list[FeedbackLine] = []
    later: list[FeedbackLine] = []
    for item in result.missing:
        label = labels.item(item)
        if item.weight == FACT and item.kind == "age_group":
            lines.append(FeedbackLine("wrong", t("training.feedback.age_missing", label=label)))
        elif item.weight == FACT:
            expected = labels.value(item.kind, item.key)
            if item.recorded:
                recorded = labels.value(item.kind, item.recorded)
                text = t(
                    "training.feedback.fact_wrong",
                    label=label,
                    expected=expected,
                    recorded=recorded,
                )
            else:
                text = t("training.feedback.fact_missing", label=label, expected=expected)
            lines.append(FeedbackLine("wrong", text))
        elif item.weight == "required":
            text = t(
                "training.feedback.missing",
                label=label,
                feedback=_feedback_for(exercise, item, language),
            )
            lines.append(FeedbackLine("missing", text))
        else:
            text = t(
                "training.feedback.recommended",
                label=label,
                feedback=_feedback_for(exercise, item, language),
            )
            later.append(FeedbackLine("recommended", text))
    for item in result.extra:
        label = labels.item(item)
        if item.weight == "avoid":
            text = t(
                "training.feedback.avoid",
                label=label,
                feedback=_feedback_for(exercise, item, language),
            )
            lines.append(FeedbackLine("avoid", text))
        elif item.kind == "age_group":
            later.append(FeedbackLine("extra", t("training.feedback.age_extra", label=label)))
        else:
            later.append(FeedbackLine("extra", t("training.feedback.extra", label=label)))
    lines.sort(key=lambda line: ("wrong", "missing", "avoid").index(line.status))
    lines += sorted(later, key=lambda line: ("recommended", "extra").index(line.status))
    for item in result.matched:
        lines.append(FeedbackLine("ok", t("training.feedback.ok", label=labels.described(item))))
    return lines


def score_line(result: TrainingResult) -> str:
    key = "training.feedback.passed" if result.passed else "training.feedback.not_passed"
    return t(key, score=result.score)
