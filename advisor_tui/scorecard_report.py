"""The scorecard as labelled sections, shared by `advisor-tui report` and the Reports area."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from advisor_tui.i18n import t
from advisor_tui.models.clock import fmt_date
from advisor_tui.models.reference import Reference
from advisor_tui.models.scorecard import Scorecard


@dataclass(frozen=True)
class Section:
    """A titled list of (label, figure); `chart` when the figures are counts worth a bar each."""

    title: str
    rows: tuple[tuple[str, str], ...]
    chart: bool = False


def _share(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f} %".replace(".", ",")


def _number(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}".replace(".", ",")


def _top(counter: Counter[str], label: object, limit: int = 10) -> tuple[tuple[str, str], ...]:
    return tuple((label(key), str(n)) for key, n in counter.most_common(limit))  # type: ignore[operator]


def sections(card: Scorecard, reference: Reference, language: str) -> list[Section]:
    def municipality(code: str) -> str:
        found = reference.municipalities.get(code)
        return found.name(language) if found else t("report.unknown")

    help_shares = card.help_shares
    return [
        Section(
            t("report.client"),
            (
                (t("report.help_yes"), _share(help_shares.get("yes"))),
                (t("report.help_partly"), _share(help_shares.get("partly"))),
                (t("report.help_no"), _share(help_shares.get("no"))),
                (t("report.recommend_average"), _number(card.recommend_average)),
                (t("report.recommend_answers"), str(sum(card.recommend.values()))),
            ),
        ),
        Section(
            t("report.recommend_distribution"),
            tuple((str(score), str(card.recommend[score])) for score in range(11))
            if card.recommend
            else (),
            chart=True,
        ),
        Section(
            t("report.process"),
            (
                (t("report.contacts"), str(card.contacts)),
                (t("report.digital_referred"), str(card.digital_referred)),
                (t("report.digital_share"), _share(card.digital_share)),
            ),
        ),
        Section(
            t("report.economy"),
            (
                (t("report.needs_assessment"), str(card.needs_assessment)),
                (t("report.other_services"), str(card.other_services)),
                (t("report.consultations"), str(card.consultations)),
                (t("report.consultations_local"), str(card.consultations_to_local)),
            ),
        ),
        Section(
            t("report.staff"),
            ((t("report.outside_county"), str(card.consultations_outside_county)),),
        ),
        Section(
            t("report.promises"),
            (
                (t("report.callbacks_share"), _share(card.callback_promise_share)),
                (t("report.callbacks_counted"), str(card.callbacks_counted)),
                (t("report.meetings_booked"), str(card.meetings_booked)),
                (t("report.meetings_held"), str(card.meetings_held)),
            ),
        ),
        Section(
            t("report.by_channel"),
            _top(card.by_channel, lambda k: reference.label("channel", k, language)),
        ),
        Section(
            t("report.by_party"),
            _top(card.by_party, lambda k: reference.label("party", k, language)),
        ),
        Section(t("report.by_municipality"), _top(card.by_municipality, municipality)),
        Section(
            t("report.by_topic"),
            _top(card.by_topic, lambda k: reference.label("topic", k, language)),
        ),
        Section(
            t("report.by_weekday"),
            tuple(
                (t(f"app.weekday.{d}"), str(card.by_weekday[d])) for d in sorted(card.by_weekday)
            ),
            chart=True,
        ),
        Section(
            t("report.by_hour"),
            tuple((f"{h:02d}.00–{h:02d}.59", str(card.by_hour[h])) for h in sorted(card.by_hour)),
            chart=True,
        ),
        Section(t("report.observations"), _top(card.observations, str)),
    ]


def title(card: Scorecard) -> str:
    who = f" · {card.advisor}" if card.advisor else ""
    return t("report.title", first=fmt_date(card.first), last=fmt_date(card.last)) + who


def as_rich(card: Scorecard, reference: Reference, language: str) -> RenderableType:
    tables: list[RenderableType] = [Text(title(card), style="bold")]
    for section in sections(card, reference, language):
        table = Table(title=section.title, title_justify="left", show_header=False, expand=False)
        table.add_column(min_width=36)
        table.add_column(justify="right")
        for label, value in section.rows or ((t("report.none"), ""),):
            table.add_row(Text(label), Text(value))
        tables.append(table)
    return Group(*tables)


def as_markdown(card: Scorecard, reference: Reference, language: str) -> str:
    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    lines = [f"# {cell(title(card))}", ""]
    for section in sections(card, reference, language):
        lines += [f"## {cell(section.title)}", "", "| | |", "|---|---:|"]
        lines += [f"| {cell(label)} | {cell(value)} |" for label, value in section.rows]
        lines.append("")
    return "\n".join(lines)


def as_json(card: Scorecard) -> str:
    return json.dumps(card.as_dict(), ensure_ascii=False, indent=2)
