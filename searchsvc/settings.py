"""One settings object, built at the edge (CLI flags, SEARCHSVC_* environment) and handed inward."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path

ENV_PREFIX = "SEARCHSVC_"


@dataclass(frozen=True)
class Settings:
    raw_dir: Path = Path("raw")
    index_dir: Path = Path("index")
    per_page: int = 10  # default page size
    max_per_page: int = 100
    # Decoded posting lists kept per server worker (common words recur across different queries);
    # 0 turns the cache off.
    postings_cache_mb: int = 64
    # Processes that extract and index captures; 0: one per CPU this process may use (CPU affinity
    # and a container's quota), up to 8.
    build_workers: int = 0

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Settings from SEARCHSVC_<FIELD> variables, defaults for the rest."""
        environ = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = environ.get(ENV_PREFIX + f.name.upper())
            if raw is None or raw == "":
                continue
            default = f.default
            if isinstance(default, Path):
                values[f.name] = Path(raw)
            elif isinstance(default, int):
                number = int(raw) if raw.strip().isdecimal() else None  # no sign: every setting is 0 or more
                if number is None:
                    raise ValueError(f"{ENV_PREFIX}{f.name.upper()} must be a whole number (0 or more), got {raw!r}")
                values[f.name] = number
            else:
                values[f.name] = raw
        settings = cls(**values)  # type: ignore[arg-type]
        settings._check_page_sizes()
        return settings

    def _check_page_sizes(self) -> None:
        # A default page size outside 1..max_per_page made every search that gave no per_page (the search
        # page's, the API's) a 400 blaming the request: "'per_page' must be between 1 and 100".
        if self.max_per_page < 1:
            raise ValueError(f"{ENV_PREFIX}MAX_PER_PAGE must be 1 or more, got {self.max_per_page}")
        if not 1 <= self.per_page <= self.max_per_page:
            raise ValueError(
                f"{ENV_PREFIX}PER_PAGE must be between 1 and {ENV_PREFIX}MAX_PER_PAGE ({self.max_per_page}), "
                f"got {self.per_page}" + (f": raise {ENV_PREFIX}MAX_PER_PAGE too" if self.per_page > 1 else "")
            )

    def with_overrides(self, **changes: object) -> Settings:
        """A copy with the given non-None values replaced (CLI flags win over the environment)."""
        given = {k: v for k, v in changes.items() if v is not None}
        if "raw_dir" in given:
            given["raw_dir"] = Path(given["raw_dir"])  # type: ignore[arg-type]
        if "index_dir" in given:
            given["index_dir"] = Path(given["index_dir"])  # type: ignore[arg-type]
        return replace(self, **given)  # type: ignore[arg-type]
