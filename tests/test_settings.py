"""Settings: environment variables in, CLI overrides on top."""

from __future__ import annotations

from pathlib import Path

import pytest

from searchsvc.settings import Settings


def test_defaults_and_environment() -> None:
    assert Settings.from_env({}) == Settings(raw_dir=Path("raw"), index_dir=Path("index"))
    s = Settings.from_env({"SEARCHSVC_RAW_DIR": "/data/raw", "SEARCHSVC_PER_PAGE": "25"})
    assert s.raw_dir == Path("/data/raw") and s.per_page == 25


def test_bad_number_in_environment_names_the_variable() -> None:
    with pytest.raises(ValueError, match="SEARCHSVC_PER_PAGE"):
        Settings.from_env({"SEARCHSVC_PER_PAGE": "many"})
    with pytest.raises(ValueError, match="SEARCHSVC_BUILD_WORKERS must be a whole number \\(0 or more\\)"):
        Settings.from_env({"SEARCHSVC_BUILD_WORKERS": "-2"})


def test_default_page_size_outside_the_largest_is_refused_at_start() -> None:
    # It was accepted, and then every search that gave no per_page (the search page, the API) was a 400:
    # "'per_page' must be between 1 and 100".
    with pytest.raises(ValueError, match=r"SEARCHSVC_PER_PAGE must be between 1 and SEARCHSVC_MAX_PER_PAGE \(100\), "
                       r"got 200: raise SEARCHSVC_MAX_PER_PAGE too"):
        Settings.from_env({"SEARCHSVC_PER_PAGE": "200"})
    with pytest.raises(ValueError, match="SEARCHSVC_PER_PAGE must be between 1 and"):
        Settings.from_env({"SEARCHSVC_PER_PAGE": "0"})
    with pytest.raises(ValueError, match="SEARCHSVC_MAX_PER_PAGE must be 1 or more"):
        Settings.from_env({"SEARCHSVC_MAX_PER_PAGE": "0", "SEARCHSVC_PER_PAGE": "0"})
    s = Settings.from_env({"SEARCHSVC_PER_PAGE": "200", "SEARCHSVC_MAX_PER_PAGE": "500"})
    assert (s.per_page, s.max_per_page) == (200, 500)


def test_build_workers_from_environment() -> None:
    assert Settings.from_env({}).build_workers == 0  # one per CPU
    assert Settings.from_env({"SEARCHSVC_BUILD_WORKERS": "3"}).build_workers == 3


def test_overrides_win() -> None:
    s = Settings.from_env({"SEARCHSVC_INDEX_DIR": "/env"}).with_overrides(index_dir="/flag", raw_dir=None)
    assert s.index_dir == Path("/flag") and s.raw_dir == Path("raw")
