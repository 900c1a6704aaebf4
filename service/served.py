"""The index generation a worker serves, swapped for a newer one when a build replaces it.

Each request takes the current (bundle, engine) pair once and answers from it, so
a request in flight finishes on the generation it started with. Every request
first looks at the index's manifest file (one ``stat``; the small JSON is read
only when the file changed): when another process (the command line, another
worker's upload) has built a new generation, the first request to see it loads
it and swaps the pair in one assignment, while other threads go on with the old
pair. A generation that cannot be loaded (caught mid-swap, or damaged) is logged
and the current one kept; the next request tries again.
"""
from __future__ import annotations

import logging
import os
import threading
from pathlib import Path

from index import store
from index.retrieval import Retriever
from index.store import IndexBundle

from .qa.engine import QAEngine

log = logging.getLogger(__name__)


def generation_key(manifest: dict | None) -> tuple | None:
    if not manifest:
        return None
    return manifest.get("generation"), manifest.get("built_at"), manifest.get("corpus_checksum")


class ServedIndex:
    def __init__(self, corpus_dir: Path, index_dir: Path) -> None:
        self.index_dir = Path(index_dir)
        bundle = store.load_or_build(corpus_dir, index_dir)
        self._current = (bundle, QAEngine(bundle, Retriever(bundle)))
        self._lock = threading.Lock()
        self._seen = self._manifest_stamp()

    def _manifest_stamp(self) -> tuple[int, int] | None:
        try:
            stat = os.stat(self.index_dir / store.MANIFEST)
        except OSError:
            return None
        return stat.st_ino, stat.st_mtime_ns

    def current(self) -> tuple[IndexBundle, QAEngine]:
        """The pair to answer this request from, the newest built generation if it changed."""
        stamp = self._manifest_stamp()
        if stamp is not None and stamp != self._seen and self._lock.acquire(blocking=False):
            try:
                if self._reload_if_new():
                    self._seen = stamp
            finally:
                self._lock.release()
        return self._current

    def refresh(self) -> None:
        """Serve the newest generation now (after this worker built it)."""
        with self._lock:
            stamp = self._manifest_stamp()
            if self._reload_if_new():
                self._seen = stamp

    @property
    def bundle(self) -> IndexBundle:
        return self.current()[0]

    @property
    def engine(self) -> QAEngine:
        return self.current()[1]

    def _reload_if_new(self) -> bool:
        """Load a new generation if the manifest names one; False when it could not be loaded."""
        manifest = store.read_manifest(self.index_dir)
        key = generation_key(manifest)
        if key is None:
            return False
        if key == generation_key(self._current[0].manifest):
            return True
        try:
            bundle = store.load(self.index_dir)
            engine = QAEngine(bundle, Retriever(bundle))
        except Exception:   # caught between two renames of a build, or a damaged file: keep serving
            log.exception("index generation %s could not be loaded; still serving %s", key[0],
                          self._current[0].manifest.get("generation"))
            return False
        self._current = (bundle, engine)
        log.info("now serving index generation %s built at %s", key[0], key[1])
        return True
