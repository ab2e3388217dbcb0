"""Names a scraper glued to their neighbours are split where the collection writes them cleanly."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from searchsvc import generations, glue, indexer, vocabulary
from searchsvc.cli import cli
from searchsvc.indexer import build_index
from searchsvc.live_index import LiveIndex
from searchsvc.models import Query
from searchsvc.search import get_document, search

WORDS = {"made": 40, "comrade": 30, "respected": 25, "speech": 20, "received": 30, "taxes": 90, "es": 4,
         "president": 30, "university": 12}


def _repair(*names: str) -> glue.Repair:
    return glue.Repair(frozenset(names), WORDS)


def test_trigrams_are_only_the_clean_three_word_names() -> None:
    found = glue.trigrams("Respected Comrade Kim Jong Un Inspects Farm",
                          "the respected ComradeKim Jong Unmade a speech")
    assert "Kim Jong Un" in found and "Comrade Kim Jong" in found
    # Letters touch "Kim" and "Unmade": neither run is a name as written.
    assert not any("Unmade" in name or "ComradeKim" in name for name in found)


def test_a_name_glued_on_both_sides_is_split_from_both_neighbours() -> None:
    repair = _repair("Kim Jong Un")
    assert (repair.text("the respected ComradeKim Jong Unmade a speech")
            == "the respected Comrade Kim Jong Un made a speech")
    assert repair.text("a visit toKim Jong UnUniversity today") == "a visit to Kim Jong Un University today"
    # Glued on the right only: no capital after a lower-case letter marks the seam.
    assert repair.text("solidarity to H.E.Kim Jong Unmade it clear") == "solidarity to H.E.Kim Jong Un made it clear"


def test_two_glued_names_in_a_row_are_both_split() -> None:
    repair = _repair("Kim Jong Un", "Kim Il Sung")
    assert (repair.text("statues of PresidentKim Il SungandKim Jong Unreceived flowers")
            == "statues of President Kim Il Sung and Kim Jong Un received flowers")


def test_a_word_that_only_looks_glued_is_left_alone() -> None:
    # "Value Added Tax" is a name, but "Taxes" is a word the collection uses far more than "es".
    assert _repair("Value Added Tax").text("Value Added Taxes rose") == "Value Added Taxes rose"
    # No known name: a company written in camel case keeps its spelling.
    assert _repair("Kim Jong Un").text("the BlackRock Fund Managers said") == "the BlackRock Fund Managers said"
    assert glue.Repair(frozenset(), WORDS).text("ComradeKim Jong Unmade") == "ComradeKim Jong Unmade"


_PIECES = st.sampled_from(["Kim", "Jong", "Un", "Il", "Sung", "made", "said", "Comrade", "to", "Taxes", "Value",
                           "Added", "Tax", "es", "H.E.", " ", " ", ", ", "x", "Q"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=30))
def test_repair_only_ever_inserts_spaces_and_a_second_pass_changes_nothing(pieces: list[str]) -> None:
    repair = _repair("Kim Jong Un", "Kim Il Sung", "Value Added Tax")
    text = "".join(pieces)
    fixed = repair.text(text)
    assert fixed.replace(" ", "") == text.replace(" ", "")
    assert repair.text(fixed) == fixed


def _kcna(raw: Path, glued: int) -> None:
    """Clean items naming Kim Jong Un, and `glued` items from a scraper that fused the name in."""
    raw.mkdir(parents=True, exist_ok=True)
    for i in range(4):
        (raw / f"clean-{i}.txt").write_text(
            f"Respected Comrade Kim Jong Un Inspects Farm {i}\n\n"
            f"Pyongyang, August {i + 1} (KCNA) -- Kim Jong Un, general secretary, inspected farm {i} "
            "and praised the farmers for the good harvest they made this year. -0-")
    for i in range(glued):
        (raw / f"glued-{i}.txt").write_text(
            f"Speech at Congratulatory Visit {i}\n\n"
            f"Pyongyang, October {i + 1} (KCNA) -- The respected ComradeKim Jong Unmade a speech at the "
            "university and received a warm welcome from the students and teachers. -0-")


def _check_glued_items_are_found(ix: Path, glued: int) -> None:
    live = LiveIndex(ix)
    result = search(live, Query(q='"Kim Jong Un made a speech"', per_page=50))
    assert sorted(hit.id for hit in result.hits) == [f"glued-{i}.txt" for i in range(glued)]
    doc = get_document(live, "glued-0.txt")
    assert "The respected Comrade Kim Jong Un made a speech" in doc.body
    # did-you-mean's vocabulary counts the words as indexed, not the fused ones.
    gen = ix / generations.current_generation(ix)
    counts = vocabulary.Vocabulary.read(gen).counts
    assert "comradekim" not in counts and "unmade" not in counts
    assert counts["kim"] == 4 + glued


@pytest.mark.parametrize("procs", [1, 2])
def test_full_build_splits_glued_names_it_learned_from_the_collection(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, procs: int
) -> None:
    monkeypatch.setattr(indexer, "BUILD_PROCS", procs)
    monkeypatch.setattr(indexer, "PARALLEL_FROM", 4)
    _kcna(tmp_path / "raw", glued=2)
    build_index(tmp_path / "raw", tmp_path / "ix")
    _check_glued_items_are_found(tmp_path / "ix", glued=2)


def test_update_splits_a_new_items_glued_names_with_the_names_already_learned(tmp_path: Path) -> None:
    _kcna(tmp_path / "raw", glued=1)
    build_index(tmp_path / "raw", tmp_path / "ix")
    _kcna(tmp_path / "raw", glued=3)
    report = build_index(tmp_path / "raw", tmp_path / "ix")
    assert not report.rebuilt and report.added == 2
    _check_glued_items_are_found(tmp_path / "ix", glued=3)


def test_extract_command_shows_the_capture_as_the_index_stores_it(runner, tmp_path: Path) -> None:
    _kcna(tmp_path / "raw", glued=1)
    args = ["--raw", str(tmp_path / "raw"), "--index", str(tmp_path / "ix")]
    assert runner.invoke(cli, [*args, "index", "--quiet"]).exit_code == 0
    result = runner.invoke(cli, [*args, "extract", str(tmp_path / "raw" / "glued-0.txt")])
    assert result.exit_code == 0, result.output
    assert "The respected Comrade Kim Jong Un made a speech" in result.output
