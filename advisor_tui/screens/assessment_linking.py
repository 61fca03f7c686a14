"""Getting an assessment's results onto its contact.

The contact open in the contact area gets them through the app (`deliver_referrals`,
`deliver_actions`) onto its form, so that nothing is lost when the advisor saves that form; the
assessment then follows the form's draft to the saved contact. A contact that is saved and not
open gets them through the contacts model. An assessment with no contact yet is linked first:
to the open contact or to one saved today.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from advisor_tui.i18n import catalogue, t
from advisor_tui.models.assessment import save_assessment
from advisor_tui.models.assessment_links import deliver_to_saved_contact, link_contact
from advisor_tui.models.clock import fmt_time, local_date
from advisor_tui.models.contact_queries import list_contacts
from advisor_tui.models.errors import AdvisorError
from advisor_tui.models.handoff import ServiceRef
from advisor_tui.models.safe_text import single_line
from advisor_tui.screens.assessment_dialogs import OPEN_CONTACT, LinkContactDialog

if TYPE_CHECKING:
    from advisor_tui.screens.assessment import AssessmentScreen

SUMMARY_SHOWN = 60


class ContactLinking:
    def __init__(self, screen: AssessmentScreen) -> None:
        self.screen = screen

    @property
    def app(self) -> Any:
        return self.screen.app

    def contact_screen(self) -> Any | None:
        try:
            stack = self.app.get_screen_stack("contact")
        except KeyError:
            return None
        return stack[0] if stack else None

    def _open_context(self) -> Any | None:
        screen = self.contact_screen()
        context = getattr(screen, "context", None)
        if context is None:
            return None
        try:
            return context()
        except Exception:
            return None

    def open_contact_matches(self) -> bool:
        """Whether the contact area has this assessment's contact open in its form."""
        a = self.screen.assessment
        ctx = self._open_context()
        if a is None or ctx is None:
            return False
        if a.contact_id:
            return bool(ctx.contact_id == a.contact_id)
        if a.contact_draft_id:
            return bool(ctx.draft_id == a.contact_draft_id)
        return self.screen.from_open_contact and not ctx.contact_id

    def _tick(self, actions: list[str]) -> None:
        """Actions onto the open contact; an assessment not yet linked follows its draft."""
        self.app.deliver_actions(actions)
        a = self.screen.assessment
        ctx = self._open_context()
        if a is None or ctx is None or a.contact_id or a.contact_draft_id:
            return
        if ctx.contact_id or ctx.draft_id:
            stored = link_contact(
                self.app.store,
                a,
                ctx.contact_id,
                ctx.draft_id,
                municipality_code=ctx.municipality_code,
                age_groups=ctx.age_groups,
            )
            a.id, a.updated_at = stored.id, stored.updated_at
            self.screen.from_open_contact = False
            self.screen.refresh_status()

    def status_text(self) -> str:
        """What the assessment belongs to, its municipality, ages and questionnaire version."""
        a = self.screen.assessment
        if a is None:
            return ""
        reference, language = self.app.reference, self.app.language
        parts = [
            t("assessment.status.linked_saved")
            if a.contact_id
            else t("assessment.status.linked_draft")
            if a.contact_draft_id
            else t("assessment.status.not_linked")
        ]
        if a.municipality_code and a.municipality_code in reference.municipalities:
            name = reference.municipalities[a.municipality_code].name(language)
            parts.append(t("assessment.status.municipality", name=name))
        if a.age_groups:
            ages = ", ".join(reference.label("age_group", g, language) for g in a.age_groups)
            parts.append(t("assessment.status.ages", ages=ages))
        parts.append(t("assessment.status.version", version=a.questionnaire_version))
        return " · ".join(parts)

    def _labels(self, actions: list[str]) -> str:
        return ", ".join(self.app.reference.label("action", a, self.app.language) for a in actions)

    def add_actions(self, actions: list[str]) -> None:
        """Red-flag actions: onto the contact at once, without leaving the assessment."""
        a = self.screen.assessment
        if a is None:
            return
        if self.open_contact_matches():
            self._tick(actions)
        elif a.contact_id:
            try:
                deliver_to_saved_contact(
                    self.app.store, self.app.reference, a, [], actions, finish=False
                )
            except AdvisorError as exc:
                self.screen.notify(catalogue().error(exc), severity="error", markup=False)
                return
        else:
            self.screen.notify(
                t("assessment.status.action_pending", action=self._labels(actions)), markup=False
            )
            return
        self.screen.notify(
            t("assessment.status.action_added", action=self._labels(actions)), markup=False
        )

    def deliver(self, refs: list[ServiceRef], actions: list[str]) -> None:
        """Chosen services and actions onto the linked contact, linking it first if needed."""
        a = self.screen.assessment
        if a is None:
            return
        if self.open_contact_matches():
            if a.id is None:
                stored = save_assessment(self.app.store, a)
                a.id = stored.id
            self.app.deliver_referrals(refs, actions, assessment_id=a.id)
            self.app.notify(t("assessment.status.delivered", count=len(refs)), markup=False)
            self.screen.finished()
            return
        if a.contact_id:
            try:
                deliver_to_saved_contact(self.app.store, self.app.reference, a, refs, actions)
            except AdvisorError as exc:
                self.screen.notify(catalogue().error(exc), severity="error", markup=False)
                return
            self.screen.notify(t("assessment.status.delivered", count=len(refs)), markup=False)
            self.screen.finished()
            return
        if a.contact_draft_id:
            self.screen.notify(t("assessment.status.draft_gone"), severity="warning", markup=False)
        self.ask_link(lambda: self.deliver(refs, actions))

    def ask_link(self, then: Any) -> None:
        """Let the advisor choose the contact; `then()` runs once it is linked."""
        choices: list[tuple[str, str]] = []
        ctx = self._open_context()
        if ctx is not None:
            choices.append((OPEN_CONTACT, t("assessment.link.open_contact")))
        store = self.app.store
        language = self.app.language
        for row in list_contacts(store, local_date(store.now())):
            summary = single_line(row.summary)[:SUMMARY_SHOWN]
            label = t(
                "assessment.link.contact",
                time=fmt_time(row.started_at),
                channel=self.app.reference.label("channel", row.channel, language),
                summary=summary,
            )
            choices.append((row.id, label))

        def chosen(choice: str | None) -> None:
            a = self.screen.assessment
            if choice is None or a is None:
                return
            if choice == OPEN_CONTACT:
                open_ctx = self._open_context()
                if open_ctx is None:
                    return
                self.screen.from_open_contact = not (open_ctx.contact_id or open_ctx.draft_id)
                stored = link_contact(
                    store,
                    a,
                    open_ctx.contact_id,
                    open_ctx.draft_id,
                    municipality_code=open_ctx.municipality_code,
                    age_groups=open_ctx.age_groups,
                )
            else:
                stored = link_contact(store, a, choice)
            a.id, a.updated_at = stored.id, stored.updated_at
            a.municipality_code, a.age_groups = stored.municipality_code, stored.age_groups
            self.screen.dirty = False
            self.screen.notify(t("assessment.status.linked"), markup=False)
            self.screen.refresh_status()
            then()

        self.app.push_screen(LinkContactDialog(choices, t("assessment.link.none")), chosen)
