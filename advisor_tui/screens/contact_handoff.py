"""What the contact area exchanges with the other areas: its details out, services and actions in.

A mixin of `ContactScreen`: the open contact's details travel to the directory, assessment,
callbacks and meetings (`context`, `action_jump`); services, actions and a contact to open
come back (`add_referrals`, `add_actions`, `receive_context`).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from advisor_tui.i18n import t
from advisor_tui.models.assessment_links import delivered_to_form, referral_actions
from advisor_tui.models.contacts import Referral
from advisor_tui.models.handoff import ContactContext, ServiceRef
from advisor_tui.models.safe_text import single_line

if TYPE_CHECKING:
    from textual.timer import Timer

    from advisor_tui.screens.contact_form import ContactFormView

JUMPS = {
    "directory": "directory",
    "assessment": "assessment",
    "callback": "callbacks",
    "meeting": "meetings",
}


class ContactHandoff:
    if TYPE_CHECKING:
        app: Any
        draft_id: str | None
        _draft_timer: Timer | None

        @property
        def form(self) -> ContactFormView: ...

        def write_draft(self) -> None: ...

        def notify(self, message: str, **options: Any) -> None: ...

        def _confirm_then(self, question: str, then: Any) -> None: ...

        def edit(self, contact_id: str | None) -> None: ...

        def _start_new(self, **preset: Any) -> None: ...

    def context(self) -> ContactContext:
        """The open form's details, as carried to another area."""
        data = self.form.read()
        return ContactContext(
            contact_id=data.contact_id or None,
            draft_id=self.draft_id,
            municipality_code=data.municipality_code or None,
            age_groups=tuple(data.age_groups),
            topics=tuple(data.topics),
            language=data.language or None,
            party=data.party or None,
            summary=data.summary,
            channel=data.channel or None,
            callback_id=data.callback_id or None,
        )

    def keep_draft_now(self) -> None:
        """Write the draft at once (not after the usual pause), so its id can be handed on."""
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self.write_draft()

    def action_jump(self, target: str) -> None:
        """Open the directory, assessment, callbacks or meetings with this contact's details."""
        self.keep_draft_now()
        self.app.open_with_context(JUMPS[target], self.context())

    def add_referral(self, ref: ServiceRef) -> None:
        """A service chosen in the directory becomes a referral of the open contact."""
        self.add_referrals([ref])

    def add_referrals(
        self,
        refs: list[ServiceRef],
        actions: list[str] | None = None,
        *,
        assessment_id: str | None = None,
    ) -> None:
        """Services (and actions) from another area onto the open contact, all in one go.

        A service already referred to is not added twice. With `assessment_id` the assessment
        they came from is marked done and linked to this contact (to its draft until saved).
        """
        refs = [
            replace(ref, name=single_line(ref.name), organisation=single_line(ref.organisation))
            for ref in refs
        ]
        present = {item.get("service_id") for item in self.form.referrals}
        added: dict[str, ServiceRef] = {}
        for ref in refs:
            if ref.service_id not in present and ref.service_id not in added:
                added[ref.service_id] = ref
                self.form.add_referral({**Referral.from_service(ref).to_dict(), "id": None})
        self.add_actions([*(actions or []), *referral_actions(refs)], keep=False)
        if len(added) == 1:
            name = next(iter(added.values())).name
            self.notify(t("contact.messages.referral_added", name=name), markup=False)
        elif added:
            self.notify(t("contact.messages.referrals_added", count=len(added)), markup=False)
        if assessment_id is not None:
            self.keep_draft_now()
            delivered_to_form(
                self.app.store,
                assessment_id,
                refs,
                contact_id=self.form.read().contact_id or None,
                draft_id=self.draft_id,
            )

    def add_actions(self, actions: list[str], *, keep: bool = True) -> None:
        """Tick actions on the open contact (e.g. the urgent guidance after a red flag)."""
        for action in dict.fromkeys(actions):
            self.form.tick_action(action)
        if actions and keep:
            self.keep_draft_now()

    def receive_context(self, ctx: ContactContext) -> None:
        """Open a contact from another area: a stored one, or a new one with details preset."""
        if ctx.contact_id:
            self._confirm_then(t("contact.messages.confirm_new"), lambda: self.edit(ctx.contact_id))
            return
        preset: dict[str, Any] = {
            "channel": ctx.channel or "",
            "callback_id": ctx.callback_id or "",
            "party": ctx.party or "",
            "municipality_code": ctx.municipality_code or "",
            "language": ctx.language or "",
            "age_groups": list(ctx.age_groups),
            "topics": list(ctx.topics),
            "summary": ctx.summary,
        }
        self._confirm_then(t("contact.messages.confirm_new"), lambda: self._start_new(**preset))
