"""A long-lived handle on the live index generation that follows rebuilds without a restart.

One searcher per thread is opened lazily (after a server forks) and reused across requests;
each call to `searcher()` first checks the CURRENT pointer and reopens only when a rebuild
has switched generations.
"""

from __future__ import annotations

import threading
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.searching import Searcher

from . import generations
from .columns import Columns
from .errors import IndexNotReady
from .fastrank import PostingsCache
from .vocabulary import Vocabulary


class LiveIndex:
    def __init__(self, index_dir: Path, *, postings_cache_mb: int = 0) -> None:
        self.index_dir = Path(index_dir)
        self.postings_cache_mb = postings_cache_mb
        self._local = threading.local()

    def searcher(self) -> Searcher:
        """A searcher on the live generation; IndexNotReady when there is no usable index."""
        local = self._local
        stamp = generations.pointer_stamp(self.index_dir)
        if getattr(local, "searcher", None) is not None and local.stamp == stamp and stamp is not None:
            return local.searcher
        generation = generations.current_generation(self.index_dir)
        if getattr(local, "generation", None) == generation and local.searcher is not None:
            local.stamp = stamp
            return local.searcher
        try:
            ix = whoosh_index.open_dir(str(self.index_dir / generation))
            searcher = ix.searcher()
        except Exception as exc:  # noqa: BLE001 - any failure to open means "not ready", with the reason
            raise IndexNotReady(
                f"cannot open the index in {self.index_dir} ({exc.__class__.__name__}): run `searchsvc index`"
            ) from exc
        old = getattr(local, "searcher", None)
        local.searcher, local.generation, local.stamp = searcher, generation, stamp
        local.columns = None
        local.vocabulary = None
        local.postings = PostingsCache(self.postings_cache_mb * 2**20)
        if old is not None:
            old.close()
        return searcher

    def columns(self) -> Columns:
        """Facet and filter arrays of the generation the last searcher() call returned."""
        local = self._local
        if getattr(local, "columns", None) is None:
            local.columns = Columns(local.searcher)
        return local.columns

    def postings_cache(self) -> PostingsCache:
        """Decoded posting lists of the generation the last searcher() call returned."""
        return self._local.postings

    def vocabulary(self) -> Vocabulary:
        """Unstemmed words of the generation the last searcher() call returned (read on first use)."""
        local = self._local
        if getattr(local, "vocabulary", None) is None:
            local.vocabulary = Vocabulary.load(self.index_dir / local.generation)
        return local.vocabulary

    @property
    def generation(self) -> str | None:
        return getattr(self._local, "generation", None)

    def close(self) -> None:
        old = getattr(self._local, "searcher", None)
        if old is not None:
            old.close()
            self._local.searcher = None
