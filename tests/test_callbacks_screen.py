"""The callback queue driven with the keyboard, as an advisor would."""

from __future__ import annotations

from textual.widgets import Input, Static

from advisor_tui.app import AdvisorApp
from advisor_tui.models import callbacks as cb
from advisor_tui.models.callback_requests import create_callback
from advisor_tui.models.handoff import ContactContext
from advisor_tui.models.store import Store
from advisor_tui.screens.callback_form import CallbackFormDialog
from advisor_tui.screens.callback_notifier import watch_due_callbacks
from advisor_tui.screens.callback_queue import CallbackQueue
from advisor_tui.screens.callbacks import CallbacksScreen
from advisor_tui.screens.confirm import ConfirmDialog
from tests.conftest import FakeClock


def cell_texts(app: AdvisorApp) -> list[str]:
    table = app.screen.query_one(CallbackQueue)
    return [str(cell) for row in range(table.row_count) for cell in table.get_row_at(row)]


async def test_request_attempts_and_reached_call_open_a_contact(store: Store) -> None:
    app = AdvisorApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f2")  # the contact area has been open during the shift
        await pilot.pause()
        await pilot.press("f5")
        await pilot.pause()
        assert isinstance(app.screen, CallbacksScreen)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, CallbackFormDialog)
        await pilot.press(*"0401234567", "tab", *"Maija")
        await pilot.press("f10")
        await pilot.pause()
        assert isinstance(app.screen, CallbacksScreen)
        [callback] = cb.list_queue(store)
        assert callback.phone_e164 == "+358401234567" and callback.name == "Maija"
        assert "tulossa" in cell_texts(app)

        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, CallbackFormDialog)
        intro = str(app.screen.query_one(".intro", Static).render())
        assert "040 1234567" in intro
        await pilot.press("f10")
        await pilot.pause()
        assert [a.outcome for a in cb.attempts(store, callback.id)] == ["no_answer"]

        handed: list[tuple[str, ContactContext]] = []
        jump = app.open_with_context

        def spy(mode: str, context: ContactContext) -> None:
            handed.append((mode, context))
            jump(mode, context)

        app.open_with_context = spy  # type: ignore[method-assign]
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("f10")
        await pilot.pause()
        await pilot.pause()
        assert app.current_mode == "contact"
        [(mode, sent)] = handed
        assert mode == "contact"
        assert sent.channel == "callback_out" and sent.callback_id == callback.id
        assert sent.language == "fi"
        screen = app.screen
        # The contact area opens a new contact from the context (or keeps it for later).
        received = screen.context() if hasattr(screen, "context") else app.contact_context
        assert received is not None and received.callback_id == callback.id
        done = cb.get_callback(store, callback.id)
        assert done is not None and done.status == "done"


async def test_bad_phone_shows_message_beside_field_and_saves_nothing(store: Store) -> None:
    app = AdvisorApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f5", "n")
        await pilot.pause()
        await pilot.press(*"07911 123456", "f10")
        await pilot.pause()
        assert isinstance(app.screen, CallbackFormDialog)
        error = str(app.screen.query_one("#error-phone", Static).render())
        assert "maatunnus" in error
        assert cb.list_queue(store) == []
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, CallbacksScreen)


async def test_overdue_is_said_in_words_and_closing_is_offered(
    store: Store, clock: FakeClock
) -> None:
    store.set_setting("callbacks.attempts_limit", "1")
    callback_id = create_callback(
        store, cb.RequestForm(phone="0401234567", due_date="23.11.2026", due_time="11.00")
    ).id
    clock.advance(hours=2)
    app = AdvisorApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f5")
        await pilot.pause()
        texts = cell_texts(app)
        assert "MYÖHÄSSÄ" in texts and "1 h 0 min myöhässä" in texts
        summary = str(app.screen.query_one("#summary", Static).render())
        assert summary.startswith("1 myöhässä")
        await pilot.press("e", "f10")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await pilot.pause()
        closed = cb.get_callback(store, callback_id)
        assert closed is not None and closed.status == "unreached"
        assert cb.list_queue(store) == []


async def test_reschedule_without_reason_keeps_the_due_time(store: Store) -> None:
    callback_id = create_callback(store, cb.RequestForm(phone="0401234567")).id
    before = cb.get_callback(store, callback_id)
    app = AdvisorApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f5", "t")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, CallbackFormDialog)
        dialog.query_one("#field-due_date", Input).value = "26.11.2026"
        await pilot.press("f10")
        await pilot.pause()
        assert "Kirjoita syy" in str(dialog.query_one("#error-reason", Static).render())
        assert cb.get_callback(store, callback_id) == before


async def test_contact_area_jump_prefills_the_request_form(store: Store) -> None:
    app = AdvisorApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_with_context(
            "callbacks",
            ContactContext(contact_id="c-1", topics=("sleep",), language="sv", channel="phone"),
        )
        await pilot.pause()
        assert isinstance(app.screen, CallbackFormDialog)
        await pilot.press(*"0401234567", "f10")
        await pilot.pause()
        [callback] = cb.list_queue(store)
        assert (callback.topic, callback.language, callback.contact_id) == ("sleep", "sv", "c-1")
        assert callback.source == "advisor"


async def test_showing_name_and_phone_is_logged(store: Store) -> None:
    callback_id = create_callback(store, cb.RequestForm(phone="0401234567", name="Maija")).id
    app = AdvisorApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f5")
        await pilot.pause()
        detail = app.screen.query_one("#detail", Static)
        assert "Maija" not in str(detail.render())
        await pilot.press("enter")
        await pilot.pause()
        assert "Maija" in str(detail.render()) and "040 1234567" in str(detail.render())
        views = store.query("SELECT record_id FROM access_log WHERE action = 'view'")
        assert [r["record_id"] for r in views] == [callback_id]


async def test_notification_when_a_callback_falls_due(store: Store, clock: FakeClock) -> None:
    create_callback(
        store,
        cb.RequestForm(phone="0401234567", topic="sleep", due_date="23.11.2026", due_time="10.30"),
    )
    app = AdvisorApp(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f5")
        await pilot.pause()
        watcher = watch_due_callbacks(app, store)
        assert watcher.check() == []
        clock.advance(minutes=45)
        assert len(watcher.check()) == 1
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("erääntyi klo 10.30: Uni" in m for m in messages)
        assert watcher.check() == []
