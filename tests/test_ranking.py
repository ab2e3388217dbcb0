"""Pseudo-relevance feedback for relaxed questions: what the best matches add, and how much."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from corpora import indexed

from searchsvc import fastrank, ranking, tokens
from searchsvc.indexer import build_index
from searchsvc.live_index import LiveIndex
from searchsvc.models import Query
from searchsvc.queryparse import content_words
from searchsvc.schema import build_schema
from searchsvc.search import search

BODIES = {
    1: "The reactor core is cooled by coolant pumps. Coolant loops carry heat to the exchanger.",
    2: "Orchards along the valley were planted with pears and plums by the farmers' cooperative.",
    3: "Bananas ripen faster beside apples; growers store them apart in cool sheds.",
}


def _counts(docnum: int) -> Counter[str]:
    return Counter(tokens.stems(BODIES[docnum]))


def _rare(word: str) -> float:
    return 0.01  # every word in a hundredth of the documents: none too common to add


@pytest.mark.parametrize("weight", [3.0, 30.0])
def test_feedback_takes_a_fixed_share_of_the_question_whatever_its_length(weight: float) -> None:
    terms = ranking.feedback_terms([1, 2], [weight, weight / 2], weight, counts=_counts, doc_share=_rare)
    share = (1 - ranking.FEEDBACK_ORIGINAL_WEIGHT) / ranking.FEEDBACK_ORIGINAL_WEIGHT
    assert sum(w for _, _, w in terms) == pytest.approx(share * weight)
    assert {field for field, _, _ in terms} == {"body"}


def test_a_much_better_match_gives_most_of_the_feedback() -> None:
    terms = ranking.feedback_terms([1, 3], [12.0, 2.0], 4.0, counts=_counts, doc_share=_rare)
    weights = {term: w for _, term, w in terms}
    assert weights["coolant"] > 10 * weights["banana"]


def test_score_gaps_count_per_unit_of_question_weight() -> None:
    """A long question's larger scores do not make its feedback come from its first match alone."""
    short = ranking.feedback_terms([1, 3], [4.0, 2.0], 2.0, counts=_counts, doc_share=_rare)
    long = ranking.feedback_terms([1, 3], [40.0, 20.0], 20.0, counts=_counts, doc_share=_rare)
    assert [term for _, term, _ in short] == [term for _, term, _ in long]
    for (_, _, a), (_, _, b) in zip(short, long, strict=True):
        assert b == pytest.approx(10 * a)


def test_no_documents_or_no_question_weight_add_nothing() -> None:
    assert ranking.feedback_terms([], [], 3.0, counts=_counts, doc_share=_rare) == []
    assert ranking.feedback_terms([1], [1.0], 0.0, counts=_counts, doc_share=_rare) == []


REACTOR_DOCS = {
    "primer": ("Reactor cooling primer", "Reactors are cooled by coolant pumps. Coolant loops carry heat from "
               "the reactor core to the exchanger, and the pumps keep the core cool."),
    "maintenance": ("Maintenance note", "Coolant pumps and coolant loops were serviced this week; the exchanger "
                    "was flushed, the pumps were tested, and the core loops were inspected beside the reactor."),
    "minutes": ("Council minutes", "The council discussed the reactor and a new library."),
}


def _reactor_index(tmp_path: Path, extra: dict[str, tuple[str, str]] | None = None) -> LiveIndex:
    docs = {**REACTOR_DOCS, **(extra or {})}
    for i in range(30):  # other topics: the question's words, and the feedback words, are in few documents
        docs[f"other{i}"] = (f"Market report {i}", f"Prices of grain and timber moved in week {i} of the season.")
    return _titled_index(tmp_path, docs)


def _titled_index(tmp_path: Path, docs: dict[str, tuple[str, str]]) -> LiveIndex:
    """The captures name → (title, body), each with a sidecar giving its title, indexed."""
    raw = tmp_path / "raw"
    raw.mkdir()
    for name, (title, body) in docs.items():
        (raw / f"{name}.txt").write_text(f"{title}\n\n{body}\n")
        (raw / f"{name}.meta.json").write_text(json.dumps({"title": title}))
    build_index(raw, tmp_path / "index")
    return LiveIndex(tmp_path / "index")


def test_feedback_lifts_a_match_that_shares_the_best_matchs_vocabulary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Relaxed to any word, "how do reactors cool down" matches the maintenance note and the council
    minutes by one word each; the note shares the best match's other words (coolant, pumps, loops),
    so feedback ranks it first, where BM25 alone prefers the shorter minutes."""
    live = _reactor_index(tmp_path)

    def order(q: str) -> list[str]:
        res = search(live, Query(q=q))
        assert res.relaxed
        return [hit.id.removesuffix(".txt") for hit in res.hits]

    assert order("how do reactors cool down")[:3] == ["primer", "maintenance", "minutes"]
    monkeypatch.setattr(ranking, "feedback_terms", lambda *args, **kwargs: [])
    monkeypatch.setattr(ranking, "REGULARISED_ALPHA", 0.0)  # which alone lifts the note too: see below
    # Another spelling of the same question: results are cached by the text typed.
    assert order("how do reactors cool down?")[:3] == ["primer", "minutes", "maintenance"]


def test_feedback_words_alone_do_not_make_a_result(tmp_path: Path) -> None:
    """The pump log has the best match's words (coolant, pumps, loops, exchanger) but none of the
    question's: it is not listed, and the page shows as many results as the count says."""
    live = _reactor_index(tmp_path, {"pumplog": (
        "Pump log", "Coolant pumps and coolant loops were serviced; the exchanger was flushed and the pumps tested.")})
    res = search(live, Query(q="how do reactors cool down"))
    assert res.relaxed
    assert sorted(hit.id.removesuffix(".txt") for hit in res.hits) == ["maintenance", "minutes", "primer"]
    assert res.total == len(res.hits) == 3


def test_words_in_over_half_the_documents_are_not_added() -> None:
    """The commonest words of a collection barely move a ranking and are the dearest to score."""
    everywhere = {"coolant": 0.9, "pump": 0.6}
    terms = ranking.feedback_terms([1], [5.0], 3.0, counts=_counts, doc_share=lambda word: everywhere.get(word, 0.01))
    words = [term for _, term, _ in terms]
    assert "coolant" not in words and "pump" not in words
    assert "reactor" in words and len(words) == len(set(words))
    assert sum(w for _, _, w in terms) == pytest.approx(3.0)  # the kept words still take their share


def test_anyone_in_a_question_only_asks(tmp_path: Path) -> None:
    """"has anyone been charged over the refinery fire" listed its answer as "Missing: anyone", and
    ranked an item with "anyone" and "fire" first: "anyone", "someone", "anything", "else" and
    "whether" name no topic, as "who" and "any" do not."""
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "answer.txt").write_text("Refinery\n\nTwo workers were charged over the refinery fire.\n", encoding="utf-8")
    (raw / "other.txt").write_text("Fire\n\nAnyone near the fire was told to leave; anyone else stayed.\n",
                                   encoding="utf-8")
    (raw / "third.txt").write_text("Courts\n\nA man was charged with theft.\n", encoding="utf-8")
    build_index(raw, tmp_path / "ix")
    live = LiveIndex(tmp_path / "ix")
    for q in ("has anyone been charged over the refinery fire", "was someone else charged over the refinery fire",
              "was anything charged over the refinery fire",
              "whether anybody was charged over the refinery fire"):
        res = search(live, Query(q=q))
        assert res.hits[0].id == "answer.txt" and not res.hits[0].missing, q


def test_a_question_in_spanish_or_french_is_relaxed_to_its_content_words(tmp_path: Path) -> None:
    """"¿qué dice el comité sobre las sanciones contra corea?" was relaxed to "el", "la", "que" too:
    a French page that shares only "la" and "que" with it was listed, and "Missing: el, sobre" shown."""
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "comite.txt").write_text(
        "Declaración\n\nEl comité condena las sanciones contra Corea y pide la paz.\n", encoding="utf-8")
    (raw / "paris.txt").write_text(
        "Rassemblement\n\nLa paix passe par le dialogue, rappelle que la déclaration du 25 mars.\n", encoding="utf-8")
    (raw / "madrid.txt").write_text(
        "Jornada\n\nLa jornada de Madrid reunió a sindicatos y partidos que piden el fin del bloqueo.\n",
        encoding="utf-8")
    build_index(raw, tmp_path / "ix")
    live = LiveIndex(tmp_path / "ix")
    res = search(live, Query(q="¿qué dice el comité sobre las sanciones contra corea?"))
    assert res.relaxed
    assert [hit.id for hit in res.hits] == ["comite.txt"]
    assert list(res.hits[0].missing) == ["dice"]
    res = search(live, Query(q="quelle est la position du comité sur les sanctions?"))
    assert "paris.txt" not in {hit.id for hit in res.hits}
    # German "mit" and French "est" are also MIT and EST: an English question keeps them.
    (raw / "mit.txt").write_text("Study\n\nResearchers at MIT measured the effect of the sanctions.\n")
    (raw / "yale.txt").write_text("Study\n\nResearchers at Yale measured the effect of the sanctions.\n")
    build_index(raw, tmp_path / "ix")
    res = search(LiveIndex(tmp_path / "ix"), Query(q="what did MIT researchers say about the sanctions"))
    assert [(hit.id, "MIT" in hit.missing) for hit in res.hits] == [("mit.txt", False), ("yale.txt", True)]


def test_what_someone_said_about_a_topic_asks_for_their_words_not_for_the_word_say(tmp_path: Path) -> None:
    """"what did the committee say about the sanctions" listed the committee's statement, which says what
    it says without the word, as "Missing: say", and ranked a weather item that has only "say" beside it.
    In such a question ("what did … say / think / write about …") the verb only asks; elsewhere it is a
    word ("the say on pay proposal", "Simon says")."""
    live = indexed(tmp_path, {
        "statement.txt": "Committee statement\n\nThe committee condemns the sanctions and calls for talks.\n",
        "weather.txt": "Weather\n\nForecasters say the rain will stop by the weekend.\n",
        "other.txt": "Talks\n\nThe talks on the sanctions resumed in Geneva.\n",
    })
    for q in ("what did the committee say about the sanctions", "what does the committee think of the sanctions",
              "What has the committee said on the sanctions?", "how did the committee write about the sanctions"):
        res = search(live, Query(q=q))
        assert res.hits[0].id == "statement.txt" and not res.hits[0].missing, q
        assert "weather.txt" not in {hit.id for hit in res.hits}, q
    schema = build_schema()
    assert [w for w, _ in content_words("what is the say on pay proposal", schema)] == ["say", "pay", "proposal"]
    assert [w for w, _ in content_words("Simon says game rules", schema)] == ["Simon", "says", "game", "rules"]
    assert [w for w, _ in content_words("did analysts say prices would fall", schema)] == [
        "analysts", "say", "prices", "fall"]


def test_a_long_report_with_more_of_the_question_ranks_above_a_short_item_with_one_word(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """BM25's length normalisation alone scores each word of a long document near zero: the report
    naming the dam, the turbines and the drought (in 370 words) ranked below a one-line item naming
    only the drought. Every word a document has now counts for something (ranking.DELTA)."""
    filler = " ".join(f"The committee reviewed item {i} of the regional budget." for i in range(20))
    docs = {
        "report": ("Regional energy report", f"{filler} The dam lost output as the turbines idled in the drought. "
                                             f"{filler}"),
        "brief": ("Brief", "The drought continues across the region this week."),
    }
    for i in range(20):
        docs[f"other{i}"] = (f"Market report {i}", f"Prices of grain and timber moved in week {i} of the season. "
                                                   "Traders in the port said buyers were cautious and sellers held "
                                                   "their stock back, waiting for the harvest figures.")
    # Without the smoothing over similar matches (ranking.regularised), which moves these two close scores
    # by the filler's item numbers 0-19, terms the twenty market reports' week numbers share.
    monkeypatch.setattr(ranking, "REGULARISED_ALPHA", 0.0)
    res = search(_titled_index(tmp_path, docs), Query(q="why did the dam turbines stop in the drought season"))
    assert res.relaxed
    assert [hit.id.removesuffix(".txt") for hit in res.hits][:2] == ["report", "brief"]


def test_a_match_like_the_other_best_matches_ranks_above_one_unlike_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """"why do turbine blades crack", relaxed to any word: the road-repair item has "crack" three times
    and its title, and outscored the note on alloy blades, which has only "blades" but reads like the
    two best matches (fatigue, vibration, the root, the alloy). Scores smoothed over the best matches'
    similarities (ranking.regularised) put the note above it, with the terms read from the index or,
    for a segment without them, from the stored text."""
    live = _titled_index(tmp_path, {
        "fatigue": ("Turbine blade fatigue", "Blades of the turbine crack from fatigue: vibration stresses the "
                                             "alloy at the root until a crack grows."),
        "inspection": ("Inspection report", "Inspectors found a crack at the root of two blades; vibration and "
                                            "fatigue stress the alloy there."),
        "alloys": ("Alloys under stress", "Nickel alloy blades resist fatigue, but vibration at the root still "
                                          "stresses the alloy over time."),
        "roads": ("Road cracks", "Frost makes the asphalt crack; crews fill every crack before the ice widens it, "
                                 "crack by crack."),
        **{f"other{i}": (f"Market report {i}", f"Prices of grain and timber moved in week {i} of the season.")
           for i in range(30)},
    })

    def order(q: str) -> list[str]:
        res = search(live, Query(q=q))
        assert res.relaxed
        return [hit.id.removesuffix(".txt") for hit in res.hits]

    assert order("why do turbine blades crack") == ["fatigue", "inspection", "alloys", "roads"]
    with monkeypatch.context() as patched:
        patched.setattr(fastrank.Evaluator, "term_vectors", lambda self: None)
        assert order("why do turbine blades crack!") == ["fatigue", "inspection", "alloys", "roads"]
    monkeypatch.setattr(ranking, "REGULARISED_ALPHA", 0.0)  # unsmoothed
    assert order("why do turbine blades crack?") == ["fatigue", "inspection", "roads", "alloys"]


def test_regularised_scores_keep_their_scale_and_floor() -> None:
    """The smoothed scores stay within the span of those given (the documents below them stay below), and
    with too few documents are the scores given."""
    docs = [text.split() for text in ("a b c", "a b d", "x y z", "a b c d")]
    rows = np.array([row for row, doc in enumerate(docs) for _ in doc])
    terms = np.array([ord(term) for doc in docs for term in doc])
    ones = np.ones(rows.size)
    scores = np.array([4.0, 3.0, 2.5, 1.0])
    smoothed = ranking.regularised(scores, rows, terms, ones, ones)
    assert smoothed.min() == pytest.approx(scores.min())
    assert smoothed.max() <= scores.max() + 1e-9
    assert np.argmax(smoothed) == 0
    first_two = rows < 2
    too_few = ranking.regularised(scores[:2], rows[first_two], terms[first_two], ones[first_two], ones[first_two])
    assert too_few.tolist() == [4.0, 3.0]
