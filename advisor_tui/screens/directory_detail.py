"""A service's details as text: every channel with its hours and whether it is open now."""

from __future__ import annotations

from datetime import date, datetime

from rich.text import Text

from advisor_tui.i18n import catalogue, t
from advisor_tui.models.clock import fmt_date
from advisor_tui.models.directory import Channel, Service, is_stale, verified_text
from advisor_tui.models.directory_hours import OpeningException, OpenState, holiday_name
from advisor_tui.models.reference import Reference, shipped_reference

MAX_EXCEPTIONS_SHOWN = 4


def reason_text(reason: str) -> str:
    """A ranking reason key (see `directory_search`) in the user's language."""
    if reason.startswith("topic:"):
        return shipped_reference().label("topic", reason[6:], catalogue().language)
    return t(f"directory.reason.{reason}")


_DAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _days(days: tuple[int, ...]) -> str:
    ordered = sorted(set(days))
    if not ordered:
        return ""
    if ordered == list(range(ordered[0], ordered[-1] + 1)) and len(ordered) > 2:
        first = t("directory.day." + _DAY_KEYS[ordered[0] - 1])
        last = t("directory.day." + _DAY_KEYS[ordered[-1] - 1])
        return f"{first}–{last}"
    return ", ".join(t("directory.day." + _DAY_KEYS[d - 1]) for d in ordered)


def _clock(value: str) -> str:
    return value.lstrip("0") if not value.startswith("00") else value[1:]


def hours_text(channel: Channel) -> str:
    """'ma–pe 9.00–15.00' style opening hours, or 'aina auki'."""
    if channel.always_open:
        return t("directory.hours.always")
    parts = []
    for days, opens, closes in channel.hours:
        parts.append(f"{_days(days)} {_clock(opens)}–{_clock(closes)}")
    return "; ".join(parts)


def exception_text(exception: OpeningException) -> str:
    """'Poikkeus 24.12.2026: suljettu' or 'Poikkeus 31.12.2026: 9.00–12.00'."""
    dates = fmt_date(exception.start)
    if exception.end != exception.start:
        dates += "–" + fmt_date(exception.end)
    if exception.closed:
        text = t("directory.hours.exception_closed", dates=dates)
    else:
        hours = f"{_clock(exception.opens)}–{_clock(exception.closes)}"
        text = t("directory.hours.exception_open", dates=dates, hours=hours)
    return f"{text} ({exception.note})" if exception.note else text


def state_text(state: OpenState, language: str) -> str:
    """'auki nyt', 'suljettu nyt (jouluaatto)', 'suljettu nyt (poikkeusaukioloaika)'."""
    text = t("directory.hours.open_now" if state.open else "directory.hours.closed_now")
    if state.rule == "exception":
        return f"{text} ({t('directory.hours.exceptional')})"
    if state.rule in ("holiday", "eve"):
        name = holiday_name(state.day, language)
        return f"{text} ({name})" if name else text
    return text


def upcoming_exceptions(channel: Channel, today: date) -> list[OpeningException]:
    return [e for e in channel.exceptions if e.end >= today][:MAX_EXCEPTIONS_SHOWN]


def channel_value(channel: Channel) -> str:
    if channel.kind == "location":
        return channel.full_address()
    return channel.value


def age_text(service: Service) -> str:
    if service.min_age is None and service.max_age is None:
        return t("directory.age.any")
    if service.max_age is None:
        return t("directory.age.from", min=service.min_age)
    if service.min_age is None:
        return t("directory.age.to", max=service.max_age)
    return t("directory.age.range", min=service.min_age, max=service.max_age)


def area_text(service: Service, reference: Reference, language: str) -> str:
    if service.area_scope == "nationwide":
        return t("directory.area.nationwide")
    names = []
    for code in service.areas:
        if code.startswith("county:"):
            county = reference.counties.get(code[7:])
            names.append(county.name(language) if county else code)
        else:
            municipality = reference.municipalities.get(code)
            names.append(municipality.name(language) if municipality else code)
    return ", ".join(names)


def render_service(
    service: Service, now: datetime, today: date, reference: Reference, language: str
) -> Text:
    """The detail pane's content; all service text is appended as plain content."""
    text = Text()
    text.append(service.name(language), style="bold")
    text.append("\n")
    if service.organisation:
        text.append(service.organisation)
        text.append("\n")
    if service.is_demo:
        text.append(t("directory.detail.demo"), style="italic")
        text.append("\n")
    if service.status != "active":
        text.append(t(f"directory.status.{service.status}"), style="bold")
        text.append("\n")
    summary = service.summary(language)
    if summary:
        text.append("\n")
        text.append(summary)
        text.append("\n")
    text.append("\n")
    facts = [
        (t("directory.detail.age"), age_text(service)),
        (t("directory.detail.area"), area_text(service, reference, language)),
        (t("directory.detail.access"), t(f"directory.access.{service.access}")),
    ]
    if service.cost:
        facts.append((t("directory.detail.cost"), t(f"directory.cost.{service.cost}")))
    if service.languages:
        facts.append(
            (
                t("directory.detail.languages"),
                ", ".join(
                    reference.label("language", code, language) for code in service.languages
                ),
            )
        )
    if service.topics:
        facts.append(
            (
                t("directory.detail.topics"),
                ", ".join(reference.label("topic", key, language) for key in service.topics),
            )
        )
    for label, value in facts:
        text.append(f"{label}: ", style="bold")
        text.append(value)
        text.append("\n")
    text.append("\n")
    text.append(t("directory.detail.channels"), style="bold underline")
    text.append("\n")
    if not service.channels:
        text.append(t("directory.detail.no_channels"))
        text.append("\n")
    for channel in service.channels:
        text.append(f"{t('directory.channel.' + channel.kind)}", style="bold")
        if channel.label:
            text.append(f" ({channel.label})")
        text.append(": ")
        text.append(channel_value(channel))
        if channel.digital:
            text.append(f"  [{t('directory.mark.digital')}]")
        text.append("\n")
        hours = hours_text(channel)
        upcoming = upcoming_exceptions(channel, today)
        state = channel.state_at(now)
        if hours or state.open is not None:
            text.append(f"  {hours}" if hours else " ")
            if state.open is not None:
                text.append(
                    f"  – {state_text(state, language)}", style="bold" if state.open else ""
                )
            text.append("\n")
        for exception in upcoming:
            text.append(f"  {exception_text(exception)}")
            text.append("\n")
        for extra in (channel.hours_note, channel.charge_note):
            if extra:
                text.append(f"  {extra}")
                text.append("\n")
    text.append("\n")
    checked = verified_text(service.verified_on)
    if is_stale(service.verified_on, today):
        text.append(t("directory.mark.stale_long"), style="bold")
    else:
        text.append(t("directory.detail.verified", date=checked))
    text.append("\n")
    text.append(t("directory.detail.source", source=service.source))
    text.append("\n")
    return text
