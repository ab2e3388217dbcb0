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
from searchsvc.models import Document, Query
from searchsvc.search import get_document, search

WORDS = {"made": 40, "comrade": 30, "respected": 25, "speech": 20, "received": 30, "taxes": 90, "es": 4,
         "president": 30, "university": 12}


def _repair(*names: str) -> glue.Repair:
    return glue.Repair(frozenset(names), WORDS)


def test_the_names_counted_are_only_the_clean_three_word_names() -> None:
    found = {name for name in glue.counted("Respected Comrade Kim Jong Un Inspects Farm",
                                           "the respected ComradeKim Jong Unmade a speech") if glue.GLUED not in name}
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


_NAMES = ("Kim Jong Un", "Kim Jong Unsaid", "Kim Il Sung", "Value Added Tax", "Commodity Credit Co")
# Pieces that make the runs a name can be glued in, on either side.
_RUN_PIECES = st.sampled_from(["Comrade", "Kim Jong ", "Kim Il ", "Kim ", "Jong ", "Un", "Unsaid", "Unmade", "UN", "U",
                               "Sung", "said", "made", "a", "Commodity Credit ", "Co", "Corporation", "Value Added ",
                               "Taxes", "University", "'", " ", " ", ". ", "x"])


@pytest.mark.parametrize("body", [
    "The respected ComradeKim Jong Un said",  # glued before only
    "The respected Kim Jong Unmade a speech",  # glued after, in a run no letter touches
    "a visit to Kim Jong UnUniversity",  # glued after, to a capital
    "ComradeKim Jong U. said",  # no name can end in "U"
    "The Commodity Credit Corporation said",  # a known name ends inside the word: no seam
    "Kim Jong Unsaid",  # a glued form written often enough to be a name itself
    "Kim Jong Una speech",  # glued to a one-letter word
    "Respected Comrade Kim Jong Un said, and Kim Il Sung",
])
def test_a_document_ruled_out_by_its_counted_names_is_repaired_as_a_scan_repairs_it(body: str) -> None:
    # A full build hands fix() each document's counted names, which rule most documents out without
    # scanning them again: what the scan would have found must never be missed.
    _check_fix_with_counted(Document(id="x.txt", title="", body=body))


@settings(max_examples=400, deadline=None)
@given(st.lists(_RUN_PIECES, max_size=16), st.lists(_RUN_PIECES, max_size=6))
def test_any_document_ruled_out_by_its_counted_names_is_repaired_as_a_scan_repairs_it(
    body: list[str], title: list[str]
) -> None:
    _check_fix_with_counted(Document(id="x.txt", title="".join(title), body="".join(body)))


def _check_fix_with_counted(doc: Document) -> None:
    repair = glue.Repair(frozenset(_NAMES), WORDS)
    scanned, unsplit = repair.fix(doc)
    assert repair.fix(doc, glue.counted(doc.title, doc.body)) == (scanned, unsplit)


def test_a_document_that_names_a_known_name_cleanly_is_not_scanned_again() -> None:
    repair = _repair("Kim Jong Un")
    clean = Document(id="a.txt", title="Respected Comrade Kim Jong Un Inspects Farm",
                     body="Kim Jong Un inspected the farm and the Kim Jong Un University.")
    assert not repair.may_split(glue.counted(clean.title, clean.body))
    glued = Document(id="b.txt", title="", body="The respected ComradeKim Jong Unmade a speech.")
    assert repair.may_split(glue.counted(glued.title, glued.body))
    assert repair.fix(glued, glue.counted(glued.title, glued.body))[0].body == (
        "The respected Comrade Kim Jong Un made a speech.")


def _kcna(raw: Path, glued: int, clean: int = 4) -> None:
    """`clean` items naming Kim Jong Un, and `glued` items from a scraper that fused the name in."""
    raw.mkdir(parents=True, exist_ok=True)
    for i in range(clean):
        (raw / f"clean-{i}.txt").write_text(
            f"Respected Comrade Kim Jong Un Inspects Farm {i}\n\n"
            f"Pyongyang, August {i + 1} (KCNA) -- Kim Jong Un, general secretary, inspected farm {i} "
            "and praised the farmers for the good harvest they made this year. -0-")
    for i in range(glued):
        (raw / f"glued-{i}.txt").write_text(
            f"Speech at Congratulatory Visit {i}\n\n"
            f"Pyongyang, October {i + 1} (KCNA) -- The respected ComradeKim Jong Unmade a speech at the "
            "university and received a warm welcome from the students and teachers. -0-")


def _check_glued_items_are_found(ix: Path, glued: int, clean: int = 4) -> None:
    live = LiveIndex(ix)
    result = search(live, Query(q='"Kim Jong Un made a speech"', per_page=50))
    assert sorted(hit.id for hit in result.hits) == [f"glued-{i}.txt" for i in range(glued)]
    doc = get_document(live, "glued-0.txt")
    assert "The respected Comrade Kim Jong Un made a speech" in doc.body
    # did-you-mean's vocabulary counts the words as indexed, not the fused ones.
    gen = ix / generations.current_generation(ix)
    counts = vocabulary.Vocabulary.read(gen).counts
    assert "comradekim" not in counts and "unmade" not in counts
    assert counts["kim"] == clean + glued


@pytest.mark.parametrize("procs", [1, 2])
def test_full_build_splits_glued_names_it_learned_from_the_collection(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, procs: int
) -> None:
    monkeypatch.setattr(indexer, "default_workers", lambda: procs)
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


def _bodies(ix: Path, glued: int) -> dict[str, str]:
    live = LiveIndex(ix)
    return {f"glued-{i}.txt": get_document(live, f"glued-{i}.txt").body for i in range(glued)}


def test_a_collection_grown_by_updates_learns_names_and_splits_the_items_already_indexed(tmp_path: Path) -> None:
    # Two clean items: too few to learn the name from, so the glued one stays glued at first.
    _kcna(tmp_path / "raw", glued=1, clean=2)
    build_index(tmp_path / "raw", tmp_path / "ix")
    assert "ComradeKim Jong Unmade" in _bodies(tmp_path / "ix", glued=1)["glued-0.txt"]
    # Two more clean items, and a new glued one: the name is now written cleanly in four.
    _kcna(tmp_path / "raw", glued=2, clean=4)
    report = build_index(tmp_path / "raw", tmp_path / "ix")
    assert not report.rebuilt and report.added == 3 and report.resplit == 1
    _check_glued_items_are_found(tmp_path / "ix", glued=2)
    # The same text a rebuild stores.
    updated = _bodies(tmp_path / "ix", glued=2)
    build_index(tmp_path / "raw", tmp_path / "ix", rebuild=True)
    assert _bodies(tmp_path / "ix", glued=2) == updated


GLUED_FORMS = [
    "The respected ComradeKim Jong Unmade a speech at the university.",  # glued on both sides
    "In his reply Kim Jong Unmade remarks.",  # only on the right
    "A visit toKim Jong UnUniversity was made.",  # into the next capital
    "Greetings were sent toKim Jong Un, who received them.",  # only on the left
]


def test_an_update_splits_each_glued_form_of_a_name_it_learns_as_a_rebuild_does(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    _kcna(raw, glued=0, clean=2)
    for i, text in enumerate(GLUED_FORMS):
        (raw / f"form-{i}.txt").write_text(f"Report {i}\n\nPyongyang (KCNA) -- {text} -0-")
    build_index(raw, tmp_path / "ix")
    _kcna(raw, glued=0, clean=4)
    build_index(raw, tmp_path / "ix")
    live = LiveIndex(tmp_path / "ix")
    found = search(live, Query(q='"Kim Jong Un"', per_page=50)).hits
    assert sorted(hit.id for hit in found if hit.id.startswith("form")) == [f"form-{i}.txt" for i in range(4)]
    updated = {i: get_document(live, f"form-{i}.txt").body for i in range(4)}
    assert "toKim" not in updated[2] and "Unmade" not in updated[1]
    build_index(raw, tmp_path / "ix", rebuild=True)
    live = LiveIndex(tmp_path / "ix")
    assert {i: get_document(live, f"form-{i}.txt").body for i in range(4)} == updated


def test_fix_says_when_a_known_name_is_left_glued_for_want_of_a_known_word() -> None:
    text = "the fatherly MarshalKim Jong Unmade a speech"
    fixed, left = _repair("Kim Jong Un").fix(_doc(text))
    assert fixed.body == "the fatherly MarshalKim Jong Un made a speech" and left
    known = glue.Repair(frozenset({"Kim Jong Un"}), WORDS | {"marshal": 5})
    fixed, left = known.fix(_doc(text))
    assert fixed.body == "the fatherly Marshal Kim Jong Un made a speech" and not left
    # Clean, or glued to no known name: nothing is left to split.
    assert not _repair("Kim Jong Un").fix(_doc("the fatherly Marshal Kim Jong Un said"))[1]
    assert not _repair("Kim Jong Un").fix(_doc("the respected Kim Jong Chol said"))[1]
    # A name ending inside a word is no sign of glue by itself ("Co" + "rporation").
    assert not _repair("Commodity Credit Co").fix(_doc("the Commodity Credit Corporation said"))[1]


def test_an_update_splits_what_was_left_glued_once_the_collection_knows_the_word(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    _kcna(raw, glued=0, clean=4)
    (raw / "marshal.txt").write_text("Speech\n\nPyongyang (KCNA) -- The fatherly MarshalKim Jong Unmade a speech. -0-")
    build_index(raw, tmp_path / "ix")
    assert "MarshalKim Jong Un made" in get_document(LiveIndex(tmp_path / "ix"), "marshal.txt").body
    for i in range(3):  # "Marshal" becomes a word the collection knows
        (raw / f"tito-{i}.txt").write_text(f"Visit {i}\n\nBelgrade -- Marshal Tito visited factory {i}.")
    report = build_index(raw, tmp_path / "ix")
    assert not report.rebuilt and report.resplit == 1
    updated = get_document(LiveIndex(tmp_path / "ix"), "marshal.txt").body
    assert "Marshal Kim Jong Un made" in updated
    build_index(raw, tmp_path / "ix", rebuild=True)
    assert get_document(LiveIndex(tmp_path / "ix"), "marshal.txt").body == updated


def _doc(body: str) -> Document:
    return Document(id="x.txt", title="", body=body)


def test_counted_marks_the_side_letters_touch() -> None:
    found = glue.counted(*GLUED_FORMS, "Respected Comrade Kim Jong Un Inspects Farm")
    assert {"~Kim Jong Unmade", "Kim Jong Unmade", "~Kim Jong Un~", "~Kim Jong Un"} <= found
    assert "Kim Jong Un" in found and "Un Inspects Farm" in found
    repair = glue.Repair.learn({name: 3 for name in found} | {"Kim Jong Un": 1}, WORDS)
    assert "Kim Jong Un" not in repair.names and not any(glue.GLUED in name for name in repair.names)
    # The words indexed as written: the glued side's word is not.
    forms = sorted(repair.glued_forms(["Kim Jong Un"]))
    assert forms == [["Jong"], ["Jong", "Un"], ["Jong", "Unmade"], ["Kim", "Jong", "Unmade"]]


def test_index_command_says_how_many_unchanged_items_it_split(runner, tmp_path: Path) -> None:
    args = ["--raw", str(tmp_path / "raw"), "--index", str(tmp_path / "ix"), "index"]
    _kcna(tmp_path / "raw", glued=1, clean=2)
    assert runner.invoke(cli, args).exit_code == 0
    _kcna(tmp_path / "raw", glued=1, clean=4)
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "2 added, 0 updated, 0 removed, 3 unchanged, of which 1 rewritten with glued names split" in result.output


def test_an_update_counts_out_the_names_of_removed_items(tmp_path: Path) -> None:
    _kcna(tmp_path / "raw", glued=1, clean=3)
    build_index(tmp_path / "raw", tmp_path / "ix")
    assert "Comrade Kim Jong Un made" in _bodies(tmp_path / "ix", glued=1)["glued-0.txt"]
    for i in (1, 2):
        (tmp_path / "raw" / f"clean-{i}.txt").unlink()
    _kcna(tmp_path / "raw", glued=2, clean=1)
    build_index(tmp_path / "raw", tmp_path / "ix")
    # One clean item is left: as a rebuild would, the update no longer splits a new glued item.
    assert "ComradeKim Jong Unmade" in _bodies(tmp_path / "ix", glued=2)["glued-1.txt"]


def test_extract_command_shows_the_capture_as_the_index_stores_it(runner, tmp_path: Path) -> None:
    _kcna(tmp_path / "raw", glued=1)
    args = ["--raw", str(tmp_path / "raw"), "--index", str(tmp_path / "ix")]
    assert runner.invoke(cli, [*args, "index", "--quiet"]).exit_code == 0
    result = runner.invoke(cli, [*args, "extract", str(tmp_path / "raw" / "glued-0.txt")])
    assert result.exit_code == 0, result.output
    assert "The respected Comrade Kim Jong Un made a speech" in result.output


def test_a_run_glued_on_its_right_is_not_a_name() -> None:
    """"Kim Jong UnUniversity" marks where the name may be glued ("Kim Jong Un~"); counted in three
    documents it is still no name, so it never makes "Kim Jong" a head to look for."""
    found = glue.counted("Kim Jong UnUniversity")
    assert "Kim Jong Un~" in found
    repair = glue.Repair.learn({name: 3 for name in found}, WORDS)
    assert not repair.names and not repair.heads
