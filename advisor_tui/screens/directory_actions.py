"""What the advisor does with the chosen service: copy, message, check, correct, refer."""

from __future__ import annotations

from textual.screen import Screen

from advisor_tui.i18n import t
from advisor_tui.models.directory import Service, family_message
from advisor_tui.models.directory_feedback import mark_checked, record_correction
from advisor_tui.models.directory_search import ServiceHit
from advisor_tui.models.errors import AdvisorError
from advisor_tui.models.handoff import ContactContext, ServiceRef
from advisor_tui.screens.directory_detail import channel_value, reason_text

ADDRESS_ORDER = ("location", "web", "eservice", "chat", "email")


class ServiceActions(Screen[None]):
    """Actions on `self.service` (the highlighted service) of the directory screen."""

    service: Service | None
    hits: list[ServiceHit]
    context: ContactContext | None

    def service_changed(self) -> None:
        """Show the service again and search again after it was marked checked."""

    def _need_service(self) -> Service | None:
        if self.service is None:
            self.notify(t("directory.error.no_selection"), severity="warning", markup=False)
        return self.service

    def action_copy_phone(self) -> None:
        service = self._need_service()
        if service is None:
            return
        phones = [c for c in service.channels if c.kind == "phone" and c.value]
        if not phones:
            self.notify(t("directory.copy.no_phone"), severity="warning", markup=False)
            return
        self.app.copy_to_clipboard(phones[0].value)
        self.notify(t("directory.copy.phone", value=phones[0].value), markup=False)

    def action_copy_address(self) -> None:
        service = self._need_service()
        if service is None:
            return
        channels = sorted(
            (c for c in service.channels if c.kind in ADDRESS_ORDER and channel_value(c)),
            key=lambda c: ADDRESS_ORDER.index(c.kind),
        )
        if not channels:
            self.notify(t("directory.copy.no_address"), severity="warning", markup=False)
            return
        value = channel_value(channels[0])
        self.app.copy_to_clipboard(value)
        self.notify(t("directory.copy.address", value=value), markup=False)

    def message_text(self, service: Service) -> str:
        lines = []
        for label_key, value in family_message(service, self.app.language):  # type: ignore[attr-defined]
            lines.append(f"{t('directory.' + label_key)}: {value}" if label_key else value)
        return "\n".join(lines)

    def action_message(self) -> None:
        from advisor_tui.screens.directory_dialogs import MessageDialog

        service = self._need_service()
        if service is None:
            return
        message = self.message_text(service)
        self.app.copy_to_clipboard(message)
        self.app.push_screen(MessageDialog(message))

    def action_mark_checked(self) -> None:
        service = self._need_service()
        if service is None:
            return
        try:
            mark_checked(self.app.store, service.id)  # type: ignore[attr-defined]
        except AdvisorError as exc:
            self.notify(t(exc.key, **exc.params), severity="error", markup=False)
            return
        self.notify(t("directory.checked.done", name=service.name_fi), markup=False)
        self.service_changed()

    def action_correction(self) -> None:
        from advisor_tui.screens.directory_dialogs import CorrectionDialog

        service = self._need_service()
        if service is None:
            return

        def saved(answer: tuple[str, str] | None) -> None:
            if answer is None:
                return
            try:
                record_correction(self.app.store, service.id, answer[0], answer[1])  # type: ignore[attr-defined]
            except AdvisorError as exc:
                self.notify(t(exc.key, **exc.params), severity="error", markup=False)
                return
            self.notify(t("directory.correction.saved"), markup=False)

        self.app.push_screen(CorrectionDialog(service.name_fi), saved)

    def action_refer(self) -> None:
        service = self._need_service()
        if service is None or self.context is None:
            return
        hit = next((h for h in self.hits if h.service_id == service.id), None)
        reason = ", ".join(reason_text(r) for r in hit.reasons) if hit else ""
        ref = ServiceRef(service.id, service.name_fi, service.digital, service.organisation, reason)
        self.app.deliver_referral(ref)  # type: ignore[attr-defined]
