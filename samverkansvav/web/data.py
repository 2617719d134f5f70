"""The app's data: where the dataset comes from, and its bundles per analysis date.

A callback never recomputes the analysis: it looks up a
:class:`~samverkansvav.web.bundle.Bundle` in the app's :class:`DataState` and
filters precomputed tables. A bundle is keyed by (dataset key, analysis date);
:meth:`DataState.set_web` swaps the dataset (an upload page calls it) and drops
the cached bundles of the old one. The bundle and its builder live in
:mod:`samverkansvav.web.bundle`, the column helpers in
:mod:`samverkansvav.web.columns`; both are re-exported here, where the views
import them from.

One truth across workers: a state that follows the register store
(:meth:`DataState.follow`) asks the database for its change counter at most
once per :data:`REFRESH_INTERVAL_S` (1 s; one indexed one-row read) when a view
needs a bundle, and reloads the regional dataset in the background when another
worker (or process) has stored or restored a version. So every gunicorn worker
serves a save about a second plus one reload after it, whichever worker handled it.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

from samverkansvav.model import CooperationWeb, members_by_arrangement
from samverkansvav.web.bundle import GAP_COLUMNS, MAX_LINE_MEMBERS, RANKED_COLUMNS, Bundle, build_bundle
from samverkansvav.web.columns import count_by_area, joined_names, missing_mask, pair_links

log = logging.getLogger(__name__)

#: How often (seconds) a worker asks the database whether the stored data changed.
REFRESH_INTERVAL_S = 1.0

__all__ = [
    "RANKED_COLUMNS",
    "MAX_LINE_MEMBERS",
    "Bundle",
    "DataState",
    "StoredSource",
    "reload_from_store",
    "REFRESH_INTERVAL_S",
    "build_bundle",
    "pair_links",
    "today",
    "count_by_area",
    "missing_mask",
    "members_by_arrangement",
    "joined_names",
    "GAP_COLUMNS",
]


def today() -> dt.date:
    """The default analysis date (a function so tests can pass their own date)."""
    return dt.date.today()


@dataclass
class StoredSource:
    """The regional dataset as the register store has it: stored registers merged onto ``base_web``.

    ``generation()`` is the store's change counter; ``load()`` gives the merged
    web and the disagreements between registers.
    """

    store: object
    base_web: CooperationWeb | None

    def generation(self) -> int:
        return int(self.store.generation())

    def load(self) -> tuple[CooperationWeb, tuple]:
        parties = None if self.base_web is None else self.base_web.parties
        from samverkansvav.dataset import current_merged

        merged = current_merged(
            self.store, parties, include_demo=self.base_web is not None, demo_web=self.base_web
        )
        return merged.web, tuple(merged.disagreements)


class DataState:
    """The app's datasets and their bundles (one per dataset and analysis date).

    Thread-safe: the dev server and gunicorn threads share it. ``set_web`` swaps
    the dataset atomically; bundles of the previous dataset are dropped.
    ``disagreements`` are what registers say differently about shared
    arrangements (see :mod:`samverkansvav.ingest.authority`).
    """

    def __init__(
        self,
        web: CooperationWeb,
        *,
        key: str = "default",
        boundaries: dict | None = None,
        cache_size: int = 4,
        disagreements: tuple = (),
    ) -> None:
        self._web = web
        self._key = key
        self._version = 0
        self.boundaries = boundaries
        self._cache: OrderedDict[tuple[str, dt.date], Bundle] = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()
        self._disagreements = tuple(disagreements)
        self._source: StoredSource | None = None
        self._generation: int | None = None
        self._checked_at = 0.0
        self._interval = REFRESH_INTERVAL_S
        self._refresh_lock = threading.Lock()
        self._loading = False

    @property
    def web(self) -> CooperationWeb:
        return self._web

    @property
    def key(self) -> str:
        return self._key

    @property
    def disagreements(self) -> tuple:
        return self._disagreements

    @property
    def following(self) -> bool:
        """Whether this state reloads itself from the register store."""
        return self._source is not None

    def set_web(
        self, web: CooperationWeb, *, key: str | None = None, disagreements: tuple | None = None
    ) -> str:
        """Replace the dataset; returns the new dataset key."""
        with self._lock:
            self._version += 1
            self._web = web
            self._key = key or f"data-{self._version}"
            if disagreements is not None:
                self._disagreements = tuple(disagreements)
            self._cache.clear()
            return self._key

    def follow(
        self, source: StoredSource, *, interval_s: float = REFRESH_INTERVAL_S, generation: int | None = None
    ) -> None:
        """Reload from ``source`` whenever its generation moves (checked every ``interval_s``).

        ``generation`` is the one the current dataset was loaded at (default: ask now).
        """
        self._source = source
        self._interval = float(interval_s)
        self._generation = source.generation() if generation is None else generation
        self._checked_at = time.monotonic()

    def refresh(self, *, force: bool = False) -> bool:
        """Notice a change of the stored data; returns whether the dataset was replaced now.

        Without ``force``: asks the database at most every ``interval_s``; when the
        generation moved, a background thread loads the new dataset and builds
        today's bundle, then swaps it in - the views keep serving the previous
        dataset meanwhile, so no visitor waits for the reload. A failing database
        is logged and the current dataset kept.

        With ``force`` (after a write by this process): reloads now, in the
        calling thread, and raises on failure.
        """
        source = self._source
        if source is None:
            return False
        if force:
            with self._refresh_lock:
                generation = source.generation()
                web, found = source.load()
                self.set_web(web, disagreements=found)
                self._generation = generation
                self._checked_at = time.monotonic()
                return True
        now = time.monotonic()
        if now - self._checked_at < self._interval:
            return False
        with self._lock:
            if self._loading or now - self._checked_at < self._interval:
                return False
            self._checked_at = now
        try:
            generation = source.generation()
        except Exception:  # noqa: BLE001 - the views keep the data they have
            log.exception("Databasens ändringsräknare kunde inte läsas; vyerna visar den tidigare versionen.")
            return False
        if generation == self._generation:
            return False
        with self._lock:
            if self._loading:
                return False
            self._loading = True
        threading.Thread(
            target=self._load_in_background,
            args=(source, generation),
            name="samverkansvav-reload",
            daemon=True,
        ).start()
        return False

    def _load_in_background(self, source: StoredSource, generation: int) -> None:
        try:
            with self._refresh_lock:
                if generation == self._generation:
                    return
                web, found = source.load()
                on = today()
                bundle = build_bundle(web, on=on, key=f"stored-{generation}").warm()
                with self._lock:
                    self._version += 1
                    self._web = web
                    self._key = bundle.key
                    self._disagreements = tuple(found)
                    self._cache.clear()
                    self._cache[(bundle.key, on)] = bundle
                self._generation = generation
        except Exception:  # noqa: BLE001 - the views keep the data they have
            log.exception("Den sparade datan kunde inte läsas om; vyerna visar den tidigare versionen.")
        finally:
            with self._lock:
                self._loading = False

    def wait_until_current(self, timeout_s: float = 30.0) -> bool:
        """Block until a started background reload is done (tests, load tests); ``False`` on timeout."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            with self._lock:
                if not self._loading:
                    return True
            time.sleep(0.02)
        return False

    def bundle(self, on: dt.date | None = None) -> Bundle:
        """The bundle for ``on`` (default today), computed on first use."""
        self.refresh()
        on = on or today()
        with self._lock:
            cache_key = (self._key, on)
            if cache_key in self._cache:
                self._cache.move_to_end(cache_key)
                return self._cache[cache_key]
            web, key = self._web, self._key
        bundle = build_bundle(web, on=on, key=key).warm()
        with self._lock:
            if self._key == key:
                self._cache[cache_key] = bundle
                while len(self._cache) > self._cache_size:
                    self._cache.popitem(last=False)
        return bundle


def reload_from_store(state: DataState, store: object, base_web: CooperationWeb | None) -> None:
    """After a write: give ``state`` the newly stored data now (other workers follow within a second)."""
    if state.following:
        state.refresh(force=True)
        return
    web, found = StoredSource(store, base_web).load()
    state.set_web(web, disagreements=found)
