"""Sync bundles and the daily call log at scale: a year of one team's work, 100,000 contacts.

Prints, with row counts and file sizes: the call-log export as CSV, XLSX and JSON Lines, the
bundle export (plain and gzip), the bundle import into an empty database, and the re-import of
the same bundle (which must change nothing). The data set is built once and cached in the
temporary folder; every run works on a fresh copy of it.

    /root/venv/bin/python benchmarks/sync.py [contacts]
"""

from __future__ import annotations

import hashlib
import json
import random
import shutil
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from advisor_tui.models.clock import local_date, to_iso
from advisor_tui.models.reference import shipped_reference
from advisor_tui.models.retention import purge_due
from advisor_tui.models.store import Store, migrations
from advisor_tui.models.team import resolve_team, save_team
from advisor_tui.models.working_days import callback_due_at

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
YEAR = 365
ADVISORS = ("AK", "MV", "JL", "SP")
MUNICIPALITIES = ("297", "749", "686", "762", "915", "140", "595", "204", "402", "420")
OBSERVATIONS = (
    "vanhempien väsymys",
    "yksinäisyys",
    "koulupoissaolot",
    "eroperheiden riidat",
    "taloushuolet",
    "ruutuaika",
    "odotusajat",
)
ORG_TYPES = ("municipality", "county", "parish", "ngo", "national", "other")
T = TypeVar("T")


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _stamp(moment: datetime) -> str:
    return to_iso(moment)


def _record(rng: random.Random, origin: str, created: datetime, who: str) -> dict[str, Any]:
    """The record columns: most rows are never edited, a few are edited later or deleted."""
    roll = rng.random()
    updated = created + timedelta(minutes=rng.randint(5, 600)) if roll < 0.08 else created
    updated = min(updated, NOW)
    return {
        "id": _uuid(rng),
        "created_at": _stamp(created),
        "updated_at": _stamp(updated),
        "origin": origin,
        "created_by": who,
        "updated_by": who,
        "deleted_at": _stamp(updated) if roll > 0.99 else None,
    }


def _insert(store: Store, table: str, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    names = list(rows[0])
    sql = f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
    store.conn.executemany(sql, [tuple(r[n] for n in names) for r in rows])


def _directory(store: Store, rng: random.Random) -> list[tuple[str, str, bool]]:
    """Organisations and services to refer to: (service id, name, digital)."""
    created = NOW - timedelta(days=YEAR + 30)
    organisations, services = [], []
    for number in range(40):
        org = _record(rng, store.origin, created, "AK") | {"deleted_at": None}
        org.update(name_fi=f"Organisaatio {number}", org_type=ORG_TYPES[number % len(ORG_TYPES)])
        organisations.append(org)
    found = []
    for number in range(200):
        service = _record(rng, store.origin, created, "AK") | {"deleted_at": None}
        service.update(
            organisation_id=organisations[number % len(organisations)]["id"],
            name_fi=f"Palvelu {number}",
        )
        services.append(service)
        found.append((service["id"], service["name_fi"], number % 5 == 0))
    _insert(store, "organisations", organisations)
    _insert(store, "services", services)
    return found


def _contacts(
    store: Store, rng: random.Random, count: int, services: list[tuple[str, str, bool]]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    ref = shipped_reference()
    keys = {
        kind: [t.key for t in ref.terms(kind)]
        for kind in ("party", "channel", "sector", "age_group", "topic", "action")
    }
    contacts, referrals = [], []
    for _ in range(count):
        started = NOW - timedelta(seconds=rng.randrange(YEAR * 86400))
        seconds = rng.randint(60, 3600)
        who = rng.choice(ADVISORS)
        row = _record(rng, store.origin, started + timedelta(seconds=seconds), who)
        party = rng.choice(keys["party"])
        professional = party == "professional"
        asked = rng.random() < 0.4
        row.update(
            started_at=_stamp(started),
            ended_at=_stamp(started + timedelta(seconds=seconds)),
            duration_seconds=seconds,
            channel=rng.choice(keys["channel"]),
            party=party,
            sector=rng.choice(keys["sector"]) if professional else None,
            outside_county=int(professional and rng.random() < 0.2),
            municipality_code=rng.choice(MUNICIPALITIES) if rng.random() < 0.9 else None,
            age_groups=json.dumps(rng.sample(keys["age_group"], rng.randint(0, 2))),
            child_count=rng.randint(1, 4),
            topics=json.dumps(rng.sample(keys["topic"], rng.randint(1, 3))),
            observations=json.dumps(
                rng.sample(OBSERVATIONS, rng.randint(0, 2)), ensure_ascii=False
            ),
            actions=json.dumps(rng.sample(keys["action"], rng.randint(1, 3))),
            feedback_help=rng.choice(("yes", "yes", "partly", "no")) if asked else "not_asked",
            feedback_recommend=rng.randint(5, 10) if asked else None,
            repeat_contact=int(rng.random() < 0.1),
            language=rng.choice(("fi", "fi", "fi", "sv", "en")),
            summary="Vanhempi kysyi lapsen unesta ja päiväkodin aloituksesta; neuvottiin. "
            * rng.randint(1, 3),
        )
        contacts.append(row)
        for _ in range(rng.choice((0, 0, 0, 1, 1, 2))):
            service_id, name, digital = rng.choice(services)
            referral = _record(rng, store.origin, started + timedelta(seconds=seconds), who)
            referral.update(
                contact_id=row["id"],
                service_id=service_id,
                service_name=name,
                organisation="",
                digital=int(digital),
                reason="Sopii perheen tilanteeseen",
            )
            referrals.append(referral)
    return contacts, referrals


def _callbacks(
    store: Store, rng: random.Random, count: int
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    callbacks, attempts = [], []
    for _ in range(count):
        requested = NOW - timedelta(seconds=rng.randrange(YEAR * 86400))
        due = callback_due_at(requested)
        who = rng.choice(ADVISORS)
        row = _record(rng, store.origin, requested, who)
        closed = due < NOW or rng.random() < 0.5
        reached_at = requested + timedelta(hours=rng.randint(1, 40))
        row.update(
            phone_e164=None if closed else f"+35840{rng.randint(1000000, 9999999)}",
            name=None if closed else "Vanhempi",
            language="fi",
            topic=rng.choice(("sleep", "school", "")),
            source=rng.choice(("busy_line", "voicemail", "web_form")),
            requested_at=_stamp(requested),
            due_at=_stamp(due),
            assigned_to=who,
            status="done" if closed else "open",
            closed_at=_stamp(reached_at) if closed else None,
            personal_data_purged_at=_stamp(reached_at + timedelta(days=14)) if closed else None,
        )
        callbacks.append(row)
        for number in range(rng.randint(1, 3) if closed else rng.randint(0, 1)):
            attempt = _record(rng, store.origin, requested, who)
            reached = closed and number == 0
            attempt.update(
                callback_id=row["id"],
                at=_stamp(reached_at if reached else requested + timedelta(minutes=30)),
                outcome="reached" if reached else "no_answer",
            )
            attempts.append(attempt)
    return callbacks, attempts


def _meetings(
    store: Store, rng: random.Random, count: int
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    meetings, participants = [], []
    for _ in range(count):
        booked = NOW - timedelta(seconds=rng.randrange(YEAR * 86400))
        starts = booked + timedelta(days=rng.randint(1, 14))
        who = rng.choice(ADVISORS)
        row = _record(rng, store.origin, booked, who)
        row.update(
            starts_at=_stamp(starts),
            duration_minutes=rng.choice((45, 60, 90)),
            place_kind="remote",
            purpose="Verkostotapaaminen",
            advisor=who,
            status="held" if starts < NOW and rng.random() < 0.85 else "confirmed",
            uid=f"{row['id']}@advisor-tui",
        )
        meetings.append(row)
        for role in ("huoltaja", "neuvola", "koulukuraattori"):
            participant = _record(rng, store.origin, booked, who)
            participant.update(
                meeting_id=row["id"],
                kind="family" if role == "huoltaja" else "professional",
                role=role,
            )
            participants.append(participant)
    return meetings, participants


def _logs(store: Store, rng: random.Random, count: int) -> list[dict[str, Any]]:
    return [
        {
            "id": _uuid(rng),
            "at": _stamp(NOW - timedelta(seconds=rng.randrange(YEAR * 86400))),
            "origin": store.origin,
            "advisor": rng.choice(ADVISORS),
            "action": "view",
            "record_table": "callbacks",
            "record_id": _uuid(rng),
        }
        for _ in range(count)
    ]


def build(path: Path, count: int) -> None:
    """A year of work: contacts with referrals, callbacks with attempts, meetings, access log."""
    rng = random.Random(2026)
    store = Store.open(path, clock=lambda: NOW)
    save_team(store, resolve_team(shipped_reference(), "Anna Korhonen", "AK", "Pohjois-Savo", []))
    with store.transaction():
        services = _directory(store, rng)
        contacts, referrals = _contacts(store, rng, count, services)
        _insert(store, "contacts", contacts)
        _insert(store, "contact_referrals", referrals)
        callbacks, attempts = _callbacks(store, rng, count // 10)
        _insert(store, "callbacks", callbacks)
        _insert(store, "callback_attempts", attempts)
        meetings, participants = _meetings(store, rng, count // 50)
        _insert(store, "meetings", meetings)
        _insert(store, "meeting_participants", participants)
        _insert(store, "access_log", _logs(store, rng, count // 20))
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()


def cached_database(count: int) -> Path:
    """The generated database (built on first use, then reused from the temporary folder)."""
    folder = Path(tempfile.gettempdir()) / "advisor-tui-benchmarks"
    folder.mkdir(exist_ok=True)
    schema = hashlib.sha256("".join(sql for _, _, sql in migrations()).encode()).hexdigest()[:12]
    path = folder / f"year-{count}-purged-schema-{schema}.sqlite3"
    if not path.exists():
        began = time.perf_counter()
        partial = path.with_suffix(".partial")
        for leftover in folder.glob(f"{partial.name}*"):
            leftover.unlink()
        build(partial, count)
        settled = Store.open(partial, clock=lambda: NOW)
        purged = purge_due(settled)
        settled.close()
        partial.rename(path)
        print(f"retention purged {purged:,} records past their period, as every start does")
        print(f"built the data set once in {time.perf_counter() - began:.1f} s: {path}")
    return path


def working_copy(count: int, folder: Path) -> Store:
    target = folder / "advisor.sqlite3"
    shutil.copyfile(cached_database(count), target)
    return Store.open(target, clock=lambda: NOW)


def timed(label: str, action: Callable[[], T]) -> tuple[T, float]:
    """Run `action`; print its wall-clock time and, since the machine is shared, its CPU time."""
    began, cpu = time.perf_counter(), time.process_time()
    result = action()
    seconds = time.perf_counter() - began
    print(f"{label}: {seconds:.2f} s (CPU {time.process_time() - cpu:.2f} s)", end="")
    return result, seconds


def machine_speed() -> str:
    """CPU seconds of a fixed pure-Python loop, so figures from different machines compare."""
    began = time.process_time()
    total = 0
    for step in range(10_000_000):
        total += step
    return f"machine: a 10-million-step Python loop takes {time.process_time() - began:.2f} s CPU"


def _mb(path: Path) -> str:
    return f"{path.stat().st_size / 1e6:.1f} MB"


def _rows(store: Store) -> Iterator[str]:
    for table in ("contacts", "contact_referrals", "callbacks", "callback_attempts", "meetings"):
        yield f"{table} {store.scalar(f'SELECT count(*) FROM {table}'):,}"


def main(count: int) -> None:
    from advisor_tui.i18n import t
    from advisor_tui.models.bundles import export_bundle, import_bundle
    from advisor_tui.models.call_log import COLUMNS, NOTE_COLUMNS, export_call_log

    headers = {c: t(f"export.col.{c}") for c in (*COLUMNS, *NOTE_COLUMNS)}
    for key in ("sheet_contacts", "sheet_totals", "total_day", "total_contacts"):
        headers[key] = t(f"export.{key}")
    headers.update(
        total_consultations=t("export.total_consultations"),
        total_minutes=t("export.total_minutes"),
    )
    folder = Path(tempfile.mkdtemp(prefix="advisor-sync-bench-"))
    try:
        store = working_copy(count, folder)
        print(machine_speed())
        print(f"data: {', '.join(_rows(store))}; database {_mb(store.path)}")
        first, last = local_date(NOW) - timedelta(days=YEAR), local_date(NOW)
        ref = shipped_reference()
        for file_format, target in (("csv", "≤ 3 s"), ("xlsx", ""), ("jsonl", "")):
            out = folder / f"calls.{file_format}"
            result, _ = timed(
                f"call log {file_format.upper()} export",
                lambda out=out, file_format=file_format: export_call_log(
                    store, ref, out, first, last, file_format=file_format, headers=headers
                ),
            )
            aim = f" (target {target})" if target else ""
            print(f"{aim}, {result.rows:,} rows, {_mb(result.path)}")
        for name in ("bundle.jsonl", "bundle.jsonl.gz"):
            bundle, _ = timed(
                f"bundle export {name}", lambda name=name: export_bundle(store, folder / name)
            )
            print(f", {bundle.total:,} records, {_mb(bundle.path)}")
        store.close()
        plain = folder / "bundle.jsonl"
        empty = Store.open(folder / "empty.sqlite3", clock=lambda: NOW)
        summary, _ = timed(
            "bundle import into an empty database", lambda: import_bundle(empty, plain)
        )
        print(f" (target ≤ 15 s), {summary.inserted:,} inserted, {_mb(plain)}")
        again, _ = timed("re-import of the same bundle", lambda: import_bundle(empty, plain))
        print(
            f" (target ≤ 5 s), {again.inserted + again.updated + again.conflicts:,} changed, "
            f"{again.unchanged:,} unchanged"
        )
        zipped = folder / "bundle.jsonl.gz"
        again, _ = timed("re-import of the gzip bundle", lambda: import_bundle(empty, zipped))
        print(f", {again.unchanged:,} unchanged, {_mb(zipped)}")
        print(f"merged database: {', '.join(_rows(empty))}")
        empty.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
