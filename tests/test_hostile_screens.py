"""Hostile strings shown in every area: always literally, never as markup or terminal control.

Records carrying generated strings are saved through the models, each area is opened in a
Pilot, and what its tables, detail views, lists and notifications hold is compared with the
cleaned input. What the compositor finally draws is checked for control characters too.
The `check_*` functions return how many (string, place) pairs they compared; the benchmark
calls them with larger pools.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from rich.table import Table
from textual.content import Content
from textual.widgets import DataTable, Input, OptionList, Static, TextArea

from advisor_tui.app import AdvisorApp
from advisor_tui.i18n import t
from advisor_tui.models import callbacks as cb
from advisor_tui.models import meetings
from advisor_tui.models.assessment import (
    get_assessment,
    new_assessment,
    save_assessment,
    set_concern,
)
from advisor_tui.models.callback_actions import record_attempt
from advisor_tui.models.callback_requests import create_callback
from advisor_tui.models.clock import fmt_date, local_date
from advisor_tui.models.contacts import (
    SUMMARY_MAX,
    TAG_MAX,
    Contact,
    Referral,
    normalise_tag,
    save_contact,
)
from advisor_tui.models.directory_import import import_file
from advisor_tui.models.handoff import ServiceRef
from advisor_tui.models.meetings import MeetingDraft, Participant, TaskDraft
from advisor_tui.models.questionnaire import load_questionnaire
from advisor_tui.models.reference import shipped_reference
from advisor_tui.models.safe_text import clean_text
from advisor_tui.models.store import Store
from advisor_tui.screens.assessment_start import AssessmentStart
from tests.hostile_strings import expected, fits, has_forbidden, hostile_strings, plain

SIZE = (200, 60)
STRINGS = hostile_strings()
LONG_LINES = [text for text in STRINGS if len(text) > 5000]
SHORT_STRINGS = [text for text in STRINGS if len(text) <= 5000]
# Field limits of the meeting form, as its messages state them.
SHORT, PLACE, REASON, LONG = 200, 500, 1000, 4000
OPEN_CALLBACKS = 15
ASSESSMENT_TEXT = 2000


@dataclass
class Tally:
    """How many (string, place) pairs were compared, per place."""

    places: dict[str, int] = field(default_factory=dict)
    unplaced: int = 0

    def add(self, place: str, count: int = 1) -> None:
        self.places[place] = self.places.get(place, 0) + count

    @property
    def total(self) -> int:
        return sum(self.places.values())


class Pool:
    """Hands out the strings in turn, each at most once; one a field cannot hold waits for a
    later, larger field. True while strings remain that were never offered."""

    def __init__(self, strings: list[str]) -> None:
        self.strings = strings
        self.index = 0
        self.skipped: list[str] = []
        self.lengths = {text: len(clean_text(text)) for text in strings}

    def __bool__(self) -> bool:
        return self.index < len(self.strings)

    def take(self, limit: int) -> str | None:
        for position, text in enumerate(self.skipped):
            if self.lengths.get(text, limit + 1) <= limit:
                return self.skipped.pop(position)
        while self.index < len(self.strings):
            text = self.strings[self.index]
            self.index += 1
            if self.lengths[text] <= limit:
                return text
            self.skipped.append(text)
        return None


def visual_text(widget: Static) -> str:
    return plain(widget.visual)


def drawn_text(app: AdvisorApp) -> str:
    """Everything the compositor draws on the screen right now, line by line."""
    strips = app.screen._compositor.render_strips()
    return "\n".join(strip.text for strip in strips)


def table_cells(table: DataTable[Any]) -> list[str]:
    return [plain(cell) for row in range(table.row_count) for cell in table.get_row_at(row)]


def assert_shown(shown: str, raw: str, *, one_line: bool = False, where: str = "") -> None:
    want = expected(raw, one_line=one_line)
    assert want in shown, f"{where}: {raw!r} not shown literally"


def assert_clean(shown: str, where: str) -> None:
    bad = [(i, shown[max(0, i - 20) : i + 20]) for i, c in enumerate(shown) if has_forbidden(c)]
    assert not bad, f"{where}: a control character reached the screen: {bad[:3]!r}"


async def settle(app: AdvisorApp, pilot: Any) -> None:
    await pilot.pause()
    assert app.is_running and app.return_code is None
    assert_clean(drawn_text(app), f"screen {app.current_mode}")


# -- callbacks -----------------------------------------------------------------------------------


def _callbacks(store: Store, pool: Pool) -> list[tuple[str, list[tuple[str, bool]]]]:
    """Callbacks whose name, time window, note and attempt note are hostile strings."""
    made: list[tuple[str, list[tuple[str, bool]]]] = []
    while pool:
        name = pool.take(cb.NAME_MAX)
        window = pool.take(cb.WINDOW_MAX)
        note = pool.take(cb.NOTE_MAX)
        tried = pool.take(cb.NOTE_MAX)
        form = cb.RequestForm(
            phone="040 123 4567", name=name or "", preferred_window=window or "", note=note or ""
        )
        saved = create_callback(store, form)
        if tried is not None:
            # Most are closed by reaching the caller, so that the queue stays short.
            outcome = "no_answer" if len(made) < OPEN_CALLBACKS else "reached"
            record_attempt(store, saved.id, outcome, tried)
        texts = [(name, True), (window, True), (note, False), (tried, False)]
        made.append((saved.id, [(text, one) for text, one in texts if text is not None]))
    return made


async def check_callbacks(store: Store, strings: list[str], tally: Tally) -> None:
    made = _callbacks(store, Pool(strings))
    app = AdvisorApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f5")
        await settle(app, pilot)
        screen = app.screen
        detail = screen.query_one("#detail", Static)
        for number, (callback_id, texts) in enumerate(made):
            screen.show_detail(callback_id, personal=True)  # type: ignore[attr-defined]
            shown = visual_text(detail)
            assert_clean(shown, "callback detail")
            for raw, one_line in texts:
                assert_shown(shown, raw, one_line=one_line, where="callback detail")
            tally.add("callbacks.detail", len(texts))
            if number % 50 == 0:
                await settle(app, pilot)
        assert_clean("".join(table_cells(screen.query_one("#queue", DataTable))), "queue")


async def test_callback_detail_shows_every_string_literally(store: Store) -> None:
    tally = Tally()
    strings = SHORT_STRINGS[:600]
    await check_callbacks(store, strings, tally)
    assert tally.places["callbacks.detail"] == sum(fits(s, cb.NOTE_MAX) for s in strings)


# -- meetings ------------------------------------------------------------------------------------


def _meetings(store: Store, pool: Pool) -> list[tuple[str, list[tuple[str, bool]]]]:
    """Meetings today and in the next days with hostile place, texts, people and tasks."""
    today = local_date(store.now())
    made: list[tuple[str, list[tuple[str, bool]]]] = []
    number = 0
    while pool:
        held = number % 3 == 0
        cancelled = number % 3 == 1
        day = today if held else today + timedelta(days=1 + number % 12)
        start = f"{number % 9}.{(number * 7) % 60:02d}" if held else "12.00"
        texts: dict[str, str | None] = {
            "place": pool.take(PLACE),
            "purpose": pool.take(LONG),
            "agenda": pool.take(LONG),
            "parent": pool.take(SHORT),
            "role": pool.take(SHORT),
            "name": pool.take(SHORT),
            "organisation": pool.take(SHORT),
        }
        people = [Participant(kind="family", role="parent", name=texts["parent"] or "")]
        if texts["role"] and texts["name"]:
            people.append(
                Participant(
                    kind="professional",
                    role=texts["role"],
                    name=texts["name"],
                    organisation=texts["organisation"] or "",
                )
            )
        draft = MeetingDraft(
            day=fmt_date(day),
            start=start,
            place=texts["place"] or "",
            purpose=texts["purpose"] or "",
            agenda=texts["agenda"] or "",
            participants=tuple(people),
        )
        meeting_id = meetings.book(store, draft, allow_outside_hours=True, allow_past=True)
        shown = [
            (texts[key], key not in ("purpose", "agenda"))
            for key in ("place", "purpose", "agenda", "parent")
        ]
        if len(people) > 1:
            shown += [(texts[key], True) for key in ("role", "name", "organisation")]
        else:
            pool.skipped += [t for key in ("role", "name", "organisation") if (t := texts[key])]
        if held:
            outcome, who, what = pool.take(LONG), pool.take(SHORT), pool.take(REASON)
            if outcome:
                tasks = [TaskDraft(who=who, what=what)] if who and what else []
                meetings.mark_held(store, meeting_id, outcome, tasks)
                shown.append((outcome, False))
                if tasks:
                    shown += [(who, True), (what, True)]
        elif cancelled:
            reason = pool.take(REASON)
            if reason:
                meetings.cancel(store, meeting_id, reason)
                shown.append((reason, False))
        made.append((meeting_id, [(text, one) for text, one in shown if text]))
        number += 1
    return made


async def check_meetings(store: Store, strings: list[str], tally: Tally) -> None:
    made = dict(_meetings(store, Pool(strings)))
    app = AdvisorApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f6")
        await settle(app, pilot)
        screen: Any = app.screen
        table = screen.query_one("#agenda", DataTable)
        details = screen.query_one("#details", Static)
        assert table.row_count == len(made)
        for row, meeting in enumerate(screen.shown):
            cells = [plain(cell) for cell in table.get_row_at(row)]
            assert_clean("".join(cells), "agenda row")
            assert cells[3] == expected(meeting.place, one_line=True) or not meeting.place
            table.move_cursor(row=row)
            screen.show_details()
            shown = visual_text(details)
            assert_clean(shown, "meeting details")
            for raw, one_line in made[meeting.id]:
                assert_shown(shown, raw, one_line=one_line, where="meeting details")
            tally.add("meetings.details", len(made[meeting.id]))
            if row % 40 == 0:
                await settle(app, pilot)
        places = [raw for texts in made.values() for raw, _one in texts[:1]]
        tally.add("meetings.agenda", len(places))
        await pilot.press("escape")
        await settle(app, pilot)
        agenda = visual_text(app.screen.query_one("#agenda", Static))
        assert_clean(agenda, "shift agenda")


async def test_meeting_agenda_and_details_show_every_string_literally(store: Store) -> None:
    tally = Tally()
    await check_meetings(store, SHORT_STRINGS[600:1100], tally)
    assert tally.places["meetings.details"] >= 500


# -- directory -----------------------------------------------------------------------------------

GROUP_WORDS = ("zqxalfa", "zqxbeta", "zqxgamma", "zqxdelta", "zqxepsilon", "zqxzeta", "zqxeta")
PER_GROUP = 30


def directory_file(path: Path, pool: Pool, groups: int) -> dict[str, list[tuple[str, bool]]]:
    """A native directory file of services full of hostile text; what each should show."""
    organisations: list[dict[str, Any]] = []
    services: list[dict[str, Any]] = []
    shown: dict[str, list[tuple[str, bool]]] = {}
    for number in range(groups * PER_GROUP):
        if not pool:
            break
        word = GROUP_WORDS[number // PER_GROUP]
        texts = {
            "name": pool.take(300),
            "org": pool.take(300),
            "summary": pool.take(2000),
            "label": pool.take(300),
            "value": pool.take(500),
            "hours_note": pool.take(2000),
            "charge_note": pool.take(2000),
        }
        if texts["name"] is None or texts["value"] is None:
            break
        source_id = f"h{number}"
        organisations.append(
            {"key": source_id, "source": "koe", "source_id": source_id, "name_fi": texts["org"]}
        )
        services.append(
            {
                "source": "koe",
                "source_id": source_id,
                "organisation": source_id,
                "verified_on": "2026-10-01",
                "name_fi": texts["name"],
                "summary_fi": texts["summary"],
                "keywords": [word],
                "area_scope": "nationwide",
                "channels": [
                    {
                        "kind": "phone",
                        "label": texts["label"],
                        "value": texts["value"],
                        "hours_note": texts["hours_note"],
                        "charge_note": texts["charge_note"],
                    }
                ],
            }
        )
        # What the importer reads: JSON joins an escaped surrogate pair into one character.
        shown[source_id] = [
            (json.loads(json.dumps(text)), False) for text in texts.values() if text is not None
        ]
    document = {
        "format": "advisor-tui-directory",
        "version": 1,
        "organisations": organisations,
        "services": services,
    }
    path.write_text(json.dumps(document), encoding="utf-8")
    return shown


def _one_line(text: str) -> str:
    return " ".join(expected(text).split())


async def check_directory(store: Store, strings: list[str], tally: Tally, folder: Path) -> None:
    pool = Pool(strings)
    groups = min(len(GROUP_WORDS), -(-len(strings) // (7 * PER_GROUP)))
    shown = directory_file(folder / "hostile.json", pool, groups)
    import_file(store, folder / "hostile.json", "native")
    names = {expected(texts[0][0]): source_id for source_id, texts in shown.items()}
    app = AdvisorApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f4")
        await _directory_settle(app, pilot)
        screen: Any = app.screen
        results = screen.query_one("#results", OptionList)
        detail = screen.query_one("#detail-text", Static)
        for word in GROUP_WORDS[:groups]:
            screen.query_one("#query", Input).value = word
            await _directory_settle(app, pilot)
            rows = list(getattr(results, "rows", []))
            assert results.option_count == len(rows) > 0
            for index, row in enumerate(rows):
                source_id = names[row[0]]
                prompt = plain(results.get_option_at_index(index).prompt)
                assert_clean(prompt, "directory result")
                start = prompt.split("…")[0].rstrip()[:40].rstrip()
                assert _one_line(shown[source_id][0][0]).startswith(start)
                tally.add("directory.results")
                results.highlighted = index
                await pilot.pause()
                text = visual_text(detail)
                assert_clean(text, "directory detail")
                for raw, one_line in shown[source_id]:
                    assert_shown(text, raw, one_line=one_line, where="directory detail")
                tally.add("directory.detail", len(shown[source_id]))
            await settle(app, pilot)
        last = shown[names[rows[-1][0]]]
        screen.action_copy_phone()
        screen.action_mark_checked()
        await settle(app, pilot)
        notices = [plain(n.message) for n in app._notifications]
        assert_clean(" ".join(notices), "directory notices")
        assert any(expected(last[0][0]) in n for n in notices)
        assert any(expected(last[4][0]) in n for n in notices)
        tally.add("directory.notification", 2)


async def _directory_settle(app: AdvisorApp, pilot: Any) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    await settle(app, pilot)


async def test_directory_results_detail_and_notice_show_strings_literally(
    store: Store, tmp_path: Path
) -> None:
    tally = Tally()
    await check_directory(store, SHORT_STRINGS[1100:1520], tally, tmp_path)
    assert tally.places["directory.results"] == 60
    assert tally.places["directory.detail"] >= 400


# -- contacts and the report -----------------------------------------------------------------


def _contacts(store: Store, pool: Pool) -> list[tuple[str, list[str], list[str]]]:
    """Contacts with a hostile summary, observation tag and referral; what each should show."""
    reference = shipped_reference()
    now = store.now()
    made: list[tuple[str, list[str], list[str]]] = []
    while pool:
        summary = pool.take(SUMMARY_MAX)
        tag = pool.take(TAG_MAX)
        service = pool.take(300)
        organisation = pool.take(300)
        referrals = []
        if service is not None:
            referrals.append(
                Referral(service_id=f"s{len(made)}", service_name=service, organisation="")
            )
        if organisation is not None:
            referrals.append(
                Referral(service_id="o", service_name="Palvelu", organisation=organisation)
            )
        contact = Contact(
            started_at=now - timedelta(minutes=30),
            ended_at=now - timedelta(minutes=20),
            channel="phone",
            party="parent",
            topics=["sleep"],
            actions=["advice"],
            summary=summary or "",
            observations=[tag] if tag else [],
            referrals=referrals,
        )
        saved = save_contact(store, reference, contact)
        texts = [t for t in (summary, service, organisation) if t is not None]
        made.append((saved.contact_id, texts, [tag] if tag else []))
    return made


async def check_contacts(store: Store, strings: list[str], tally: Tally) -> None:
    pool = Pool(strings)
    made = _contacts(store, pool)
    tally.unplaced += len(pool.skipped)
    app = AdvisorApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await settle(app, pilot)
        screen: Any = app.screen
        for number, (contact_id, texts, tags) in enumerate(made):
            screen.edit(contact_id)
            summary = screen.query_one("#summary", TextArea).text
            observations = screen.query_one("#observations", Input).value
            listing = screen.query_one("#referrals", OptionList)
            prompts = " ".join(
                plain(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)
            )
            shown = "\n".join([summary, observations, prompts])
            assert_clean(shown, "contact form")
            for raw in texts:
                assert_shown(shown, raw, where="contact form")
            for raw in tags:
                assert normalise_tag(raw) in observations
            tally.add("contacts.form", len(texts) + len(tags))
            if number % 25 == 0:
                await settle(app, pilot)
        before = len(app._notifications)
        for number, raw in enumerate(strings[:20]):
            app.deliver_referral(ServiceRef(f"hostile-{number}", raw, False, "", ""))
        await settle(app, pilot)
        notices = [plain(n.message) for n in list(app._notifications)[before:]]
        assert_clean(" ".join(notices), "referral notice")
        for raw in strings[:20]:
            assert any(expected(raw, one_line=True) in n for n in notices), raw
        tally.add("contacts.notification", 20)
        await pilot.press("f7")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await settle(app, pilot)
        assert_clean(section_texts(app), "report tables")
        tags = {normalise_tag(tags[0]) for _id, _texts, tags in made if tags}
        shown_tags = observation_rows(app)
        assert len(shown_tags) == min(10, len(tags))
        assert set(shown_tags) <= tags
        tally.add("report.observations", len(shown_tags))


def observation_rows(app: AdvisorApp) -> list[str]:
    """The labels in the report's section on observations (the most frequent ones)."""
    title = t("report.observations")
    for static in app.screen.query(".section-title").results(Static):
        if visual_text(static) == title:
            index = (static.id or "").rsplit("-", 1)[-1]
            return first_column(app.screen.query_one(f"#section-{index}"))
    raise AssertionError("the report has no section on observations")


def first_column(widget: Any) -> list[str]:
    """The first column of a data table, or of a Rich table shown in a Static."""
    if isinstance(widget, DataTable):
        return [plain(widget.get_row_at(row)[0]) for row in range(widget.row_count)]
    table = widget.content
    assert isinstance(table, Table), type(table)
    return [plain(cell) for cell in table.columns[0].cells]


def section_texts(app: AdvisorApp) -> str:
    """All the text of the report's sections, whichever widget shows them."""
    texts = [" ".join(table_cells(table)) for table in app.screen.query(DataTable).results()]
    for static in app.screen.query(".section-rows").results(Static):
        table = static.content
        if isinstance(table, Table):
            texts += [plain(cell) for column in table.columns for cell in column.cells]
    return " ".join(texts)


async def test_contact_form_notice_and_report_show_strings_literally(store: Store) -> None:
    tally = Tally()
    strings = LONG_LINES + SHORT_STRINGS[1520:1700]
    await check_contacts(store, strings, tally)
    assert tally.places["contacts.form"] == len(strings) - tally.unplaced
    assert tally.unplaced <= 3


# -- assessment ----------------------------------------------------------------------------------


def _assessments(store: Store, pool: Pool) -> list[tuple[str, list[tuple[str, str]]]]:
    """Assessments whose every area has a concern, a hostile note and hostile strengths."""
    questionnaire = load_questionnaire().questionnaire
    assert questionnaire is not None
    made: list[tuple[str, list[tuple[str, str]]]] = []
    while pool:
        assessment = new_assessment(questionnaire)
        texts: list[tuple[str, str]] = []
        for area in questionnaire.areas:
            note, strengths = pool.take(ASSESSMENT_TEXT), pool.take(ASSESSMENT_TEXT)
            set_concern(assessment, area.key, 2)
            answer = assessment.answer(area.key)
            answer.note, answer.strengths = note or "", strengths or ""
            texts += [(area.key, text) for text in (note, strengths) if text is not None]
        saved = save_assessment(store, assessment)
        assert saved.id is not None
        made.append((saved.id, texts))
    return made


async def check_assessment(store: Store, strings: list[str], tally: Tally) -> None:
    made = _assessments(store, Pool(strings))
    app = AdvisorApp(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        await settle(app, pilot)
        screen: Any = app.screen
        for number, (assessment_id, texts) in enumerate(made):
            screen.post_message(AssessmentStart.Chosen(assessment_id))
            await pilot.pause()
            walk = " ".join(
                [
                    screen.query_one("#walk-note", Input).value,
                    screen.query_one("#walk-strengths", Input).value,
                    visual_text(screen.query_one("#walk-title", Static)),
                ]
            )
            assert_clean(walk, "assessment walk")
            screen.action_results()
            await pilot.pause()
            summary = visual_text(screen.query_one("#result-summary-text", Static))
            assert_clean(summary, "assessment result")
            for _area, raw in texts:
                assert_shown(summary, raw, where="assessment result")
            tally.add("assessment.result", len(texts))
            screen.show_start()
            if number % 10 == 0:
                await settle(app, pilot)
        options = screen.query_one("#start-list", OptionList)
        prompts = [
            plain(options.get_option_at_index(i).prompt) for i in range(options.option_count)
        ]
        assert_clean(" ".join(prompts), "assessment drafts")
    for assessment_id, texts in made:
        stored = get_assessment(store, assessment_id)
        assert stored is not None
        kept = [a.note for a in stored.answers.values()] + [
            a.strengths for a in stored.answers.values()
        ]
        assert {expected(raw) for _area, raw in texts} <= set(kept), "opening changed a text"


async def test_assessment_walk_and_result_show_strings_literally(store: Store) -> None:
    tally = Tally()
    await check_assessment(store, SHORT_STRINGS[1700:], tally)
    assert tally.places["assessment.result"] == len(SHORT_STRINGS[1700:])


def test_the_comparison_catches_markup_and_controls() -> None:
    """A place that rendered markup, or kept an escape, would fail these checks."""
    raw = "[bold]lihava[/bold] [@click=app.quit]x[/]"
    rendered = plain(Content.from_markup(raw))
    assert rendered == "lihava x"
    with pytest.raises(AssertionError):
        assert_shown(rendered, raw)
    assert_shown(plain(Content(raw)), raw)
    with pytest.raises(AssertionError):
        assert_clean("a\x1b[31mb", "test")
    with pytest.raises(AssertionError):
        assert_clean("a\x85b", "test")


def strings_in_slices(strings: list[str], parts: int) -> Iterator[list[str]]:
    size = -(-len(strings) // parts)
    for start in range(0, len(strings), size):
        yield strings[start : start + size]


__all__ = [
    "Tally",
    "check_assessment",
    "check_callbacks",
    "check_contacts",
    "check_directory",
    "check_meetings",
    "strings_in_slices",
]
