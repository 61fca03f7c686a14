"""A larger SQLite page cache while one bulk read or write runs on a connection."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from advisor_tui.models.store import Store

BIG_CACHE_KIB = 64 * 1024


@contextmanager
def big_cache(store: Store) -> Iterator[None]:
    """Up to 64 MiB of cached pages, then the size before: rows read or written in id or time
    order touch pages all over the file, and the default cache of 2 MiB would reread them."""
    before = int(store.conn.execute("PRAGMA cache_size").fetchone()[0])
    store.conn.execute(f"PRAGMA cache_size = -{BIG_CACHE_KIB}")
    try:
        yield
    finally:
        store.conn.execute(f"PRAGMA cache_size = {before}")
