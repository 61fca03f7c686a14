"""Retention: personal data that has served its purpose is overwritten and removed.

The periods live in one place, the `retention.*` keys of this database's settings table
(`load_retention`, `set_retention`); `callbacks.retention_days`, the older key, is still read when
the new one is unset. Each kind of data has a `RetentionRule` (what it purges, how to find what
is due, how to purge it), registered with `register_rule`; the shipped rules are in
`retention_rules`. `purge_due` runs every rule and `pending` lists what would go. Each purge run
of a rule goes to the disclosure log with its count. Purged fields are overwritten with empty
values and then set to NULL where the column allows it (the database zeroes freed space:
`secure_delete` is on), and the write-ahead log is checkpointed so that old page images do not
linger beside the file.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import datetime, timedelta

from advisor_tui.models.audit import log_disclosure
from advisor_tui.models.clock import HELSINKI, to_iso
from advisor_tui.models.errors import ValidationError
from advisor_tui.models.store import Store

SETTING_PREFIX = "retention."
LEGACY_CALLBACK_KEY = "callbacks.retention_days"
PERIOD_MAX = 120


@dataclass(frozen=True)
class RetentionSettings:
    """How long each kind of personal data is kept; the defaults lean towards keeping less."""

    callback_days: int = 14
    meeting_months: int = 3
    contact_note_months: int = 6
    draft_days: int = 7


SETTING_NAMES = tuple(f.name for f in fields(RetentionSettings))


def _limit(name: str) -> int:
    return PERIOD_MAX if name.endswith("_months") else PERIOD_MAX * 31


def _read_positive(text: str | None, limit: int) -> int | None:
    try:
        value = int((text or "").strip())
    except ValueError:
        return None
    return value if 0 < value <= limit else None


def load_retention(store: Store) -> RetentionSettings:
    """The retention periods of this database; defaults where unset or unreadable."""
    default = RetentionSettings()
    values: dict[str, int] = {}
    for name in SETTING_NAMES:
        limit = _limit(name)
        value = _read_positive(store.get_setting(SETTING_PREFIX + name), limit)
        if value is None and name == "callback_days":
            value = _read_positive(store.get_setting(LEGACY_CALLBACK_KEY), limit)
        values[name] = value if value is not None else getattr(default, name)
    return RetentionSettings(**values)


def set_retention(store: Store, name: str, text: str) -> int:
    """Change one period (`callback_days`, `meeting_months`, …); returns the value stored."""
    if name not in SETTING_NAMES:
        raise ValidationError(
            "trust.retention.unknown", name, name=name, names=", ".join(SETTING_NAMES)
        )
    limit = _limit(name)
    try:
        value = int(text.strip())
    except ValueError as exc:
        raise ValidationError("trust.retention.not_number", name, value=text) from exc
    if not 0 < value <= limit:
        raise ValidationError("trust.retention.range", name, limit=limit)
    with store.transaction():
        store.set_setting(SETTING_PREFIX + name, str(value))
        if name == "callback_days":
            store.set_setting(LEGACY_CALLBACK_KEY, str(value))
    return value


def months_before(moment: datetime, months: int) -> datetime:
    """The same Helsinki wall-clock time `months` calendar months earlier (day clamped)."""
    here = moment.astimezone(HELSINKI)
    index = here.year * 12 + here.month - 1 - months
    year, month = divmod(index, 12)
    day = min(here.day, calendar.monthrange(year, month + 1)[1])
    earlier = here.replace(year=year, month=month + 1, day=day, tzinfo=None)
    return earlier.replace(tzinfo=HELSINKI)


def cutoff_days(store: Store, days: int) -> str:
    return to_iso(store.now() - timedelta(days=days))


def cutoff_months(store: Store, months: int) -> str:
    return to_iso(months_before(store.now(), months))


@dataclass(frozen=True)
class PurgeItem:
    """One record whose personal data is due to go; `since` is when its period started."""

    what: str
    record_id: str
    since: str


@dataclass(frozen=True)
class RetentionRule:
    what: str
    candidates: Callable[[Store], list[PurgeItem]]
    purge: Callable[[Store, list[str]], int]


_RULES: list[RetentionRule] = []
_SETTLE: list[Callable[[Store], int]] = []


def register_rule(rule: RetentionRule) -> None:
    """Add a rule; a rule for the same `what` replaces the earlier one."""
    _RULES[:] = [r for r in _RULES if r.what != rule.what]
    _RULES.append(rule)


def register_settle(step: Callable[[Store], int]) -> None:
    """Add a step that runs after every rule, in the same transaction (once per step)."""
    if step not in _SETTLE:
        _SETTLE.append(step)


def rules() -> list[RetentionRule]:
    """Every rule, the shipped ones included."""
    from advisor_tui.models import (  # noqa: F401  (registers the shipped rules, in this order)
        retention_conflicts,
        retention_rules,
    )

    return list(_RULES)


def pending(store: Store) -> list[PurgeItem]:
    """Everything that a purge would remove now (for `purge --dry-run`)."""
    return [item for rule in rules() for item in rule.candidates(store)]


def apply_retention(store: Store) -> dict[str, int]:
    """Purge everything due under every rule in one transaction; how many records per kind.

    Inside an open transaction (a bundle import) it joins it, so text a merge brought back is
    gone again before anything commits; every rule reads a partial index or a small table, so a
    database with nothing due costs a few index probes. Each kind purged goes to the disclosure
    log with its count. The write-ahead log is left to `checkpoint_after_purge`, which needs the
    transaction to be over.
    """
    counts: dict[str, int] = {}
    with store.transaction():
        for rule in rules():
            ids = [item.record_id for item in rule.candidates(store)]
            if not ids:
                continue
            count = rule.purge(store, ids)
            if count:
                log_disclosure(store, "purge", rule.what, count)
                counts[rule.what] = count
        for settle in _SETTLE:
            settle(store)
    return counts


def checkpoint_after_purge(store: Store) -> None:
    """Fold the write-ahead log into the file and empty it, so no old page image keeps purged
    text beside the database; call it after the transaction that purged has committed."""
    store.query("PRAGMA wal_checkpoint(TRUNCATE)")


def purge_due(store: Store) -> int:
    """Purge everything due under every rule; returns how many records were purged."""
    total = sum(apply_retention(store).values())
    if total:
        checkpoint_after_purge(store)
    return total
