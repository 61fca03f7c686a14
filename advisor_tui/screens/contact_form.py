"""The contact form: every field of a contact, in the order the advisor fills them in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Checkbox, Input, Label, OptionList, Select, Static, TextArea
from textual.widgets.option_list import Option

from advisor_tui.i18n import catalogue, t
from advisor_tui.models.contact_form import ContactFormData
from advisor_tui.models.contacts import SUMMARY_MAX
from advisor_tui.models.errors import ValidationError
from advisor_tui.models.identity_codes import find_hetus
from advisor_tui.models.reference import Reference
from advisor_tui.widgets.choice_select import ChoiceSelect
from advisor_tui.widgets.term_checklist import TermChecklist
from advisor_tui.widgets.translated import translate_bindings

FIELDS = (
    "channel",
    "party",
    "sector",
    "municipality",
    "language",
    "age_groups",
    "child_count",
    "topics",
    "observations",
    "actions",
    "referrals",
    "feedback_help",
    "feedback_recommend",
    "summary",
    "day",
    "start",
    "end",
)


class ReferralList(OptionList):
    """The services this contact was referred to; Delete removes the highlighted one."""

    BINDINGS = [
        Binding(
            "delete,backspace",
            "remove",
            "contact.keys.remove_referral",
            id="contact.remove_referral",
        )
    ]

    @dataclass
    class Removed(Message):
        index: int

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        translate_bindings(self)

    def action_remove(self) -> None:
        if self.highlighted is not None:
            self.post_message(self.Removed(self.highlighted))


class ContactFormView(VerticalScroll):
    """Shows and reads a `ContactFormData`. Posts `Changed` whenever the advisor edits a field."""

    DEFAULT_CSS = """
    ContactFormView { padding: 0 1; }
    ContactFormView .field { height: auto; margin-top: 1; }
    ContactFormView .field.single { margin-top: 0; }
    ContactFormView .field > Label { width: 24; color: $text-muted; }
    ContactFormView .field > Select, ContactFormView .field > Input { width: 1fr; }
    ContactFormView .field > TermChecklist, ContactFormView .field > TextArea { width: 1fr; }
    ContactFormView .field > ReferralList { width: 1fr; }
    ContactFormView .error { color: $error; height: auto; padding-left: 24; }
    ContactFormView .warning { color: $warning; height: auto; padding-left: 24; }
    ContactFormView #status { text-style: bold; height: auto; }
    ContactFormView #age_groups { height: 8; }
    ContactFormView #topics, ContactFormView #actions { height: 10; }
    ContactFormView #referrals { height: auto; max-height: 6; }
    ContactFormView #no-referrals { color: $text-muted; width: 1fr; }
    ContactFormView #summary { height: 8; }
    ContactFormView #summary-count { color: $text-muted; padding-left: 24; height: auto; }
    ContactFormView #summary-count.error { color: $error; }
    ContactFormView .times > Input { width: 12; margin-right: 2; }
    ContactFormView .times > Label { width: auto; margin-right: 1; }
    ContactFormView .times > Label.first { width: 24; }
    ContactFormView #save { margin: 1 0 1 24; }
    """

    @dataclass
    class Changed(Message):
        """The advisor changed a field."""

    def __init__(self, reference: Reference, language: str, municipality_order: list[str]) -> None:
        super().__init__(id="contact-form")
        self.reference = reference
        self.language = language
        self.municipality_order = municipality_order
        self.data: ContactFormData | None = None
        self.referrals: list[dict[str, Any]] = []

    def _terms(self, kind: str) -> list[tuple[str, str]]:
        return [(term.label(self.language), term.key) for term in self.reference.terms(kind)]

    def _field(self, name: str, widget: Any) -> ComposeResult:
        single = not isinstance(widget, TermChecklist | TextArea)
        with Horizontal(classes="field single" if single else "field"):
            yield Label(t(f"contact.form.{name}"), id=f"{name}-label")
            yield widget
        yield Static("", id=f"{name}-error", classes="error", markup=False)

    def _choice(self, name: str, kind: str, **options: Any) -> ChoiceSelect:
        return ChoiceSelect(self._terms(kind), prompt=t("contact.form.choose"), id=name, **options)

    def compose(self) -> ComposeResult:
        municipalities = [
            (self.reference.municipalities[code].name(self.language), code)
            for code in self.municipality_order
        ]
        recommend = [(t("contact.form.not_asked"), "")] + [(str(n), str(n)) for n in range(11)]
        yield Static("", id="status", markup=False)
        yield Static("", id="context-note", classes="warning", markup=False)
        yield from self._field("channel", self._choice("channel", "channel"))
        yield from self._field("party", self._choice("party", "party"))
        yield from self._field("sector", self._choice("sector", "sector", disabled=True))
        with Horizontal(classes="field single"):
            yield Label("")
            yield Checkbox(t("contact.form.outside_county"), id="outside_county", disabled=True)
        yield from self._field(
            "municipality",
            ChoiceSelect(municipalities, prompt=t("contact.form.choose"), id="municipality"),
        )
        yield from self._field("language", self._choice("language", "language"))
        yield from self._field(
            "age_groups", TermChecklist(self._terms("age_group"), id="age_groups")
        )
        yield from self._field(
            "child_count", Input(id="child_count", type="integer", placeholder="–")
        )
        yield from self._field("topics", TermChecklist(self._terms("topic"), id="topics"))
        yield from self._field(
            "observations",
            Input(id="observations", placeholder=t("contact.form.observations_hint")),
        )
        yield Static("", id="observations-hetu", classes="warning", markup=False)
        yield from self._field("actions", TermChecklist(self._terms("action"), id="actions"))
        with Horizontal(classes="field"):
            yield Label(t("contact.form.referrals"), id="referrals-label")
            yield Static(t("contact.form.no_referrals"), id="no-referrals", markup=False)
            yield ReferralList(id="referrals")
        yield Static("", id="referrals-error", classes="error", markup=False)
        yield from self._field(
            "feedback_help",
            self._choice("feedback_help", "feedback_help", value="not_asked", allow_blank=False),
        )
        yield from self._field(
            "feedback_recommend",
            ChoiceSelect(
                recommend,
                prompt=t("contact.form.choose"),
                id="feedback_recommend",
                allow_blank=False,
            ),
        )
        with Horizontal(classes="field single"):
            yield Label("")
            yield Checkbox(t("contact.form.repeat_contact"), id="repeat_contact")
        yield from self._field("summary", TextArea(id="summary", tab_behavior="focus"))
        yield Static("", id="summary-count", markup=False)
        yield Static("", id="summary-hetu", classes="warning", markup=False)
        with Horizontal(classes="field times"):
            yield Label(t("contact.form.day"), id="day-label", classes="first")
            yield Input(id="day")
            yield Label(t("contact.form.start"), id="start-label")
            yield Input(id="start")
            yield Label(t("contact.form.end"), id="end-label")
            yield Input(id="end")
        for name in ("day", "start", "end"):
            yield Static("", id=f"{name}-error", classes="error", markup=False)
        yield Button(t("contact.form.save"), id="save", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#end", Input).placeholder = t("contact.form.running")
        for widget in self.query("Select, Input, Checkbox"):
            widget.compact = True  # type: ignore[attr-defined]
        self.clear_errors()
        self._show_referrals()

    # -- reading and filling ---------------------------------------------------------------

    def fill(self, data: ContactFormData) -> None:
        """Show a form's data in the fields (a new, restored or stored contact)."""
        self.data = data
        self.query_one("#channel", ChoiceSelect).choose(data.channel)
        self.query_one("#party", ChoiceSelect).choose(data.party)
        self.query_one("#sector", ChoiceSelect).choose(data.sector)
        self.query_one("#outside_county", Checkbox).value = data.outside_county
        self.query_one("#municipality", ChoiceSelect).choose(data.municipality_code)
        self.query_one("#language", ChoiceSelect).choose(data.language)
        self.query_one("#age_groups", TermChecklist).set_keys(data.age_groups)
        self.query_one("#child_count", Input).value = data.child_count
        self.query_one("#topics", TermChecklist).set_keys(data.topics)
        self.query_one("#observations", Input).value = data.observations
        self.query_one("#actions", TermChecklist).set_keys(data.actions)
        self.referrals = [dict(item) for item in data.referrals]
        self.query_one("#feedback_help", ChoiceSelect).choose(data.feedback_help or "not_asked")
        self.query_one("#feedback_recommend", ChoiceSelect).choose(data.feedback_recommend)
        self.query_one("#repeat_contact", Checkbox).value = data.repeat_contact
        self.query_one("#summary", TextArea).load_text(data.summary)
        for name in ("day", "start", "end"):
            self.query_one(f"#{name}", Input).value = getattr(data, name)
        note = t("contact.form.callback_link") if data.callback_id else ""
        self.query_one("#context-note", Static).update(note)
        self._enable_professional(data.party)
        self._show_referrals()
        self._check_text()
        self.clear_errors()
        self.scroll_home(animate=False)

    def read(self) -> ContactFormData:
        """What the fields hold now."""
        assert self.data is not None
        base = self.data
        return ContactFormData(
            started_iso=base.started_iso,
            ended_iso=base.ended_iso,
            contact_id=base.contact_id,
            callback_id=base.callback_id,
            day=self.query_one("#day", Input).value,
            start=self.query_one("#start", Input).value,
            end=self.query_one("#end", Input).value,
            channel=self.query_one("#channel", ChoiceSelect).key,
            party=self.query_one("#party", ChoiceSelect).key,
            sector=self.query_one("#sector", ChoiceSelect).key,
            outside_county=self.query_one("#outside_county", Checkbox).value,
            municipality_code=self.query_one("#municipality", ChoiceSelect).key,
            language=self.query_one("#language", ChoiceSelect).key,
            age_groups=self.query_one("#age_groups", TermChecklist).keys,
            child_count=self.query_one("#child_count", Input).value,
            topics=self.query_one("#topics", TermChecklist).keys,
            observations=self.query_one("#observations", Input).value,
            actions=self.query_one("#actions", TermChecklist).keys,
            referrals=[dict(item) for item in self.referrals],
            feedback_help=self.query_one("#feedback_help", ChoiceSelect).key,
            feedback_recommend=self.query_one("#feedback_recommend", ChoiceSelect).key,
            repeat_contact=self.query_one("#repeat_contact", Checkbox).value,
            summary=self.query_one("#summary", TextArea).text,
        )

    def add_referral(self, item: dict[str, Any]) -> None:
        self.referrals.append(item)
        self._show_referrals()
        self.post_message(self.Changed())

    def tick_action(self, key: str) -> None:
        actions = self.query_one("#actions", TermChecklist)
        if key not in actions.selected:
            actions.select(key)

    def focus_first(self) -> None:
        self.scroll_home(animate=False)
        self.query_one("#channel", ChoiceSelect).focus()

    # -- errors and warnings ---------------------------------------------------------------

    def clear_errors(self) -> None:
        for name in FIELDS:
            error = self.query_one(f"#{name}-error", Static)
            error.update("")
            error.display = False

    def show_errors(self, errors: list[ValidationError]) -> None:
        """Each message next to its field; focus moves to the first field in error."""
        self.clear_errors()
        texts: dict[str, list[str]] = {}
        for error in errors:
            name = error.field if error.field in FIELDS else "channel"
            texts.setdefault(name, []).append(catalogue().error(error))
        for name, lines in texts.items():
            error = self.query_one(f"#{name}-error", Static)
            error.update("\n".join(lines))
            error.display = True
        first = next((name for name in FIELDS if name in texts), None)
        if first is not None:
            target = "#referrals" if first == "referrals" else f"#{first}"
            widget = self.query_one(target)
            if widget.focusable:
                widget.focus()
            self.query_one(f"#{first}-label").scroll_visible(animate=False)

    def _show_referrals(self) -> None:
        listing = self.query_one("#referrals", ReferralList)
        highlighted = listing.highlighted
        listing.clear_options()
        for item in self.referrals:
            line = Text(str(item.get("service_name", "")))
            if item.get("organisation"):
                line.append(f" · {item['organisation']}", style="dim")
            if item.get("digital"):
                line.append(f" ({t('contact.form.digital')})")
            listing.add_option(Option(line))
        listing.display = bool(self.referrals)
        self.query_one("#no-referrals").display = not self.referrals
        if self.referrals:
            count = len(self.referrals)
            listing.highlighted = min(highlighted or 0, count - 1)

    def _enable_professional(self, party: str) -> None:
        professional = party == "professional"
        self.query_one("#sector", ChoiceSelect).disabled = not professional
        self.query_one("#outside_county", Checkbox).disabled = not professional

    def _check_text(self) -> None:
        summary = self.query_one("#summary", TextArea).text
        length = len(summary)
        count = self.query_one("#summary-count", Static)
        if length > SUMMARY_MAX:
            count.update(t("contact.form.summary_over", count=length, limit=SUMMARY_MAX))
            count.set_class(True, "error")
        else:
            count.update(t("contact.form.summary_count", count=length, limit=SUMMARY_MAX))
            count.set_class(False, "error")
        for name, text in (
            ("summary", summary),
            ("observations", self.query_one("#observations", Input).value),
        ):
            found = len(find_hetus(text))
            warning = t("contact.form.hetu_warning", count=found) if found else ""
            self.query_one(f"#{name}-hetu", Static).update(warning)

    # -- events ------------------------------------------------------------------------------

    @on(ReferralList.Removed)
    def _remove_referral(self, event: ReferralList.Removed) -> None:
        if 0 <= event.index < len(self.referrals):
            del self.referrals[event.index]
            self._show_referrals()
            self.post_message(self.Changed())
            if not self.referrals:
                self.query_one("#feedback_help", ChoiceSelect).focus()

    @on(Select.Changed, "#party")
    def _party_changed(self, event: Select.Changed) -> None:
        self._enable_professional(str(event.value) if isinstance(event.value, str) else "")

    @on(TextArea.Changed)
    @on(Input.Changed, "#observations")
    def _text_changed(self) -> None:
        self._check_text()

    @on(Input.Changed)
    @on(Select.Changed)
    @on(Checkbox.Changed)
    @on(TextArea.Changed)
    @on(TermChecklist.SelectedChanged)
    def _changed(self) -> None:
        self.post_message(self.Changed())
