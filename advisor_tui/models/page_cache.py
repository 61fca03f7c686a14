"""Room for one bulk read or write: a larger SQLite page cache, and no cycle collection."""

from __future__ import annotations

import gc
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


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector off, then as it was: reading a large file or table makes
    hundreds of thousands of lasting dicts and tuples, and the collector would walk them all
    again and again for garbage they never are. Memory is freed by reference counting as
    usual; cycles made meanwhile are collected after."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
