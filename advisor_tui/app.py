"""AdvisorApp: the main areas as modes, the global keys, and the first-start setup."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import Any

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen

from advisor_tui.i18n import t
from advisor_tui.models.handoff import ContactContext, ServiceRef
from advisor_tui.models.reference import Reference, shipped_reference
from advisor_tui.models.store import Store
from advisor_tui.models.team import load_team, save_team
from advisor_tui.models.user_settings import UserSettings
from advisor_tui.widgets.translated import translate_bindings


@dataclass(frozen=True)
class Area:
    mode: str
    keys: str
    module: str
    screen: str

    def factory(self) -> Callable[[], Screen[Any]]:
        def build() -> Screen[Any]:
            screen_class = getattr(import_module(self.module), self.screen)
            return screen_class()  # type: ignore[no-any-return]

        return build


AREAS = (
    Area("shift", "alt+1", "advisor_tui.screens.shift", "ShiftScreen"),
    Area("contact", "f2,alt+2", "advisor_tui.screens.contact", "ContactScreen"),
    Area("assessment", "f3,alt+3", "advisor_tui.screens.assessment", "AssessmentScreen"),
    Area("directory", "f4,alt+4", "advisor_tui.screens.directory", "DirectoryScreen"),
    Area("callbacks", "f5,alt+5", "advisor_tui.screens.callbacks", "CallbacksScreen"),
    Area("meetings", "f6,alt+6", "advisor_tui.screens.meetings", "MeetingsScreen"),
    Area("reports", "f7,alt+7", "advisor_tui.screens.reports", "ReportsScreen"),
)
TRAINING = Area("training", "f8,alt+8", "advisor_tui.screens.training", "TrainingScreen")


class AdvisorApp(App[None]):
    """The workstation. Build it with an open Store; it never opens a database itself."""

    CSS_PATH = Path(__file__).with_name("app.tcss")
    TITLE = "advisor-tui"
    DEFAULT_MODE = "shift"
    MODES = {area.mode: area.factory() for area in AREAS}
    BINDINGS = [
        Binding("f1,question_mark", "help", "app.help", id="app.help", tooltip="app.help_tooltip"),
        *(
            Binding(
                area.keys,
                f"area('{area.mode}')",
                f"area.{area.mode}",
                id=f"area.{area.mode}",
                tooltip=f"area.{area.mode}_tooltip",
                show=area.mode != "shift",
            )
            for area in AREAS
        ),
        Binding(
            TRAINING.keys,
            f"area('{TRAINING.mode}')",
            "training.area.name",
            id="area.training",
            tooltip="training.area.tooltip",
        ),
        Binding("escape", "back", "app.back", id="app.back", show=False),
        Binding(
            "ctrl+q", "quit", "app.quit", id="app.quit", tooltip="app.quit_tooltip", show=False
        ),
    ]

    data_version: reactive[int] = reactive(0)

    def __init__(
        self,
        store: Store,
        settings: UserSettings | None = None,
        *,
        reference: Reference | None = None,
        notices: Iterable[str] = (),
        checks: Iterable[Callable[[], Iterable[str]]] = (),
    ) -> None:
        super().__init__()
        translate_bindings(self)
        self.store = store
        self.settings = settings or UserSettings()
        self.language = self.settings.language
        self.reference = reference or shipped_reference()
        self.notices = list(notices)
        self.checks = list(checks)
        self.contact_context: ContactContext | None = None
        self._main_thread = threading.get_ident()
        store.add_listener(self._store_changed)
        if store.is_demo:
            self.sub_title = t("app.demo_marker")
            self.add_mode(TRAINING.mode, TRAINING.factory())

    def on_mount(self) -> None:
        if self.settings.keymap:
            self.set_keymap(self.settings.keymap)
        for notice in self.notices:
            self.notify(notice, severity="warning", timeout=15, markup=False)
        self.call_after_refresh(self._after_first_paint)
        if load_team(self.store) is None:
            self._ask_team()

    def _after_first_paint(self) -> None:
        """What can wait until the first screen shows: the due-callback watch, late checks."""
        from advisor_tui.screens.callback_notifier import watch_due_callbacks

        watch_due_callbacks(self, self.store)
        from advisor_tui.screens.integrity_notice import check_in_background

        check_in_background(self, self.store)
        for check in self.checks:
            for notice in check():
                self.notify(notice, severity="warning", timeout=15, markup=False)

    def _ask_team(self) -> None:
        from advisor_tui.screens.setup import SetupDialog

        def saved(team: Any) -> None:
            if team is not None:
                save_team(self.store, team)
                self.notify(t("setup.saved", name=team.advisor_name), markup=False)

        self.push_screen(SetupDialog(self.reference, self.language), saved)

    def _store_changed(self) -> None:
        if threading.get_ident() == self._main_thread:
            self.data_version += 1
        else:
            self.call_from_thread(self._store_changed)

    # -- actions -----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Training exists only on a demo database: a real one neither shows nor runs it."""
        if action == "area" and parameters == (TRAINING.mode,):
            return self.store.is_demo
        return True

    def action_area(self, mode: str) -> None:
        if self.current_mode != mode:
            self.switch_mode(mode)

    def action_back(self) -> None:
        if self.current_mode != "shift" and len(self.screen_stack) == 1:
            self.switch_mode("shift")

    def open_with_context(self, mode: str, context: ContactContext) -> None:
        """Jump to another area carrying the open contact's details (see `contact_context`)."""
        self.contact_context = context
        mounted = self.switch_mode(mode)

        async def deliver() -> None:
            await mounted
            receive = getattr(self.screen, "receive_context", None)
            if receive is not None:
                receive(context)

        self.call_later(deliver)

    def deliver_referral(self, service: ServiceRef) -> None:
        """Attach a service to the open contact as a referral and return to the contact."""
        self.deliver_referrals([service])

    def deliver_referrals(
        self,
        services: list[ServiceRef],
        actions: list[str] | None = None,
        *,
        assessment_id: str | None = None,
    ) -> None:
        """Attach services (and tick actions) on the open contact in one go, then show it.

        The whole batch reaches the contact screen (under any dialog it shows) once it is
        mounted; `assessment_id` names the assessment they came from, which then follows
        the contact.
        """
        batch, ticks = list(services), list(actions or [])
        mounted = self.switch_mode("contact")

        async def deliver() -> None:
            await mounted
            stack = self.get_screen_stack("contact")
            receive = getattr(stack[0], "add_referrals", None) if stack else None
            if receive is not None:
                receive(batch, ticks, assessment_id=assessment_id)

        self.call_later(deliver)

    def deliver_actions(self, actions: list[str]) -> bool:
        """Tick actions on the contact open in the contact area without leaving this area.

        False when the contact area has not been opened (there is no contact to tick them on).
        """
        try:
            stack = self.get_screen_stack("contact")
        except KeyError:
            return False
        add = getattr(stack[0], "add_actions", None) if stack else None
        if add is None:
            return False
        add(list(actions))
        return True

    def action_help(self) -> None:
        from advisor_tui.screens.help import HelpScreen

        self.push_screen(HelpScreen(self.key_rows()))

    def key_rows(self) -> list[tuple[str, str]]:
        """Every described key of the current screen and the app, alternatives together."""
        keys: dict[str, list[str]] = {}
        descriptions: dict[str, str] = {}
        for key, active in self.active_bindings.items():
            binding = active.binding
            if not binding.id or not binding.description:
                continue
            keys.setdefault(binding.id, []).append(self.get_key_display(binding.__class__(key, "")))
            descriptions[binding.id] = binding.description
        rows = [(" / ".join(keys[i]), descriptions[i]) for i in keys]
        rows.append(("tab / shift+tab", t("help.next_field")))
        rows.append(("ctrl+p", t("help.palette")))
        return rows

    def unsaved_screens(self) -> list[Screen[Any]]:
        screens = [s for stack in self._screen_stacks.values() for s in stack]
        return [s for s in screens if getattr(s, "has_unsaved_input", lambda: False)()]

    async def action_quit(self) -> None:
        from advisor_tui.screens.confirm import ConfirmDialog

        if not self.unsaved_screens():
            self.exit()
            return

        def answered(leave: bool | None) -> None:
            if leave:
                self.exit()

        self.push_screen(ConfirmDialog(t("app.quit_unsaved"), yes=t("app.quit_anyway")), answered)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        for area in AREAS:
            yield SystemCommand(
                t(f"area.{area.mode}"),
                t(f"area.{area.mode}_tooltip"),
                lambda mode=area.mode: self.action_area(mode),  # type: ignore[misc]
            )
        if self.store.is_demo:
            yield SystemCommand(
                t("training.area.name"),
                t("training.area.tooltip"),
                lambda: self.action_area(TRAINING.mode),
            )
        yield SystemCommand(t("app.help"), t("app.help_tooltip"), self.action_help)
        yield SystemCommand(t("app.quit"), t("app.quit_tooltip"), self.action_quit)
        yield from super().get_system_commands(screen)
