"""Shared fixtures: tiny corpora written into tmp_path, an index built from them, app/client/runner."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from searchsvc.indexer import build_index
from searchsvc.live_index import LiveIndex
from searchsvc.settings import Settings
from searchsvc.web import create_app

REPO = Path(__file__).resolve().parent.parent
SEEDS_DIR = REPO / "raw"

XSS = '<script>alert("xss")</script>'

# Short captures with known dates and sources (given by sidecars) for filters, facets and sorting.
CORPUS = {
    "news/flood-2019.txt": (
        "River floods in the north",
        "2019-03-02",
        "Daily Planet",
        "The river flooded three towns after heavy rain. Farmers lost harvests.",
    ),
    "news/flood-2020.txt": (
        "Flood defences rebuilt",
        "2020-06-15",
        "Daily Planet",
        "A year after the floods, new defences protect the towns along the river.",
    ),
    "news/drought-2021.txt": (
        "Drought hits farmers",
        "2021-08-01",
        "Rural Times",
        "No rain for months: the harvest failed and the river ran dry.",
    ),
    "news/sanctions.txt": (
        "Sanctions debated",
        "2021-09-09",
        "Rural Times",
        "Parliament debated sanctions on grain exports and their effect on farmers.",
    ),
    "blog/undated.txt": (
        "Notes on rivers",
        None,
        None,
        "Rivers shape valleys. This note has no date and no publisher.",
    ),
    "blog/xss.txt": (
        f"Hostile {XSS} title",
        "2018-01-01",
        "Evil Blog",
        f"Body with {XSS} inside and the word marmalade.",
    ),
}


def write_corpus(raw: Path, *, seeds: bool = True) -> Path:
    """Write the fixture corpus (and, by default, the five real seed captures) under `raw`."""
    raw.mkdir(parents=True, exist_ok=True)
    for name, (title, date, source, body) in CORPUS.items():
        path = raw / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"{title}\n\n{body}\n", encoding="utf-8")
        # A capture with no publisher has no address either: an address names its site as the publisher.
        url = f"https://example.org/{name}" if source else None
        meta = {"title": title, "date": date, "source": source, "url": url}
        (path.with_name(path.name[:-4] + ".meta.json")).write_text(
            json.dumps({k: v for k, v in meta.items() if v}), encoding="utf-8"
        )
    if seeds:
        for seed in sorted(SEEDS_DIR.glob("*.txt")):
            shutil.copyfile(seed, raw / seed.name)
    return raw


@pytest.fixture(scope="session")
def corpus_dirs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(raw_dir, index_dir) with the fixture corpus indexed once for the whole session (read-only)."""
    base = tmp_path_factory.mktemp("corpus")
    raw = write_corpus(base / "raw")
    index = base / "index"
    build_index(raw, index)
    return raw, index


@pytest.fixture(scope="session")
def live(corpus_dirs: tuple[Path, Path]) -> LiveIndex:
    return LiveIndex(corpus_dirs[1])


@pytest.fixture
def settings(corpus_dirs: tuple[Path, Path]) -> Settings:
    raw, index = corpus_dirs
    return Settings(raw_dir=raw, index_dir=index)


@pytest.fixture
def app(settings: Settings):  # noqa: ANN201
    return create_app(settings)


@pytest.fixture
def client(app):  # noqa: ANN001, ANN201
    return app.test_client()


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()
