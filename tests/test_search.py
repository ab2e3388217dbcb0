"""Search behaviour over the fixture corpus: operators, filters, facets, sorting, paging, suggestions."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from corpora import indexed

from searchsvc.errors import DocumentNotFound, QueryError
from searchsvc.indexer import build_index
from searchsvc.live_index import LiveIndex
from searchsvc.models import Query
from searchsvc.search import get_document, highlight_document, iter_matches, search
from searchsvc.settings import Settings
from searchsvc.web import create_app


def ids(results) -> set[str]:  # noqa: ANN001
    return {hit.id for hit in results.hits}


def test_all_words_must_match_by_default(live) -> None:
    both = search(live, Query(q="river farmers"))
    assert ids(both) == {"news/flood-2019.txt", "news/drought-2021.txt"}
    either = search(live, Query(q="river OR farmers"))
    assert ids(both) < ids(either)
    assert "news/sanctions.txt" in ids(either)


def test_quoted_phrase_requires_adjacent_words(live) -> None:
    assert ids(search(live, Query(q='"heavy rain"'))) == {"news/flood-2019.txt"}
    # Typographic quotes, as a word processor or a phone types them, quote a phrase too.
    for quoted in ("“heavy rain”", "„heavy rain“", "«heavy rain»"):
        assert ids(search(live, Query(q=quoted))) == {"news/flood-2019.txt"}, quoted
    with pytest.raises(QueryError, match="quotation mark is not closed"):
        search(live, Query(q="“heavy rain"))
    # Both words occur in the 2021 drought text, but not side by side.
    assert ids(search(live, Query(q='"rain harvest"'))) == set()


def test_not_and_parentheses(live) -> None:
    res = search(live, Query(q="river NOT (drought OR defences)"))
    assert "news/flood-2019.txt" in ids(res)
    assert not {"news/drought-2021.txt", "news/flood-2020.txt"} & ids(res)


def test_a_query_all_in_capitals_reads_not_as_a_word(live) -> None:
    # A pasted wire headline ("... TAX HIKE WOULD NOT REDUCE DEFICIT") found nothing: NOT excluded
    # every document with the next word. Written in capitals throughout, the words are just words.
    assert search(live, Query(q="RIVER NOT DRY")).hits[0].id == "news/drought-2021.txt"
    assert "news/drought-2021.txt" not in ids(search(live, Query(q="river NOT dry")))
    assert ids(search(live, Query(q="RIVER OR HARVEST"))) == {"news/flood-2019.txt", "news/drought-2021.txt"}


def test_stemming_matches_inflections(live) -> None:
    assert {"news/flood-2019.txt", "news/flood-2020.txt"} <= ids(search(live, Query(q="flooding")))


def test_title_and_source_fields(live) -> None:
    assert ids(search(live, Query(q="title:drought"))) == {"news/drought-2021.txt"}
    assert ids(search(live, Query(q="source:kcna", per_page=50))) == {
        "000_be8c737e0d532a35.txt",
        "002_eef75d260c16730a.txt",
    }


def test_a_field_typed_with_a_space_after_its_colon_searches_the_field(live) -> None:
    # "title: flood" looked for the word "title" anywhere, found none and was relaxed to "flood" anywhere.
    spaced = search(live, Query(q="title: flood"))
    assert ids(spaced) == ids(search(live, Query(q="title:flood"))) == {"news/flood-2019.txt", "news/flood-2020.txt"}
    assert not spaced.relaxed
    assert ids(search(live, Query(q='river source: "daily planet"'))) == {"news/flood-2019.txt", "news/flood-2020.txt"}
    # Other words keep a colon and a space as punctuation in prose.
    assert ids(search(live, Query(q="rivers: valleys"))) == {"blog/undated.txt"}


def test_title_match_ranks_above_body_match(live) -> None:
    hits = search(live, Query(q="sanctions")).hits
    assert hits[0].id == "news/sanctions.txt"


def test_snippet_marks_matches_and_escapes_the_rest(live) -> None:
    hit = search(live, Query(q="marmalade")).hits[0]
    assert "<mark>marmalade</mark>" in hit.snippet
    assert "<script>" not in hit.snippet
    assert "&lt;script&gt;" in hit.snippet
    # The title is returned as plain text; escaping it is the renderer's job.
    assert hit.title.startswith("Hostile <script>")


def test_snippet_shows_the_passage_with_the_match(live) -> None:
    hit = search(live, Query(q="Athens")).hits[0]
    assert "<mark>Athens</mark>" in hit.snippet
    assert len(hit.snippet) < 400


def test_source_filter_and_facets(live) -> None:
    res = search(live, Query(q="river", source="Daily Planet"))
    assert ids(res) == {"news/flood-2019.txt", "news/flood-2020.txt"}
    assert res.facets["source"] == {"Daily Planet": 2}
    unfiltered = search(live, Query(q="river"))
    assert unfiltered.facets["source"] == {"Daily Planet": 2, "Rural Times": 1}
    assert unfiltered.facets["year"] == {"2019": 1, "2020": 1, "2021": 1}


def test_an_unknown_source_is_named_with_the_sources_there_are(live) -> None:
    # "daily" for "Daily Planet" found nothing, and the page then advised fewer words.
    with pytest.raises(QueryError, match="no source is named 'daily'; use its name as published: 'Daily Planet'"):
        search(live, Query(q="river", source="daily"))
    with pytest.raises(QueryError, match="no source is named 'planet'; use its name as published: 'Daily Planet'"):
        search(live, Query(q="river source:planet"))
    # Named as typed: the parser lowercases a source: term, and "'daily planets'" read as a mangled query.
    with pytest.raises(QueryError, match="no source is named 'Daily Planets'"):
        search(live, Query(q='river source:"Daily Planets"'))
    named = "no source is named 'xyzzy'; use one of Daily Planet, Evil Blog, KCNA, Rural Times"
    with pytest.raises(QueryError, match=named):
        search(live, Query(q="river", source="xyzzy"))
    assert ids(search(live, Query(q="river", source="daily planet"))) == {"news/flood-2019.txt", "news/flood-2020.txt"}
    assert ids(search(live, Query(q='river source:"daily planet"'))) == {"news/flood-2019.txt", "news/flood-2020.txt"}


def test_date_filters_are_inclusive(live) -> None:
    res = search(live, Query(q="river", date_from=date(2020, 1, 1), date_to=date(2021, 8, 1)))
    assert ids(res) == {"news/flood-2020.txt", "news/drought-2021.txt"}
    # Undated documents cannot satisfy a date filter.
    assert "blog/undated.txt" not in ids(search(live, Query(q="rivers", date_from=date(1900, 1, 1))))


def test_sort_newest_and_oldest_put_undated_last(live) -> None:
    newest = [h.date for h in search(live, Query(q="river OR rivers", sort="newest")).hits]
    oldest = [h.date for h in search(live, Query(q="river OR rivers", sort="oldest")).hits]
    dated_new = [d for d in newest if d]
    assert dated_new == sorted(dated_new, reverse=True)
    assert [d for d in oldest if d] == sorted(dated_new)
    assert newest[-1] is None and oldest[-1] is None


def test_pagination_is_consistent(live) -> None:
    everything = search(live, Query(q="", per_page=100))
    pages = [search(live, Query(q="", page=p, per_page=4)) for p in (1, 2, 3)]
    assert all(p.total == everything.total for p in pages)
    paged_ids = [h.id for p in pages for h in p.hits]
    assert paged_ids == [h.id for h in everything.hits][: len(paged_ids)]
    assert len(set(paged_ids)) == len(paged_ids)
    assert pages[0].page_count == -(-everything.total // 4)


def test_page_past_the_end_is_empty_not_an_error(live) -> None:
    res = search(live, Query(q="river", page=50))
    assert res.hits == [] and res.total == 4  # three news items and the undated note


def test_empty_query_lists_everything_newest_first(live) -> None:
    res = search(live, Query(q="", per_page=100))
    assert res.total == 11
    dated = [h.date for h in res.hits if h.date]
    assert dated == sorted(dated, reverse=True)


def test_did_you_mean_offers_a_spelling_that_finds_more(live) -> None:
    res = search(live, Query(q="sanctons"))
    assert res.total == 0
    assert res.suggestion == "sanctions"
    assert search(live, Query(q=res.suggestion)).total > 0


def test_no_suggestion_for_a_query_that_finds_plenty(live) -> None:
    assert search(live, Query(q="river")).suggestion is None


def test_suggestion_keeps_the_rest_of_the_query(live) -> None:
    res = search(live, Query(q="farmers harvst"))
    assert res.suggestion == "farmers harvest"


@pytest.mark.parametrize(
    "q, fix",
    [
        ('"unclosed phrase', "quotation mark"),
        ("(river OR flood", "')'"),
        ("river)", "'('"),
        ("colour:red", "unknown field"),
        ("year:2019 river", "for dates, use the from and to filters"),
        ("title:", "'title:' needs a word after it, as in title:solidarity"),
        ("river source:", "'source:' needs a word after it, as in source:kcna"),
        ("(body:) river", "'body:' needs a word after it"),
        ("title: OR flood", "'title:' needs a word after it"),
        ("*ood", "wildcard"),
        ("AND OR", "no words"),
        ("x" * 4100, "shorten"),
    ],
)
def test_bad_queries_say_what_to_fix(live, q: str, fix: str) -> None:
    with pytest.raises(QueryError, match=re.escape(fix)):
        search(live, Query(q=q))


def test_bad_parameters_are_query_errors(live) -> None:
    with pytest.raises(QueryError, match="sort"):
        search(live, Query(q="river", sort="random"))
    with pytest.raises(QueryError, match="swap"):
        search(live, Query(q="river", date_from=date(2021, 1, 1), date_to=date(2020, 1, 1)))


def test_trailing_wildcard(live) -> None:
    assert {"news/drought-2021.txt"} <= ids(search(live, Query(q="drou*")))


def test_document_page_highlights_every_match(live) -> None:
    doc = get_document(live, "news/flood-2019.txt")
    title_html, body_html = highlight_document(live, doc, "river towns")
    assert "<mark>River</mark>" in title_html
    assert body_html.count("<mark>") == 2


def test_question_words_are_marked_neither_in_snippets_nor_on_the_document_page(live) -> None:
    """"which" and "after" are dropped from a relaxed question; the document page, which does not know
    whether the search was relaxed, marks the same words as the result's snippet."""
    question = "which towns lost harvests after the floods"
    hit = search(live, Query(q=question)).hits[0]
    doc = get_document(live, hit.id)
    doc = replace(doc, body=doc.body + " Which river rose after the storm?")
    _, body_html = highlight_document(live, doc, question)
    marked = {m.lower() for m in re.findall(r"<mark>([^<]+)</mark>", body_html + hit.snippet)}
    assert {"towns", "harvests", "flooded"} <= marked
    assert not marked & {"which", "after"}


def test_a_document_id_is_found_in_either_unicode_form(tmp_path: Path) -> None:
    # A capture saved on a Mac has a decomposed name (u + combining diaeresis); its id typed or pasted from
    # elsewhere is composed (ü), and looked the same in the results while /api/documents/ answered 404.
    decomposed, composed = unicodedata.normalize("NFD", "zürich.txt"), unicodedata.normalize("NFC", "zürich.txt")
    live = indexed(tmp_path, {decomposed: "Floods in Zurich\n\nThe river rose fast in Zurich.\n"})
    for asked in (decomposed, composed):
        assert get_document(live, asked).id == decomposed, ascii(asked)
    with pytest.raises(DocumentNotFound):
        get_document(live, "zurich.txt")
    client = create_app(Settings(raw_dir=tmp_path / "raw", index_dir=tmp_path / "ix")).test_client()
    for asked in (decomposed, composed):
        assert client.get(f"/api/documents/{asked}").get_json()["id"] == decomposed
        assert client.get(f"/doc/{asked}").status_code == 200


def test_document_highlight_escapes_markup(live) -> None:
    doc = get_document(live, "blog/xss.txt")
    title_html, body_html = highlight_document(live, doc, "marmalade")
    assert "<script>" not in title_html + body_html
    assert "&lt;script&gt;" in body_html


def test_question_with_no_all_words_match_is_relaxed_to_any_words(live) -> None:
    res = search(live, Query(q="which towns lost harvests after the floods"))
    assert res.relaxed is True
    assert res.hits[0].id == "news/flood-2019.txt"  # it has the most of the words


def test_all_words_results_are_not_relaxed(live) -> None:
    res = search(live, Query(q="river farmers"))
    assert res.relaxed is False and res.total == 2


def test_the_page_size_does_not_change_what_a_question_matches(tmp_path) -> None:  # noqa: ANN001
    """Twelve reports have all four words: that is the result at 10 a page and at 50 a page
    (a larger page once relaxed it to every report with any of the words)."""
    live = indexed(tmp_path, {
        **{f"quota-{i:02d}.txt": f"Quota talks {i}\n\nOil ministers agreed on production quotas, round {i}."
           for i in range(12)},
        **{f"oil-{i:02d}.txt": f"Oil report {i}\n\nOil production rose in week {i}." for i in range(30)},
    })
    for per_page in (10, 50):
        res = search(live, Query(q="ministers agreed production quotas", per_page=per_page))
        assert res.relaxed is False and res.total == 12, per_page
        assert all(hit.id.startswith("quota-") for hit in res.hits)


@pytest.fixture(scope="module")
def missiles(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    """Short reports full of "missile" and "test", Korea news without them, and one long bulletin
    with all four words of "north korea missile test", once each."""
    places = ["Hormuz", "Nevada", "Kazakhstan", "Pacific", "Arctic", "Sahara", "Baltic", "Gobi"]
    files = {
        f"missile-{i}.txt": f"Missile test in {place}\n\nA missile test near {place}: the missile passed its "
        f"test, and another missile test is due. Report {i * 7919}.\n"
        for i, place in enumerate(places)
    }
    for i in range(12):
        files[f"korea-{i}.txt"] = (f"North Korea trade {i}\n\nNorth Korea and South Korea discussed trade, "
                                   f"item {i * 104729}.\n")
    filler = " ".join(f"The committee heard item {n} of its agenda on harbour dues and ferry timetables."
                      for n in range(40))
    files["bulletin.txt"] = (f"Weekly bulletin\n\n{filler} A delegate from the north raised Korea, and a missile test "
                             f"in passing. {filler}\n")
    return indexed(tmp_path_factory.mktemp("missiles"), files)


@pytest.fixture(scope="module")
def quotations(tmp_path_factory: pytest.TempPathFactory) -> LiveIndex:
    """A statement, and a text with its words scattered: a misquotation has them all."""
    return indexed(tmp_path_factory.mktemp("quotations"), {
        "kcna.txt": "Committee supports Korea\n\nThe statement said: the committee firmly supports the just cause "
                    "of the Korean people and opposes the sanctions.\n",
        "front.txt": "Front statement\n\nWe firmly support the just cause of the Korean people. The committee firmly "
                     "supports the just struggle of the Cuban people.\n",
        "other.txt": "Other news\n\nThe committee met on Monday to discuss the harbour.\n",
    })


def test_a_relaxed_misquotation_says_no_text_has_the_quoted_words_as_written(quotations) -> None:
    """A quotation misremembered ("struggle" for "cause") was told "Only 1 document has all of these
    words; it comes first": a fact-checker took it for found, where that document has them scattered."""
    res = search(quotations, Query(q='"the committee firmly supports the just struggle of the Korean people"'))
    assert res.relaxed and res.quoted == 0 and res.all_words == 1
    assert res.relaxed_notice == ("No document has the quoted words as written. Only 1 document has all of these "
                                  "words; it comes first, then documents with any of them, best matches first.")
    assert res.to_dict()["quoted"] == 0
    # A quotation found as written, with words beside it that are not (a citation), says so.
    cited = search(quotations, Query(q='"the committee firmly supports the just cause" (KCNA, 5 March 2019)'))
    assert cited.relaxed and cited.quoted == 1
    assert cited.relaxed_notice.startswith("1 document has the quoted words as written. ")
    # Nothing quoted: the notice is as it was.
    words = search(quotations, Query(q="committee firmly supports the just struggle of the Korean people"))
    assert words.relaxed and words.quoted is None and words.relaxed_notice.startswith("Only 1 document has all")


def test_a_short_misquotation_finds_the_passages_nearest_it(quotations) -> None:
    """A quotation of a few words with one misremembered ("backs" for "supports") found nothing, and
    said nothing: it is relaxed as a long one is, and says no text has it as written."""
    res = search(quotations, Query(q='"firmly backs the just cause"'))
    assert res.relaxed and res.quoted == 0
    assert "kcna.txt" in {hit.id for hit in res.hits}
    assert res.relaxed_notice.startswith("No document has the quoted words as written. ")
    # A quoted name of fewer words is meant as typed: nothing found is the answer.
    assert search(quotations, Query(q='"firmly backs"')).total == 0


def test_the_page_of_a_relaxed_misquotations_result_marks_the_words_its_snippet_marks(quotations) -> None:
    """The result's snippet marked "firmly", "just" and "cause"; its page marked nothing, the quoted
    phrase being nowhere in it, and "go to the first" had nothing to go to."""
    q = '"firmly backs the just cause"'
    hit = next(hit for hit in search(quotations, Query(q=q)).hits if hit.id == "kcna.txt")
    assert re.findall(r"<mark>(\w+)</mark>", hit.snippet) == ["firmly", "just", "cause"]
    _, body = highlight_document(quotations, get_document(quotations, "kcna.txt"), q)
    assert re.findall(r"<mark>(\w+)</mark>", body) == ["firmly", "just", "cause"]
    # Found as written, only the quotation is marked.
    _, body = highlight_document(quotations, get_document(quotations, "kcna.txt"), '"the just cause" committee')
    assert re.findall(r"<mark>(\w+)</mark>", body) == ["committee", "just", "cause"]


def test_a_relaxed_question_shows_the_documents_with_every_word_first(missiles) -> None:
    """Only the long bulletin has all four words. Relaxed, it scores below the short reports that
    repeat two of them, yet it comes first, and the notice says how many have every word."""
    res = search(missiles, Query(q="north korea missile test"))
    assert res.relaxed and res.all_words == 1
    assert res.hits[0].id == "bulletin.txt"
    assert res.hits[0].score < max(hit.score for hit in res.hits[1:])  # its own score, not lifted
    assert res.relaxed_notice.startswith("Only 1 document has all of these words; it comes first")
    # Sorted by date there are no scores: the documents with more of the words come first.
    newest = search(missiles, Query(q="north korea missile test", sort="newest"))
    assert newest.relaxed_notice == (
        "Only 1 document has all of these words; it comes first, then documents with fewer of them, newest first."
    )
    assert newest.hits[0].id == "bulletin.txt"
    three = search(missiles, Query(q="korea missile ferry zebra", sort="oldest"))
    assert three.relaxed_notice == (
        "No document has all of these words; showing documents with the most of them first, oldest first."
    )
    assert three.hits[0].id == "bulletin.txt" and three.hits[0].missing == ("zebra",)
    assert all(len(hit.missing) == 3 for hit in three.hits[1:])
    # Each result says which words, as typed, it lacks.
    typed = search(missiles, Query(q="North Korea missile tests", per_page=50))
    lacking = {hit.id: hit.missing for hit in typed.hits}
    assert lacking["bulletin.txt"] == ()
    assert lacking["missile-1.txt"] == ("North", "Korea")
    assert lacking["korea-1.txt"] == ("missile", "tests")
    notes = {hit.id: hit.missing_note for hit in typed.hits}
    assert notes["missile-1.txt"] == "Missing: North, Korea" and notes["bulletin.txt"] is None
    long = replace(typed.hits[0], missing=tuple("alpha beta gamma delta epsilon zeta eta theta iota kappa".split()))
    assert long.missing_note == "Missing: alpha, beta, gamma, delta, epsilon, zeta, eta, theta and 2 more"
    assert all(hit.missing == () for hit in search(missiles, Query(q="missile test")).hits)


def test_a_group_ranked_for_having_every_word_is_shown_by_a_copy_that_has_them(tmp_path) -> None:  # noqa: ANN001
    """Two captures of one bulletin; only the later one adds a line about a walrus. Relaxed, the
    group comes first for that copy, so that copy shows, not the earlier one it would otherwise be."""
    text = " ".join(f"The harbour committee set ferry timetable {n} for the islands and quays." for n in range(30))
    live = indexed(tmp_path, {
        "early.txt": f"Harbour bulletin\n\n{text}\n",
        "late.txt": f"Harbour bulletin\n\n{text} A walrus was seen at the quay.\n",
        "early.meta.json": '{"date": "2020-01-01"}',
        "late.meta.json": '{"date": "2020-02-01"}',
        **{f"ferry-{i}.txt": f"Ferry news {i}\n\nThe ferry timetable changed, item {i * 7919}.\n" for i in range(3)},
    })
    res = search(live, Query(q="harbour ferry walrus timetable"))
    assert res.relaxed and res.all_words == 1
    assert res.hits[0].id == "late.txt" and res.hits[0].missing == ()
    assert [c.id for c in res.hits[0].copies] == ["early.txt"]
    # Without the walrus, the group shows its earliest copy, as it always has.
    assert search(live, Query(q="harbour ferry timetable")).hits[0].id == "early.txt"


def test_a_relaxed_question_with_no_document_having_every_word_says_so(live) -> None:
    res = search(live, Query(q="which towns lost harvests after the drought"))
    assert res.relaxed and res.all_words == 0
    assert res.relaxed_notice.startswith("No document has all of these words")
    assert search(live, Query(q="river farmers")).relaxed_notice is None


def test_a_relaxed_question_under_a_filter_counts_all_of_its_words_within_the_filter(live) -> None:
    """Under a source or date filter the notice said "No document has all of these words" where a document
    outside the filter had them all: its count is of the documents within the filters, and it says so."""
    question = "river farmers harvest drought"
    assert search(live, Query(q=question)).relaxed_notice.startswith("Only 1 document has all of these words")
    res = search(live, Query(q=question, source="Daily Planet"))
    assert res.relaxed and res.all_words == 0
    assert res.relaxed_notice == ("No document within the source filter has all of these words; "
                                  "showing documents with any of them, best matches first.")
    res = search(live, Query(q=question, date_from=date(2020, 1, 1), sort="newest"))
    assert res.relaxed_notice == ("Only 1 document within the date filter has all of these words; "
                                  "it comes first, then documents with fewer of them, newest first.")
    res = search(live, Query(q=question, source="Daily Planet", date_from=date(2019, 1, 1), date_to=date(2019, 12, 31)))
    assert res.relaxed_notice.startswith("No document within the source and date filters has all of these words")


def test_question_words_do_not_count_among_all_of_these_words(live) -> None:
    """No document has "which", so the question is relaxed; but the notice said no document had all
    of its words above a first result that "Missing:" said lacked none."""
    res = search(live, Query(q="which towns lost harvests after the floods"))
    assert res.relaxed and res.all_words == 1
    assert res.relaxed_notice.startswith("Only 1 document has all of these words; it comes first")
    assert res.hits[0].missing == () and all(hit.missing for hit in res.hits[1:])


def test_explicit_operators_are_never_relaxed(live) -> None:
    res = search(live, Query(q="zeppelin AND river"))
    assert res.total == 0 and res.relaxed is False


def test_related_documents_exclude_itself(live) -> None:
    from searchsvc.search import related

    rel = related(live, "news/flood-2019.txt")
    ids_ = [r.id for r in rel]
    assert "news/flood-2019.txt" not in ids_
    assert ids_[0] in {"news/flood-2020.txt", "news/drought-2021.txt"}  # the other river/flood stories


def test_did_you_mean_work_is_bounded(live) -> None:
    # Many unknown words, or one absurdly long one, get no suggestion rather than a slow search.
    assert search(live, Query(q=" ".join(f"zzq{i}x" for i in range(60)))).suggestion is None
    assert search(live, Query(q="x" * 300)).suggestion is None


def test_broad_wildcard_is_refused(live, monkeypatch: pytest.MonkeyPatch) -> None:
    import searchsvc.search as search_module

    monkeypatch.setattr(search_module, "MAX_EXPANSIONS", 2)
    with pytest.raises(QueryError, match="add letters"):
        search(live, Query(q="ri*"))  # river, rivers, ... more than 2 words


def test_repeated_query_is_served_from_cache_until_a_rebuild(tmp_path) -> None:  # noqa: ANN001
    from conftest import write_corpus

    raw = write_corpus(tmp_path / "raw", seeds=False)
    build_index(raw, tmp_path / "ix")
    live = LiveIndex(tmp_path / "ix")
    first = search(live, Query(q="river"))
    again = search(live, Query(q="river"))
    assert again.hits == first.hits and again.total == first.total
    (raw / "news" / "more.txt").write_text("More rivers\n\nAnother river burst its banks.")
    build_index(raw, tmp_path / "ix")
    assert search(live, Query(q="river")).total == first.total + 1  # not the cached page


def bm25f_by_hand(searcher, terms: list[tuple[str, str, float]]) -> dict[int, float]:  # noqa: ANN001
    """BM25F from its definition, over each document's stored title and body (not the postings)."""
    from whoosh.util.numeric import byte_to_length, length_to_byte

    from searchsvc import ranking, tokens

    n = searcher.doc_count_all()
    counts: dict[str, list[dict[str, int]]] = {"title": [], "body": []}
    for docnum in range(n):
        stored = searcher.stored_fields(docnum)
        for field, per_doc in counts.items():
            words = tokens.stems(stored.get(field) or "")
            per_doc.append({w: words.count(w) for w in set(words)} | {"": len(words)})
    asked: dict[str, dict[str, float]] = {}
    for field, text, boost in terms:
        asked.setdefault(text, {}).setdefault(field, 0.0)
        asked[text][field] += boost
    scores: dict[int, float] = {}
    for word, fields in asked.items():
        pseudo = {}
        for docnum in range(n):
            tf = 0.0
            for field in fields:
                freq = counts[field][docnum].get(word, 0)
                length = byte_to_length(length_to_byte(counts[field][docnum][""]))
                norm = (1 - ranking.B) + ranking.B * length / searcher.avg_field_length(field)
                tf += ranking.FIELD_WEIGHTS[field] * freq / norm
            if tf:
                pseudo[docnum] = tf
        idf = ranking.idf(n, len(pseudo))
        for docnum, tf in pseudo.items():
            k1 = ranking.K1
            saturated = tf * (k1 + 1) / (tf + k1) + ranking.DELTA  # BM25+: a floor for every word present
            scores[docnum] = scores.get(docnum, 0.0) + max(fields.values()) * idf * saturated
    return scores


def test_numpy_ranking_is_bm25f_for_a_relaxed_question(live) -> None:
    from searchsvc import fastrank
    from searchsvc.queryparse import any_words_query

    searcher = live.searcher()
    loose = any_words_query("which towns lost harvests after the floods floods", searcher.schema)
    terms = [(t.fieldname, t.text, t.boost) for t in loose.children()]
    scores = fastrank.score(searcher, live.columns(), terms, None)
    expected = bm25f_by_hand(searcher, terms)
    assert set(np.flatnonzero(scores > 0).tolist()) == set(expected)
    for docnum, score in expected.items():
        assert scores[docnum] == pytest.approx(score, rel=1e-9)


@pytest.mark.parametrize(
    "q",
    [
        "river",
        "river farmers",
        "river OR drought OR sanctions",
        "river NOT flood",
        '"river flooded"',
        '"the river flooded three towns"',
        '"towns river"',
        'title:"flood defences"',
        '"heavy rain" OR "no rain"',
        "riv*",
        "title:flood",
        "(river OR rain) NOT harvest",
        "NOT river",
        "farmers AND (grain OR towns)",
    ],
)
@pytest.mark.parametrize("sort_below", [256, 0], ids=["sorted-unions", "flagged-unions"])
def test_numpy_matching_agrees_with_whoosh_and_ranking_is_bm25f(
    live, q: str, sort_below: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The numpy evaluator finds exactly what Whoosh's own matchers find, scored by BM25F's definition."""
    from whoosh.searching import Searcher

    from searchsvc import columns, fastrank
    from searchsvc.queryparse import make_parser, parse_query

    # ORs of common words (big at scale, tiny here) take the per-document-flag path too.
    monkeypatch.setattr(columns, "_SORT_BELOW", sort_below)
    searcher = live.searcher()
    parsed = parse_query(q, make_parser(searcher.schema))
    ev = fastrank.Evaluator(searcher, live.columns())
    matched = ev.docs(parsed)
    whoosh_searcher = Searcher(searcher.reader(), closereader=False)
    assert matched.tolist() == sorted(whoosh_searcher.docs_for_query(parsed))
    if "*" not in q and "NOT" not in q and '"' not in q:
        scores = ev.scores(parsed, matched)
        expected = bm25f_by_hand(searcher, list(fastrank.scored_terms(parsed)))
        for docnum in matched.tolist():
            assert scores[docnum] == pytest.approx(expected[docnum], rel=1e-6)


def test_stop_words_are_never_respelled(live) -> None:
    res = search(live, Query(q="the sanctons and the farmers"))
    assert res.suggestion == "the sanctions and the farmers"


def test_a_misspelling_is_respelled_as_the_word_that_finds_most_with_the_rest(tmp_path) -> None:  # noqa: ANN001
    """"opek" is one letter from "open" (in more documents) and "opec": with the other two words,
    only "opec" finds anything."""
    live = indexed(tmp_path, {
        **{f"shop-{i}.txt": f"Shop {i}\n\nThe shop will open at noon on day {i}." for i in range(10)},
        **{f"opec-{i}.txt": f"Vienna talks {i}\n\nOPEC production quotas were discussed, round {i}." for i in range(3)},
    })
    # Alone, "opec" too: "k" for "c" is a slip of the ear, "k" for "n" no slip of the hand.
    assert search(live, Query(q="opek")).suggestion == "opec"
    res = search(live, Query(q="opek production quotas"))
    assert res.suggestion == "opec production quotas"
    assert search(live, Query(q=res.suggestion)).total == 3


def test_a_short_misspelling_is_offered_the_spelling_a_slip_would_make(tmp_path) -> None:  # noqa: ANN001
    """"opek" is one letter from "open", "oper" (a wire abbreviation, found with every "operations")
    and "opec": it was offered "oper", which finds most, though "k" is nowhere near "r" on a keyboard;
    "Arbd" was offered "Arb" (a "d" added beside a "b") and never "Arbed" (an "e" dropped)."""
    live = indexed(tmp_path, {
        **{f"oper-{i}.txt": f"Results {i}\n\nOper shr 1.10 dlrs from operations, item {i}." for i in range(12)},
        **{f"open-{i}.txt": f"Shop {i}\n\nThe shop will open at noon on day {i}." for i in range(6)},
        **{f"opec-{i}.txt": f"Vienna {i}\n\nOPEC ministers met, round {i}." for i in range(3)},
        **{f"arb-{i}.txt": f"Arb {i}\n\nArb traders bought stock, day {i}." for i in range(4)},
        **{f"arbed-{i}.txt": f"Steel {i}\n\nArbed steel output rose, month {i}." for i in range(2)},
    })
    assert search(live, Query(q="opek")).suggestion == "opec"
    assert search(live, Query(q="Arbd")).suggestion == "Arbed"
    assert search(live, Query(q="Arbed")).suggestion is None


def test_a_rare_name_is_no_typo_of_a_word_no_slip_would_make(tmp_path) -> None:  # noqa: ANN001
    """"Arbed steel" (a steel maker named in two items) was offered "Armed steel": "armed" is one
    letter away and far commoner, but "b" is nowhere near "m" on a keyboard. "Arbd", an "e" dropped,
    is offered "Arbed", not "armed"; a collection's typo a slip would make is still respelled."""
    live = indexed(tmp_path, {
        **{f"arbed-{i}.txt": f"Steel {i}\n\nArbed steel output rose, month {i}." for i in range(2)},
        **{f"armed-{i}.txt": f"Army {i}\n\nThe armed forces held steel drills, day {i}." for i in range(45)},
        "typo.txt": "Budget talks\n\nThe goverment said the budget deficit would narrow.",
        **{f"gov-{i}.txt": f"Budget {i}\n\nThe government said the budget deficit grew, month {i}." for i in range(25)},
    })
    res = search(live, Query(q="Arbed steel"))
    assert res.total == 2 and res.suggestion is None
    assert search(live, Query(q="Arbd")).suggestion == "Arbed"
    assert search(live, Query(q="goverment budget")).suggestion == "government budget"


def test_a_ticker_typed_without_its_exchange_is_offered_with_it(tmp_path) -> None:  # noqa: ANN001
    """Reuters writes "Cable and Wireless Plc <CAWL.L>": the index keeps "cawl.l" as one word, so
    "CAWL" finds nothing. It is offered as "cawl.l", not respelled as the commoner "call"."""
    live = indexed(tmp_path, {
        **{f"cw-{i}.txt": f"Cable news {i}\n\nCable and Wireless Plc <CAWL.L> will bid, item {i}." for i in range(4)},
        **{f"call-{i}.txt": f"Call {i}\n\nThe union will call a strike on day {i}." for i in range(6)},
    })
    res = search(live, Query(q="CAWL"))
    assert res.total == 0 and res.suggestion == "CAWL.L"  # in the case typed
    assert search(live, Query(q=res.suggestion)).total == 4
    assert search(live, Query(q="cal")).suggestion == "call"  # an ordinary typo is respelled as before


def test_a_phrase_search_shows_the_phrase_in_the_snippet(tmp_path) -> None:  # noqa: ANN001
    filler = "Officials spoke about many unrelated topics at length. " * 8
    live = indexed(tmp_path, {"figures.txt": (
        "Trade figures\n\nThe trade ministry met on Monday to discuss the budget deficit and other matters. "
        + filler + "Later the figures showed the trade deficit widened sharply in the spring.\n"
    )})
    (hit,) = search(live, Query(q='"trade deficit"')).hits
    assert "<mark>trade</mark> <mark>deficit</mark> widened" in hit.snippet
    # Its words are marked where they make the phrase, not apart ("the budget deficit").
    _, body = highlight_document(live, get_document(live, "figures.txt"), '"trade deficit"')
    assert "<mark>trade</mark> <mark>deficit</mark> widened" in body
    assert "budget deficit" in body and "<mark>trade</mark> ministry" not in body


def test_accents_fold_either_way(tmp_path) -> None:  # noqa: ANN001
    # A solidarity statement names its signatories as they write themselves; a user types them
    # without the accents (or, pasting, with them, where another page left them out).
    live = indexed(tmp_path, {
        "ankara.txt": "Greetings from Türkiye\n\nThe Communist Party of Türkiye and Miguel Díaz-Canel sent greetings.",
        "havana.txt": "Havana meeting\n\nPresident Diaz-Canel met the delegation.",
    })
    hit = search(live, Query(q="turkiye")).hits[0]
    assert hit.id == "ankara.txt" and "<mark>Türkiye</mark>" in hit.snippet
    assert ids(search(live, Query(q="Díaz"))) == ids(search(live, Query(q="diaz"))) == {"ankara.txt", "havana.txt"}
    marked = search(live, Query(q="diaz canel", collapse=False)).hits
    assert all("<mark>Díaz</mark>" in h.snippet or "<mark>Diaz</mark>" in h.snippet for h in marked)
    assert search(live, Query(q="TÜRKIYE")).suggestion is None


def test_a_country_finds_the_word_for_its_people_and_marks_it(tmp_path) -> None:  # noqa: ANN001
    """A statement says "the Cuban delegation" and never "Cuba"; a search for cuba finds it, marks
    "Cuban" in its snippet and its page, and "Korean solidarity" finds the text that says "Korea"."""
    live = indexed(tmp_path, {
        "delegation.txt": "Delegation\n\nThe Cuban delegation expressed solidarity with Korea.\n",
        "sugar.txt": "Sugar\n\nThe sugar harvest in Cuba was late this year.\n",
        "francs.txt": "Markets\n\nThe dollar fell against Swiss francs.\n",
        "paris.txt": "Paris\n\nThe French delegation arrived in Paris.\n",
    })
    res = search(live, Query(q="cuba"))
    assert ids(res) == {"delegation.txt", "sugar.txt"}
    snippets = {hit.id: hit.snippet for hit in res.hits}
    assert "<mark>Cuban</mark>" in snippets["delegation.txt"]
    _, body = highlight_document(live, get_document(live, "delegation.txt"), "cuba")
    assert "<mark>Cuban</mark>" in body
    assert ids(search(live, Query(q="korean solidarity"))) == {"delegation.txt"}
    # France and French are one word, and neither is the currency (Porter stems France as "franc").
    assert ids(search(live, Query(q="french"))) == ids(search(live, Query(q="france"))) == {"paris.txt"}
    assert "<mark>French</mark>" in search(live, Query(q="france")).hits[0].snippet
    assert ids(search(live, Query(q="francs"))) == {"francs.txt"}


def test_a_rare_spelling_in_the_collection_is_respelled_as_a_much_commoner_one(tmp_path) -> None:  # noqa: ANN001
    """Captured text has typos of its own: "goverment" is in one item and "government" in twenty-five.
    A search with the typo is offered the common spelling, in the case typed; a rare word with no
    much commoner neighbour ("Kaesong" beside one "Kaesang") is left alone."""
    live = indexed(tmp_path, {
        "typo.txt": "Budget talks\n\nThe goverment said the budget deficit would narrow.",
        **{f"gov-{i}.txt": f"Budget {i}\n\nThe government said the budget deficit grew, month {i}." for i in range(25)},
        "kaesong.txt": "Kaesong\n\nThe Kaesong industrial zone reopened.",
        "kaesang.txt": "Kaesang\n\nKaesang spoke at the rally.",
    })
    res = search(live, Query(q="Goverment budget deficit"))
    assert res.total == 1 and res.suggestion == "Government budget deficit"
    assert search(live, Query(q=res.suggestion)).total == 25
    assert search(live, Query(q="kaesong")).suggestion is None


def test_a_misspelling_is_not_offered_a_typo_of_the_collection(tmp_path) -> None:  # noqa: ANN001
    """"Pensoil" is one edit from "Penzoil", a wire item's own typo, and two from "Pennzoil", in twenty
    items: it is offered "Pennzoil", not the typo (one result) nor the commoner "pension"."""
    live = indexed(tmp_path, {
        "typo.txt": "Oil merger\n\nTexaco and Penzoil met in Houston.",
        **{f"pz-{i}.txt": f"Oil {i}\n\nTexaco and Pennzoil settled their dispute, day {i}." for i in range(20)},
        **{f"pension-{i}.txt": f"Pensions {i}\n\nThe pension fund bought shares, day {i}." for i in range(30)},
    })
    assert search(live, Query(q="Pensoil")).suggestion == "Pennzoil"
    res = search(live, Query(q="Texaco Pensoil"))
    assert res.suggestion == "Texaco Pennzoil"
    assert search(live, Query(q=res.suggestion)).total == 20


def test_a_time_a_ratio_or_a_web_address_is_text_not_a_field(live) -> None:
    """"10:30", "3:1" and "http://..." were a 400 naming an unknown field '10:' or 'http:'."""
    for q in ("talks at 10:30", "won 3:1", "http://www.kcna.kp river", "river 2019:"):
        search(live, Query(q=q))  # no QueryError
    with pytest.raises(QueryError, match="unknown field 'note:'"):
        search(live, Query(q="note:river"))


def test_a_misspelling_near_a_real_word_is_not_offered_what_a_typo_would_be(tmp_path) -> None:  # noqa: ANN001
    """"dolar" is one edit from "dollar" and from "dolr", a wire item's typo of "dlr": it was offered
    "dlr", which finds more documents but is two edits from what was typed."""
    live = indexed(tmp_path, {
        "typo.txt": "Prices\n\nThe price rose 3 dolr a tonne.",
        **{f"dlr-{i}.txt": f"Wheat {i}\n\nWheat rose 5 dlrs, then 2 dlr, lot {i}." for i in range(40)},
        **{f"dollar-{i}.txt": f"Currency {i}\n\nThe dollar rose, day {i}." for i in range(15)},
    })
    assert search(live, Query(q="dolar")).suggestion == "dollar"


def test_a_rare_foreign_word_is_not_respelled_as_a_common_one(tmp_path) -> None:  # noqa: ANN001
    """"Côte d'Ivoire cocoa" was offered "Come d'Ivory cocoa": the rare words are real, "Côte" typed
    with its accent (as meant) and "Ivoire" two edits from "Ivory"."""
    live = indexed(tmp_path, {
        "abidjan.txt": "Cocoa\n\nCôte d'Ivoire cocoa arrivals rose this week.",
        **{f"ivory-{i}.txt": f"Cocoa {i}\n\nBuyers come for Ivory Coast cocoa, lot {i}." for i in range(20)},
    })
    for q in ("Côte d'Ivoire cocoa", "Côte cocoa", "Ivoire cocoa"):
        res = search(live, Query(q=q))
        assert res.total == 1 and res.suggestion is None, q


def test_a_word_that_finds_its_country_is_not_respelled(tmp_path) -> None:  # noqa: ANN001
    """No text says "Greek", but it finds the statement that says "Greece" (a people's word is
    indexed as its place's): it is no typo of "great"."""
    live = indexed(tmp_path, {
        "athens.txt": "Solidarity from Athens\n\nThe Communist Party of Greece sent greetings from Athens.",
        **{f"great-{i}.txt": f"Leader {i}\n\nThe great leader visited a farm, day {i}." for i in range(3)},
    })
    for q in ("Greek", "Greek solidarity"):
        res = search(live, Query(q=q))
        assert [hit.id for hit in res.hits] == ["athens.txt"] and res.suggestion is None, q


def test_dotted_words_and_decimals_count_as_typed_words(tmp_path) -> None:  # noqa: ANN001
    """"U.S." and "8.3" are single index words ("u.s", "8.3"); a query split them at the dots into
    one-letter words it left out, so they were neither marked nor listed as missing."""
    live = indexed(tmp_path, {
        "deficit.txt": "Deficit\n\nThe U.S. trade deficit narrowed in February.",
        "prices.txt": "Prices\n\nInflation rose 8.3 pct last year, the institute said.",
        "wheat.txt": "Wheat\n\nFrench wheat exports fell in March.",
    })
    (hit,) = search(live, Query(q="U.S. trade deficit")).hits
    assert "<mark>U.S.</mark>" in hit.snippet
    (hit,) = search(live, Query(q="inflation 8.3")).hits
    assert "<mark>8.3</mark>" in hit.snippet
    res = search(live, Query(q="U.S. wheat exports to the U.S.S.R."))
    assert res.relaxed
    missing = {hit.id: hit.missing for hit in res.hits}
    assert missing["wheat.txt"] == ("U.S.", "U.S.S.R.")
    assert missing["deficit.txt"] == ("wheat", "exports", "U.S.S.R.")


def test_a_hyphenated_word_is_its_parts_side_by_side(tmp_path) -> None:  # noqa: ANN001
    """"Hwasong-19" analyses to two words; as two words anywhere it found an item about COVID-19."""
    live = indexed(tmp_path, {
        "meeting.txt": "Meeting\n\nThe meeting on COVID-19 also heard of the Hwasong-18 test.",
        "launch.txt": "Launch\n\nThe Hwasong-19 was launched, the first of its kind.",
    })
    assert ids(search(live, Query(q="Hwasong-19"))) == {"launch.txt"}
    assert ids(search(live, Query(q="COVID-19"))) == {"meeting.txt"}
    assert ids(search(live, Query(q="hwasong 19"))) == {"meeting.txt", "launch.txt"}  # typed apart, apart


def test_a_one_letter_compound_is_a_word_of_its_own(tmp_path) -> None:  # noqa: ANN001
    """"G-7" had no words to search for (both parts too short to index) and "F-16" searched "16"."""
    live = indexed(tmp_path, {
        "g7.txt": "Finance ministers\n\nThe G-7 ministers met in Paris and agreed to hold the dollar.",
        "seven.txt": "Vote\n\nThe committee voted 7-2 to hold the G rating.",
        "jets.txt": "Contract\n\nThe company will build radar for the F-16 fighter.",
        "covid.txt": "Outbreak\n\nThe COVID-16 study found 16 fighter pilots were ill.",
        "phone.txt": "Deregulation\n\nAT&T's vice president said the plan would help consumers.",
        "xray.txt": "Clinic\n\nThe clinic bought an X-ray machine; the ray of hope is a new ward.",
        "oneill.txt": "Speaker\n\nTip O'Neill said the bill would pass.",
        "neill.txt": "Report\n\nThe Neill report on standards was published.",
    })
    res = search(live, Query(q="G-7"))
    assert ids(res) == {"g7.txt"}
    assert "<mark>G-7</mark> ministers" in res.hits[0].snippet
    assert ids(search(live, Query(q="F-16"))) == ids(search(live, Query(q="F16"))) == {"jets.txt"}
    (hit,) = search(live, Query(q="G7")).hits  # as it is written now
    assert hit.id == "g7.txt" and "<mark>G-7</mark> ministers" in hit.snippet
    assert ids(search(live, Query(q="AT&T"))) == {"phone.txt"}
    assert ids(search(live, Query(q='"F-16 fighter"'))) == {"jets.txt"}
    # Its parts are still words: "16" finds the F-16 as before, "ray" the X-ray.
    assert ids(search(live, Query(q="16 fighter"))) == {"jets.txt", "covid.txt"}
    (hit,) = search(live, Query(q="O'Neill")).hits  # not the Neill report
    assert hit.id == "oneill.txt" and "<mark>O'Neill</mark> said" in hit.snippet
    (hit,) = search(live, Query(q="X-ray")).hits
    assert "<mark>X-ray</mark> machine" in hit.snippet and "<mark>ray</mark>" not in hit.snippet
    # In a relaxed question the compound is one word, and a document with only its part lacks it.
    res = search(live, Query(q="why did the F-16 fighter radar cost more"))
    assert res.relaxed
    missing = {hit.id: hit.missing for hit in res.hits}
    assert "F-16" in missing["covid.txt"] and "F-16" not in missing["jets.txt"]


def test_an_abbreviation_finds_and_marks_it_written_with_dots_or_without(tmp_path) -> None:  # noqa: ANN001
    """"UK" found 72 documents of the 20k collection and "U.K." 558; "UN" found Kim Jong Un."""
    live = indexed(tmp_path, {
        "dotted.txt": "Exports\n\nU.K. exports rose, the U.N. agency said.",
        "plain.txt": "Statement\n\nThe UK and the UN Security Council were named.",
        "kim.txt": "Visit\n\nKim Jong Un visited the factory.",
    })
    for q in ("UK", "U.K.", "uk"):
        assert ids(search(live, Query(q=q))) == {"dotted.txt", "plain.txt"}, q
    assert ids(search(live, Query(q="UN"))) == ids(search(live, Query(q="U.N."))) == {"dotted.txt", "plain.txt"}
    assert ids(search(live, Query(q="Kim Jong Un"))) == {"kim.txt"}
    assert ids(search(live, Query(q="KIM JONG UN"))) == {"kim.txt"}  # typed in capitals, still the name
    snippets = {hit.id: hit.snippet for hit in search(live, Query(q="UK")).hits}
    assert "<mark>U.K.</mark>" in snippets["dotted.txt"] and "<mark>UK</mark>" in snippets["plain.txt"]
    snippets = {hit.id: hit.snippet for hit in search(live, Query(q="U.N.")).hits}
    assert "<mark>U.N.</mark>" in snippets["dotted.txt"] and "<mark>UN</mark>" in snippets["plain.txt"]


def test_a_hyphenated_word_of_a_question_is_marked_as_the_phrase_it_is(tmp_path) -> None:  # noqa: ANN001
    """"al-Sabah" is the words "al" and "sabah" side by side: as two words, a question marked "al"
    in al-Khalifa and al-Rai, and a document with al-Khalifa alone did not lack "al-Sabah"."""
    live = indexed(tmp_path, {
        "kuwait.txt": "Kuwait\n\nSheikh Ali al-Sabah, the oil minister, met the al-Rai editors.",
        "bahrain.txt": "Bahrain\n\nSheikh Isa al-Khalifa spoke to the oil ministers.",
    })
    res = search(live, Query(q="what did Sheikh Ali al-Sabah say about oil"))
    assert res.relaxed
    hits = {hit.id: hit for hit in res.hits}
    assert "<mark>al</mark>-<mark>Sabah</mark>" in hits["kuwait.txt"].snippet
    assert "<mark>al</mark>-Rai" not in hits["kuwait.txt"].snippet
    assert "<mark>al</mark>" not in hits["bahrain.txt"].snippet and "<mark>Sheikh</mark>" in hits["bahrain.txt"].snippet
    assert "al-Sabah" in hits["bahrain.txt"].missing and "al-Sabah" not in hits["kuwait.txt"].missing


def test_a_number_with_groups_of_thousands_is_found_and_marked_as_typed_with_or_without_commas(tmp_path) -> None:  # noqa: ANN001
    """"44,913 sq km" was indexed as "44" and "913": on the 20k collection "44913 sq km" ranked the
    document 18th, and "25,929" or "25929.42" found nothing for "closed at 25,929.42"."""
    live = indexed(tmp_path, {
        "country.txt": "Profile\n\nThe country covers 44,913 sq km and has 1,029,600 people.",
        "index.txt": "Stocks\n\nThe Nikkei index closed at 25,929.42 on Friday.",
        "other.txt": "Sales\n\nThe company sold 913 cars in 44 days.",
    })
    for q in ("44913", "44,913", '"44,913"', "44913 sq km"):
        (hit,) = search(live, Query(q=q)).hits
        assert hit.id == "country.txt" and "<mark>44,913</mark>" in hit.snippet, q
    assert ids(search(live, Query(q="1029600"))) == {"country.txt"}
    assert ids(search(live, Query(q="25929.42"))) == ids(search(live, Query(q="25,929.42"))) == {"index.txt"}
    # Its groups are not numbers of the text: "913" is the cars, not part of the area.
    (hit,) = search(live, Query(q="913")).hits
    assert hit.id == "other.txt"
    _, body = highlight_document(live, get_document(live, "country.txt"), "913 OR 1029600")
    assert "44,913" in body and "<mark>1,029,600</mark>" in body and "<mark>913</mark>" not in body


def test_us_in_capitals_finds_and_marks_the_united_states_however_written(tmp_path) -> None:  # noqa: ANN001
    """"US" was a stop word: alone it was an error, and "US sanctions" searched "sanctions" only."""
    live = indexed(tmp_path, {
        "kcna.txt": "Statement\n\nThe US imposed new sanctions on the country.",
        "reuters.txt": "Trade\n\nU.S. sanctions on chips were eased.",
        "pronoun.txt": "Letter\n\nThey told us the sanctions would stay.",
    })
    assert ids(search(live, Query(q="US"))) == {"kcna.txt", "reuters.txt"}
    res = search(live, Query(q="US sanctions"))
    assert ids(res) == {"kcna.txt", "reuters.txt"}
    snippets = {hit.id: hit.snippet for hit in res.hits}
    assert "<mark>US</mark>" in snippets["kcna.txt"] and "<mark>U.S.</mark>" in snippets["reuters.txt"]
    assert ids(search(live, Query(q="U.S."))) == {"kcna.txt", "reuters.txt"}
    with pytest.raises(QueryError, match="for the United States, type US or U.S."):
        search(live, Query(q="us"))  # in lower case, the pronoun: the error says how to ask


def test_a_two_letter_typo_is_respelled_by_the_rest_of_the_query(tmp_path) -> None:  # noqa: ANN001
    """"Kim Jong Um" matched nothing with all its words and ranked items on UNITED MEDICAL <UM>
    first, with no suggestion: two-letter words were never respelled. The letter that gives the most
    documents with the other words wins ("Un", not the commoner "up"); a rare two-letter word the
    other words are found with ("Umm Qasr" is also written "Um Qasr") is left alone."""
    live = indexed(tmp_path, {
        "medical.txt": "UNITED MEDICAL <UM> TO SELL UNIT\n\nUnited Medical Corp <UM> said it will sell a unit.",
        "qasr.txt": "Port\n\nShips left Um Qasr port on Monday.",
        **{f"kju-{i}.txt": f"Kim Jong Un {i}\n\nKim Jong Un inspected a farm, visit {i}." for i in range(45)},
        **{f"up-{i}.txt": f"Mill {i}\n\nKim Jong Suk mill output went up, day {i}." for i in range(3)},
        **{f"rise-{i}.txt": f"Rise {i}\n\nShares went up again, day {i}." for i in range(60)},
    })
    res = search(live, Query(q="Kim Jong Um"))
    assert res.relaxed and res.suggestion == "Kim Jong Un"
    assert search(live, Query(q="KIM JONG UM")).suggestion == "KIM JONG UN"
    assert search(live, Query(q=res.suggestion)).total == 45
    assert search(live, Query(q="Um Qasr port")).suggestion is None
    assert search(live, Query(q="um")).suggestion is None


def test_a_wire_shorthand_is_found_and_marked_by_the_word_it_stands_for(tmp_path) -> None:  # noqa: ANN001
    """Wire items write "4TH QTR", "mln", "pct" and "dlrs": a reader typing "fourth quarter loss"
    found such an item only by "loss", listed as missing "fourth" and "quarter", behind items that
    spell the words out."""
    live = indexed(tmp_path, {
        "dallas.txt": "DALLAS CORP 4TH QTR LOSS\n\nShr loss 1.10 dlrs. Net loss 38.6 mln vs profit 2.1 mln, "
                      "sales off 5 pct.",
        "spelled.txt": "Outlook\n\nAnalysts said the fourth quarter would be better than the third.",
    })
    res = search(live, Query(q="fourth quarter loss"))
    assert [hit.id for hit in res.hits] == ["dallas.txt"] and not res.relaxed
    assert "<mark>4TH</mark> <mark>QTR</mark> <mark>LOSS</mark>" in highlight_document(
        live, get_document(live, "dallas.txt"), "fourth quarter loss")[0]
    hit = search(live, Query(q='"38.6 million" percent')).hits[0]
    assert hit.id == "dallas.txt" and "<mark>pct</mark>" in hit.snippet
    assert "<mark>38.6</mark> <mark>mln</mark> vs profit 2.1 mln," in hit.snippet  # the phrase, not every mln
    assert {hit.id for hit in search(live, Query(q="QTR")).hits} == {"dallas.txt", "spelled.txt"}


def test_a_result_title_is_marked_as_its_snippet_is(tmp_path) -> None:  # noqa: ANN001
    """A results table found by its headline ("Methode payout") showed no mark at all: its body has
    none of the words, and the title was plain text."""
    live = indexed(tmp_path, {
        "methode.txt": "METHODE ELECTRONICS <METHB> REGULAR PAYOUT\n\nQtly div Class B 1-1/2 cts vs 1-1/2 cts prior.",
    })
    hit = search(live, Query(q="Methode payout")).hits[0]
    assert "<mark>" not in hit.snippet
    assert hit.title_html == "<mark>METHODE</mark> ELECTRONICS &lt;METHB&gt; REGULAR <mark>PAYOUT</mark>"
    assert hit.to_dict()["title_html"] == hit.title_html


def test_an_unknown_word_is_respelled_though_no_document_has_every_word(tmp_path) -> None:  # noqa: ANN001
    """"Harnishfeger earnings": no document has both words with either spelling (the item says "net"),
    so no suggestion was offered, and the relaxed results were other companies' earnings. A word left
    unknown beside it ("xqzv") still gets none: the respelled query would find no more."""
    live = indexed(tmp_path, {
        "harn.txt": "HARNISCHFEGER NET\n\nHarnischfeger Corp said first quarter net rose.",
        **{f"earn-{i}.txt": f"Earnings {i}\n\nCompany {i} said earnings rose." for i in range(5)},
        **{f"block-{i}.txt": f"Block {i}\n\nA block of shares, lot {i}." for i in range(5)},
    })
    res = search(live, Query(q="Harnishfeger earnings"))
    assert res.relaxed and res.all_words == 0 and res.suggestion == "Harnischfeger earnings"
    assert search(live, Query(q=res.suggestion)).hits[0].id == "harn.txt"
    assert search(live, Query(q="xqzv blorf")).suggestion is None


def test_two_words_the_collection_writes_as_one_are_offered_joined(tmp_path) -> None:  # noqa: ANN001
    """"Pyong yang statement" was offered "Pyong yong statement" (a rare spelling one letter away);
    the collection writes the one word Pyongyang."""
    live = indexed(tmp_path, {
        **{f"pyy-{i}.txt": f"Statement {i}\n\nPyongyang issued a statement on day {i}." for i in range(6)},
        "yong.txt": "Names\n\nPyong Yong Gil spoke.",
        **{f"yang-{i}.txt": f"Yang {i}\n\nYang and yong, day {i}." for i in range(30)},
    })
    assert search(live, Query(q="Pyong yang statement")).suggestion == "Pyongyang statement"
    assert search(live, Query(q="Pyong yang")).suggestion == "Pyongyang"


def test_how_many_and_how_much_are_question_words(tmp_path) -> None:  # noqa: ANN001
    """"how many shares will Fur Vault buy back?" said no document had all its words, and "Missing:
    many" under the item it asks about; "many" elsewhere is still a word."""
    live = indexed(tmp_path, {
        "furvault.txt": "FUR VAULT TO BUY BACK SHARES\n\nFur Vault Inc said it will buy back three mln shares.",
        **{f"shares-{i}.txt": f"Shares {i}\n\nMany shares changed hands, day {i}." for i in range(3)},
    })
    res = search(live, Query(q="how many shares will Fur Vault buy back?"))
    assert res.hits[0].id == "furvault.txt" and res.hits[0].missing == ()
    assert not res.relaxed or res.all_words == 1
    assert {hit.id for hit in search(live, Query(q="many shares")).hits} == {f"shares-{i}.txt" for i in range(3)}


def test_a_quoted_name_finds_it_written_with_a_hyphen(tmp_path) -> None:  # noqa: ANN001
    """'"Roh Tae Woo"' found the item that writes "Roh Tae-woo" first; indexing "taewoo" before the
    parts (to find "co-operation" by "cooperation") put it between "Roh" and "Tae", and the phrase
    found nothing."""
    live = indexed(tmp_path, {
        "roh.txt": "Seoul\n\nRuling party chairman Roh Tae-woo said talks would resume.",
    })
    for q in ('"Roh Tae Woo"', '"Roh Tae-woo"', '"Tae-woo said"', "Roh Tae-woo"):
        res = search(live, Query(q=q))
        assert [hit.id for hit in res.hits] == ["roh.txt"], q
    snippet = search(live, Query(q='"Roh Tae Woo"')).hits[0].snippet
    assert "<mark>Roh</mark> <mark>Tae</mark>-<mark>woo</mark> said" in snippet


@pytest.mark.parametrize("collapse", [True, False])
def test_results_of_equal_score_are_each_on_exactly_one_page(tmp_path, collapse: bool) -> None:  # noqa: ANN001
    """Every document matches source:wire with the same score. Paged 3 at a time, 'source:kcna' at 20k
    showed some documents on two pages and others on none (13 different documents on 10 pages
    of every capture): the best page's worth was picked among the ties in no fixed order (numpy's
    partition keeps them in order only among a few hundred)."""
    files = {}
    for i in range(300):
        files[f"item-{i:02d}.txt"] = f"Item {i} headline\n\nA report numbered {i * 7919} on subject {i * 104729}.\n"
        files[f"item-{i:02d}.meta.json"] = '{"source": "Wire", "date": "2020-01-01"}'
    live = indexed(tmp_path, files)
    whole = search(live, Query(q="source:wire", per_page=100, collapse=collapse))
    assert whole.total == 300
    paged = [hit.id for page in range(1, 11)
             for hit in search(live, Query(q="source:wire", page=page, per_page=10, collapse=collapse)).hits]
    assert paged == [hit.id for hit in whole.hits]


def test_a_filter_shows_the_results_its_facet_counted_for_a_question(tmp_path) -> None:  # noqa: ANN001
    """Twelve reports have all four words, two of them from 2021: the year facet says 2021 (2), and
    choosing it showed 6 documents relaxed to any of the words ("oil prices fell sharply" at 20k: a
    month bar of 4 led to 1,270). Too few to answer a question is judged over the collection."""
    files: dict[str, str] = {}
    for i in range(12):
        files[f"quota-{i:02d}.txt"] = f"Quota talks {i}\n\nOil ministers agreed on production quotas, round {i}."
        files[f"quota-{i:02d}.meta.json"] = f'{{"date": "{2021 if i < 2 else 2020}-05-0{i % 9 + 1}"}}'
    for i in range(4):
        files[f"oil-{i:02d}.txt"] = f"Oil report {i}\n\nOil production rose in week {i}."
        files[f"oil-{i:02d}.meta.json"] = '{"date": "2021-03-01"}'
    live = indexed(tmp_path, files)
    question = "ministers agreed production quotas"
    res = search(live, Query(q=question))
    assert not res.relaxed and res.facets["year"] == {"2020": 10, "2021": 2}
    chosen = search(live, Query(q=question, date_from=date(2021, 1, 1), date_to=date(2021, 12, 31)))
    assert chosen.total == 2 and not chosen.relaxed
    # A filter under which no document has every word still relaxes the question.
    none = search(live, Query(q="ministers agreed production quotas", date_from=date(2021, 3, 1),
                              date_to=date(2021, 3, 31)))
    assert none.relaxed and none.total == 4


def test_a_query_of_sources_alone_lists_them_newest_first(live) -> None:
    """Every match of source:"Daily Planet" scores the same: they came in the order of their file
    paths ('source:kcna' at 20k: 2024-09-09, 2024-10-21, 2024-05-28, ...), where the source filter
    lists the same documents newest first."""
    expected = ["news/flood-2020.txt", "news/flood-2019.txt"]
    assert [hit.id for hit in search(live, Query(q='source:"Daily Planet"')).hits] == expected
    assert [hit.id for hit in search(live, Query(q="", source="Daily Planet")).hits] == expected
    assert [hit.id for hit in search(live, Query(q='source:"Daily Planet"', sort="oldest")).hits] == expected[::-1]
    # A word to rank by still ranks.
    assert search(live, Query(q='source:"Daily Planet" flood')).hits[0].score > 0.01


def test_an_empty_quoted_source_asks_for_a_name(live) -> None:
    """'source:""' answered "no source is named ''; use its name as published: 'KCNA' or 'Reuters'
    or 'Rodong Sinmun'", as if '' were a misspelling of each."""
    with pytest.raises(QueryError) as caught:
        search(live, Query(q='river source:""'))
    assert caught.value.message == "'source:' needs a name in its quotes, as in source:\"Daily Planet\""


def test_a_date_in_a_question_is_found_in_the_documents_date(tmp_path) -> None:  # noqa: ANN001
    """A wire item seldom writes its own date: "why did coffee prices fall in March 1987" listed the
    item of March 3, 1987 as "Missing: March, 1987", below an item of June that merely mentions 1987."""
    live = indexed(tmp_path, {
        "march.txt": "COFFEE PRICE FALL SHORT TERM\n\nCoffee prices fell sharply after the quota talks broke down.",
        "march.meta.json": '{"date": "1987-03-03"}',
        "june.txt": "COFFEE OUTLOOK\n\nCoffee prices, which fell early in 1987, may fall again, traders said.",
        "june.meta.json": '{"date": "1987-06-10"}',
        "cocoa.txt": "COCOA PRICES\n\nCocoa prices fell in March, traders said.",
        "cocoa.meta.json": '{"date": "1986-03-10"}',
    })
    res = search(live, Query(q="why did coffee prices fall in March 1987"))
    assert res.relaxed and res.all_words == 1
    assert [(hit.id, hit.missing) for hit in res.hits] == [
        ("march.txt", ()), ("june.txt", ("March",)), ("cocoa.txt", ("coffee", "1987"))]
    # "April 7" names April of any year; a month alone is a word like any other.
    res = search(live, Query(q="did coffee prices fall on March 4"))
    assert res.hits[0].id == "march.txt" and not res.hits[0].missing
    assert search(live, Query(q="why did coffee prices fall in march")).hits[0].missing == ("march",)


def test_a_source_named_in_a_question_is_found_in_the_documents_source(tmp_path) -> None:  # noqa: ANN001
    """A paper seldom writes its own name: "what did Rodong Sinmun say about the military drills"
    listed the paper's own item as "Missing: Rodong, Sinmun" and ranked it 14th, under KCNA items
    that quote the paper on other things."""
    live = indexed(tmp_path, {
        "own.txt": "KPA Units Hold Military Drills\n\nMilitary drills of KPA units were held, officers said.",
        "own.meta.json": '{"source": "Rodong Sinmun"}',
        "quoted.txt": "Press Review\n\nRodong Sinmun in an article said the harvest was good; military drills go on.",
        "quoted.meta.json": '{"source": "KCNA"}',
    })
    res = search(live, Query(q="what did Rodong Sinmun say about the military drills of KPA units"))
    assert res.relaxed and res.all_words == 1
    assert [(hit.id, hit.missing) for hit in res.hits] == [("own.txt", ()), ("quoted.txt", ("KPA", "units"))]
    # The name's words in a row: "Sinmun" alone is a word like any other.
    res = search(live, Query(q="what did Sinmun say about the military drills of KPA units"))
    assert ("own.txt", ("Sinmun",)) in [(hit.id, hit.missing) for hit in res.hits]


def test_a_misspelled_long_question_is_offered_its_respelling(tmp_path) -> None:  # noqa: ANN001
    """A respelling was weighed by how many documents have all its words, "what" and "did"
    included: "what did the Bundesbnak president Poehl say about a rate cut" (the typo is in one
    item of its own) found none respelled either, and was offered nothing."""
    files = {f"bank-{i:02d}.txt": f"BUNDESBANK REPORT {i}\n\nThe Bundesbank left its rates unchanged."
             for i in range(20)}
    live = indexed(tmp_path, {
        **files,
        "poehl.txt": "POEHL SEES ROOM FOR RATE CUT\n\nBundesbank president Karl Otto Poehl said a rate cut "
                     "was possible.",
        "typo.txt": "MARKETS\n\nDealers said the Bundesbnak left policy unchanged.",
    })
    res = search(live, Query(q="what did the Bundesbnak president Poehl say about a rate cut"))
    assert res.relaxed and res.all_words == 0
    assert res.suggestion == "what did the Bundesbank president Poehl say about a rate cut"
    assert search(live, Query(q=res.suggestion)).hits[0].id == "poehl.txt"


def test_a_day_in_a_question_is_the_documents_date_not_a_number(tmp_path) -> None:  # noqa: ANN001
    """"what happened to the dollar on 1987-03-25" ranked USDA tables first, "Missing: dollar,
    1987-03-25"; with "March 25 1987", the items with most 25s in their text."""
    live = indexed(tmp_path, {
        "day.txt": "DOLLAR FIRMS IN TOKYO\n\nThe dollar traded firmer against the yen.",
        "day.meta.json": '{"date": "1987-03-25"}',
        "week.txt": "DOLLAR EASES\n\nThe dollar eased 25 points in 25 minutes, from 25 pct up to 25.",
        "week.meta.json": '{"date": "1987-03-20"}',
        "table.txt": "CORN SUPPLY\n\nCorn 25, soybeans 25, wheat 25, barley 25, oats 25; trade 25.",
        "table.meta.json": '{"date": "1987-04-09"}',
    })
    for q in ("how did the dollar trade on March 25 1987", "how did the dollar trade on 1987-03-25"):
        res = search(live, Query(q=q))
        assert res.relaxed and res.all_words == 1, q
        assert (res.hits[0].id, res.hits[0].missing) == ("day.txt", ()), q


def test_a_question_with_a_quoted_name_needs_none_of_its_question_words(tmp_path) -> None:  # noqa: ANN001
    """'why did "Moulinex" shares fall' found nothing: a phrase is never relaxed, so "why" and "did"
    were required, while the same question unquoted found the item first."""
    live = indexed(tmp_path, {
        "moulinex.txt": "MOULINEX SHARES FALL TO 1987 LOW\n\nMoulinex shares fell on the Paris Bourse, "
                        "dealers said.",
        "roasters.txt": "COFFEE PRICE FALL SHORT TERM\n\nThe fall will be short-lived, said Jan de Vries "
                        "of the roasters.",
        "why.txt": "WHY SHARES FALL\n\nWhy did shares fall? Nobody knows.",
    })
    res = search(live, Query(q='why did "Moulinex" shares fall'))
    assert ids(res) == {"moulinex.txt"} and not res.relaxed
    assert "<mark>Moulinex</mark> <mark>shares</mark> <mark>fell</mark>" in res.hits[0].snippet
    body = highlight_document(live, get_document(live, "why.txt"), 'why did "Moulinex" shares fall')[1]
    assert "<mark>Why</mark>" not in body and "<mark>shares</mark>" in body
    # Still nothing with every word but the question words: relaxed, as the question unquoted is.
    res = search(live, Query(q='what did "Jan de Vries" say'))
    assert res.relaxed and res.hits[0].id == "roasters.txt" and not res.hits[0].missing
    # A phrase without question words stays as deliberate as it was.
    assert search(live, Query(q='"Jan de Vries" bananas')).total == 0


def test_a_rare_name_is_not_respelled_as_a_common_word(tmp_path) -> None:  # noqa: ANN001
    """"Manor Care chairman" was offered "Major Care chairman": "Manor" is rare and "major" one letter
    away and far commoner, but the collection writes "Manor Care" in several items: a name, not a typo."""
    live = indexed(tmp_path, {
        "chairman.txt": "MANOR CARE NAMES NEW CHAIRMAN\n\nManor Care Inc named a new chairman.",
        "buyback.txt": "MANOR CARE BUYBACK\n\nManor Care Inc raised its share repurchase.",
        **{f"major-{i}.txt": f"Markets {i}\n\nA major bank chairman said care was needed, day {i}." for i in range(45)},
        "typo.txt": "Budget talks\n\nThe goverment said the budget deficit would narrow.",
        **{f"gov-{i}.txt": f"Budget {i}\n\nThe government said the budget deficit grew, month {i}." for i in range(25)},
    })
    for q in ("Manor Care chairman", "who is the new chairman of Manor Care?"):
        res = search(live, Query(q=q))
        assert res.hits[0].id == "chairman.txt" and res.suggestion is None, q
    # A typo beside a word it is never written beside is still respelled ("the" does not count).
    assert search(live, Query(q="the goverment budget")).suggestion == "the government budget"


def test_every_result_of_a_broad_wildcard_shows_its_word_marked(tmp_path: Path) -> None:
    """Only the first 100 words of a wildcard (in alphabetical order) were marked: "tr*" listed
    "TRW INC" and "Glenmede Trust Co" with no mark at all. The document page marks them too."""
    many = " ".join(f"tra{a}{b}" for a in "abcdefghijkl" for b in "abcdefghij")  # 120 words before "trust"
    live = indexed(tmp_path, {
        "many.txt": f"Long list of words\n\nThe list holds {many}.\n",
        "trust.txt": "Glenmede sells stock\n\nThe Glenmede Trust Co said it plans to sell part of its stock.\n",
    })
    hit = next(hit for hit in search(live, Query(q="tr*")).hits if hit.id == "trust.txt")
    assert "<mark>Trust</mark>" in hit.snippet
    _, body = highlight_document(live, get_document(live, "trust.txt"), "tr*")
    assert "Glenmede <mark>Trust</mark> Co" in body


def test_a_prefix_finds_the_words_it_starts_not_its_stems(tmp_path: Path) -> None:
    """A prefix was stemmed as a word: "fell*" searched "fall*" and never found "fellow", and "Türk*"
    searched "turkei*" and never found "Türkiye". The word a prefix is ("fell", "running") still counts."""
    live = indexed(tmp_path, {
        "fellow.txt": "Fellowship\n\nA fellow of the academy spoke.",
        "fell.txt": "Prices\n\nCoffee prices fell on Monday.",
        "turkiye.txt": "Visit\n\nThe envoy of Türkiye arrived.",
        "running.txt": "Race\n\nThe running of the race was delayed.",
        "other.txt": "Other\n\nNothing of the kind happened here.",
    })
    assert ids(search(live, Query(q="fell*"))) == {"fellow.txt", "fell.txt"}
    assert ids(search(live, Query(q="Türk*"))) == {"turkiye.txt"}
    assert ids(search(live, Query(q="running*"))) == {"running.txt"}
    hit = search(live, Query(q="fell*")).hits
    assert all("<mark>" in h.snippet for h in hit)


def test_a_query_that_is_only_a_date_offers_the_documents_dated_then(live) -> None:
    # No capture writes its own date: as words, "2019-03-02" found nothing and said nothing.
    found = search(live, Query(q="2019-03-02"))
    assert found.total == 0
    offer = found.date_filter
    assert (offer.start, offer.end, offer.label, offer.total) == ("2019-03-02", "2019-03-02", "2 March 2019", 1)
    assert offer.notice == "1 document is dated 2 March 2019."
    for typed in ("2 March 2019", "March 2, 2019", "2019/3/2"):
        assert search(live, Query(q=typed)).date_filter == offer, typed
    # The filters it names list what it counted.
    listed = search(live, Query(q="", date_from=date(2019, 3, 2), date_to=date(2019, 3, 2)))
    assert ids(listed) == {"news/flood-2019.txt"} and listed.date_filter is None
    month = search(live, Query(q="August 2021")).date_filter
    assert (month.start, month.end, month.label, month.total) == ("2021-08", "2021-08", "August 2021", 1)
    # Counted under the source filter; none when the date filters already are that day; none for words.
    assert search(live, Query(q="2019-03-02", source="Rural Times")).date_filter.notice == (
        "No document is dated 2 March 2019."
    )
    assert search(live, Query(q="2019-03-02", date_from=date(2019, 3, 2), date_to=date(2019, 3, 2))).date_filter is None
    assert search(live, Query(q="river 2019")).date_filter is None


def test_a_date_among_other_words_offers_those_words_under_the_date_filters(live) -> None:
    # "river March 2019" searched the words "March" and "2019", which the flood report of 2 March 2019
    # does not write: the date a journalist meant was only the relaxed ranking's hint.
    found = search(live, Query(q="river March 2019"))
    offer = found.date_filter
    assert (offer.start, offer.end, offer.words, offer.total) == ("2019-03", "2019-03", "river", 1)
    assert offer.notice == "1 result for “river” is dated March 2019."
    assert offer.to_dict()["q"] == "river"
    # The filters and words it names list what it counted.
    listed = search(live, Query(q="river", date_from=date(2019, 3, 1), date_to=date(2019, 3, 31)))
    assert ids(listed) == {"news/flood-2019.txt"} and listed.date_filter is None
    assert search(live, Query(q="farmers in 2021-08-01")).date_filter.notice == (
        "1 result for “farmers” is dated 1 August 2021."
    )
    none = search(live, Query(q="marmalade March 2019")).date_filter
    assert none.total == 0 and none.notice == "No result for “marmalade” is dated March 2019."
    # Counted under the source filter; a typo in the words is still respelled.
    assert search(live, Query(q="river March 2019", source="Rural Times")).date_filter.total == 0
    assert search(live, Query(q="rivr March 2019")).suggestion == "river March 2019"
    # A date in a phrase is meant as typed.
    assert search(live, Query(q='"river March 2019"')).date_filter is None


def test_a_date_bounded_by_since_after_before_or_until_offers_the_documents_on_that_side(live) -> None:
    # "river since 2020" is a year, a number; a month or a day bounds the dates: the river items are
    # dated 2 March 2019, 15 June 2020 and 1 August 2021.
    since = search(live, Query(q="river since June 2020")).date_filter
    assert (since.start, since.end, since.label, since.total) == ("2020-06", None, "from June 2020 on", 2)
    assert since.notice == "2 results for “river” are dated from June 2020 on."
    after = search(live, Query(q="river after 2020-06-15")).date_filter
    assert (after.start, after.end, after.total) == ("2020-06-16", None, 1)
    before = search(live, Query(q="river before June 2020")).date_filter
    assert (before.start, before.end, before.label, before.total) == (None, "2020-05", "before June 2020", 1)
    until = search(live, Query(q="river until 15 June 2020")).date_filter
    assert (until.start, until.end, until.label, until.total) == (None, "2020-06-15", "up to 15 June 2020", 2)
    # The filters it names list what it counted.
    listed = search(live, Query(q="river", date_to=date(2020, 5, 31)))
    assert ids(listed) == {"news/flood-2019.txt"} and listed.date_filter is None
    assert search(live, Query(q="since June 2020")).date_filter.notice == "3 documents are dated from June 2020 on."
    assert search(live, Query(q="river since June 2020", date_from=date(2020, 6, 1))).date_filter is None


def test_since_whether_and_other_conjunctions_are_question_words(live) -> None:
    # "since" was a content word of a relaxed question: "Missing: since" under the flood report, and
    # the word marked in snippets wherever an item wrote it.
    found = search(live, Query(q="farmers harvests river since 2019"))
    assert found.relaxed and found.hits[0].id == "news/flood-2019.txt" and found.hits[0].missing == ()
    assert "since" not in {word for hit in found.hits for word in hit.missing}


def test_a_relaxed_result_says_which_of_its_date_and_source_answered_the_question(live) -> None:
    # The flood report of 2 March 2019 was ranked as having "March" and "2019", which its text does
    # not write, and nothing on the page said why.
    found = search(live, Query(q="river farmers harvests March 2019"))
    assert found.relaxed and found.hits[0].id == "news/flood-2019.txt"
    assert found.hits[0].matched_by == ("date",) and found.hits[0].to_dict()["matched_by"] == ["date"]
    assert all(hit.matched_by == () for hit in found.hits[1:])
    by_source = search(live, Query(q="what did the Rural Times say about farmers and harvests"))
    assert {hit.id for hit in by_source.hits if hit.matched_by == ("source",)} == {
        "news/drought-2021.txt", "news/sanctions.txt"}
    assert all(hit.matched_by == () for hit in search(live, Query(q="river farmers")).hits)


def test_a_month_typed_as_iso_in_a_question_is_the_documents_date(live) -> None:
    # "river 2019-03" ranked the undated note first and said the flood report of 2 March 2019 was
    # "Missing: 2019-03", where "river March 2019" found it first, missing nothing.
    for typed in ("river 2019-03", "river March 2019"):
        found = search(live, Query(q=typed))
        assert found.hits[0].id == "news/flood-2019.txt" and found.hits[0].missing == (), typed


def test_a_pasted_web_address_finds_its_capture(live) -> None:
    # The address is the capture's metadata, not its text: as words it found nothing, and "Did you mean"
    # offered a garbled address.
    for pasted in (
        "https://example.org/news/flood-2019.txt",
        "http://www.example.org/news/flood-2019.txt/",
        "<https://example.org/news/flood-2019.txt?utm_source=feed#top>",
    ):
        found = search(live, Query(q=pasted))
        assert ids(found) == {"news/flood-2019.txt"}, pasted
        assert found.named_notice == "The capture with this web address." and found.suggestion is None
    outside = search(live, Query(q="https://example.org/news/flood-2019.txt", source="Rural Times"))
    assert outside.total == 0
    assert outside.named_notice == "The capture with this web address is outside the source and date filters."
    unknown = search(live, Query(q="https://example.org/news/flod-2019.txt"))
    assert unknown.total == 0 and unknown.suggestion is None
    assert unknown.named_notice == "No capture has this web address."
    # The address's brackets are its own, not an unclosed group.
    bracket = search(live, Query(q="https://example.org/wiki/Flood_(river"))
    assert bracket.named_notice == "No capture has this web address."


def test_a_capture_id_or_file_name_finds_the_capture(live) -> None:
    for typed in ("news/flood-2019.txt", "flood-2019.txt", "./news/flood-2019.txt", "news/flood-2019"):
        found = search(live, Query(q=typed))
        assert ids(found) == {"news/flood-2019.txt"}, typed
        assert found.named_notice == "The capture with this file name.", typed
    assert search(live, Query(q="flood-2099.txt")).named_notice == "No capture has this file name."
    # A name without its ending is a file name only where no text has its words ("flood-2019" has none).
    assert ids(search(live, Query(q="flood-2019"))) == {"news/flood-2019.txt"}
    assert search(live, Query(q="river")).named is None


def test_an_address_no_capture_has_is_not_relaxed_and_a_link_to_a_document_page_finds_it(live) -> None:
    # The "?" of its parameters read as a question mark made two words of it, relaxed to any of them.
    unknown = search(live, Query(q="https://example.org/news/river.php?id=farmers"))
    assert unknown.total == 0 and not unknown.relaxed
    assert unknown.named_notice == "No capture has this web address."
    # A link to this service's own document page, as a reader shares one.
    shared = search(live, Query(q="http://127.0.0.1:8000/doc/news/flood-2019.txt?q=river+farmers"))
    assert ids(shared) == {"news/flood-2019.txt"} and not shared.relaxed


def test_a_date_with_its_time_as_metadata_writes_it_is_a_date_and_no_misspelling(live) -> None:
    # "2019-03-02T08:30:00Z" was offered "Did you mean 2019-03-020:30:000?" and nothing of its day.
    for typed in ("2019-03-02T08:30:00Z", "2019-03-02 08:30", "2-Mar-2019"):
        found = search(live, Query(q=typed))
        assert found.suggestion is None, typed
        assert found.date_filter.notice == "1 document is dated 2 March 2019.", typed


def test_an_address_without_its_scheme_or_after_a_label_finds_its_capture(tmp_path: Path) -> None:
    # "Source: https://…" was a 400 ("'source:' needs a word after it"); "example.org/…" a garbled respelling.
    raw = tmp_path / "raw"
    (raw / "www.example.net" / "a").mkdir(parents=True)
    (raw / "flood.txt").write_text("River floods\n\nThe river flooded three towns after heavy rain.\n")
    (raw / "flood.meta.json").write_text('{"url": "https://example.org/news/flood"}')
    # A capture of a site mirrored with wget, named by its address.
    (raw / "www.example.net" / "a" / "page.html").write_text(
        "<html><head><title>Harvest</title></head><body><p>The valley farmers brought in a large harvest "
        "of wheat and barley this year, the cooperative said.</p></body></html>"
    )
    build_index(raw, tmp_path / "ix")
    live = LiveIndex(tmp_path / "ix")
    for typed in ("example.org/news/flood", "Source: https://example.org/news/flood",
                  "Retrieved from <https://www.example.org/news/flood>."):
        found = search(live, Query(q=typed))
        assert ids(found) == {"flood.txt"} and found.named_notice == "The capture with this web address.", typed
    for typed in ("www.example.net/a/page.html", "www.example.net/a/page"):
        assert ids(search(live, Query(q=typed))) == {"www.example.net/a/page.html"}, typed


def test_results_with_the_words_as_typed_together_come_first(tmp_path: Path) -> None:
    """"Korean War" ranked a wire item about a Korea-U.S. trade war first, above items about the war
    itself, and "Day of the Sun" an oil find on a sunny day: names are typed without quotation marks.
    Results with the words side by side in the order typed come first, each group by score; the
    others follow, and the count is every result with all the words."""
    live = indexed(tmp_path, {
        "trade.txt": "South Korea and the trade war\n\nKorea wants to avert a trade war. Korea says a war of "
                     "tariffs would hurt Korea, and Korea will talk to avoid the war.\n",
        "veterans.txt": "Veterans meet\n\nVeterans of the Korean War met in the capital on Tuesday.\n",
        "congress.txt": "Congress\n\nThe Congress party won; party leaders met Congress members, the party said.\n",
        "party.txt": "Party meets\n\nThe party congress opened in the capital.\n",
    })
    war = search(live, Query(q="korean war"))
    assert [hit.id for hit in war.hits] == ["veterans.txt", "trade.txt"] and war.total == 2
    # Pages and exports list them in the same order.
    assert [search(live, Query(q="korean war", per_page=1, page=p)).hits[0].id for p in (1, 2)] == [
        "veterans.txt", "trade.txt"]
    assert [hit.id for hit in iter_matches(live, Query(q="korean war"))] == ["veterans.txt", "trade.txt"]
    assert [hit.id for hit in search(live, Query(q="party congress")).hits] == ["party.txt", "congress.txt"]
    # Typed the other way round, the words are together in the other order.
    assert [hit.id for hit in search(live, Query(q="congress party")).hits][0] == "congress.txt"
    # Sorted by date, or with one word, nothing changes.
    assert search(live, Query(q="war")).hits[0].id == "trade.txt"


def test_a_name_of_four_words_in_a_small_collection_ranks_its_words_side_by_side_first(tmp_path: Path) -> None:
    """A query of four words or more with fewer than ten results is looked at as a question that may
    need relaxing; where any of its words found no more documents than all of them, the results were
    left in score order: "day of the sun" over a handful of captures listed a farm report with "day"
    and "sun" apart, several times, above the statement on the Day of the Sun."""
    live = indexed(tmp_path, {
        "holiday.txt": "Holiday greetings\n\nPeople across the country celebrated the Day of the Sun with many "
                       "events and performances.\n",
        "farm.txt": "Farm report\n\nThe sun rose over the hills. Day after day the farmers worked in the fields; "
                    "the sun was hot each day. Farmers rested when the sun set late.\n",
    })
    found = search(live, Query(q="day of the sun"))
    assert [hit.id for hit in found.hits] == ["holiday.txt", "farm.txt"] and not found.relaxed
    assert [hit.id for hit in iter_matches(live, Query(q="day of the sun"))] == ["holiday.txt", "farm.txt"]
    # With a capture that has one of the words, the query is relaxed to any of them; those with every
    # word still come first, and of those the ones with the words side by side.
    (tmp_path / "raw" / "weather.txt").write_text("Weather\n\nSun and warm weather are expected tomorrow.\n")
    build_index(tmp_path / "raw", tmp_path / "ix")
    live = LiveIndex(tmp_path / "ix")
    found = search(live, Query(q="day of the sun"))
    assert [hit.id for hit in found.hits] == ["holiday.txt", "farm.txt", "weather.txt"] and found.relaxed
    assert [hit.id for hit in iter_matches(live, Query(q="day of the sun"))] == [
        "holiday.txt", "farm.txt", "weather.txt"]


def test_a_page_saved_as_one_file_is_found_by_its_id_or_file_name_without_its_ending(tmp_path: Path) -> None:
    """"saved/kcna-2024-03-25" found "kcna-2024-03-25.txt" or ".html", never the .mhtml capture of
    that name, and "kcna-2024-03-25" found it only as words."""
    from corpora import mhtml, webarchive
    from test_extract import SAVED_PAGE

    live = indexed(tmp_path, {"saved/kcna-2024-03-25.mhtml": mhtml(SAVED_PAGE),
                              "safari/rodong-2024-06-25.webarchive": webarchive(SAVED_PAGE)})
    for typed, capture in (("saved/kcna-2024-03-25", "saved/kcna-2024-03-25.mhtml"),
                           ("kcna-2024-03-25", "saved/kcna-2024-03-25.mhtml"),
                           ("safari/rodong-2024-06-25", "safari/rodong-2024-06-25.webarchive"),
                           ("rodong-2024-06-25", "safari/rodong-2024-06-25.webarchive")):
        found = search(live, Query(q=typed, collapse=False))
        assert ids(found) == {capture}, typed
        assert found.named_notice == "The capture with this file name.", typed


def test_an_index_whose_every_capture_was_skipped_answers_searches_with_nothing(tmp_path: Path) -> None:
    """Every capture of a raw folder skipped (here, a binary file named .txt), the index is empty, and a
    search said "the query could not be run (AttributeError); simplify it": a query that was fine."""
    live = indexed(tmp_path, {"scan.txt": "\x00\x01\x02" * 200})
    for q in ("solidarity", "korean war", "what did the committee say about the sanctions", "", "title:statement"):
        res = search(live, Query(q=q))
        assert res.total == 0 and res.hits == [], q


def test_a_pasted_address_finds_the_capture_of_that_page_taken_from_a_web_archive(tmp_path: Path) -> None:
    # Captured from web.archive.org, a KCNA item had the archive's address alone: pasting the item's
    # own address, as a citation gives it, found nothing ("No capture has this web address.").
    html = (Path(__file__).parent / "data" / "html" / "wayback_kcna_item.html").read_text(encoding="latin-1")
    live = indexed(tmp_path, {
        "wayback-kcna-2003-01-15.html": html,
        "rodong.txt": "Letter to the Korean people\n\nThe committee sent a letter of solidarity to Korea.\n",
        "rodong.meta.json": '{"url": "https://archive.ph/2022.04.29-101500/http://www.rodong.rep.kp/en/index.php'
                            '?strPageID=SF01_02_01&newsID=2022-04-29-0004"}',
    })
    for typed, capture in (
        ("http://www.kcna.co.jp/item/2003/200301/news01/15.htm", "wayback-kcna-2003-01-15.html"),
        ("kcna.co.jp/item/2003/200301/news01/15.htm", "wayback-kcna-2003-01-15.html"),
        # Another capture time's copy of the same page holds the same page.
        ("https://web.archive.org/web/2004/http://www.kcna.co.jp/item/2003/200301/news01/15.htm",
         "wayback-kcna-2003-01-15.html"),
        ("http://www.rodong.rep.kp/en/index.php?strPageID=SF01_02_01&newsID=2022-04-29-0004", "rodong.txt"),
    ):
        found = search(live, Query(q=typed))
        assert ids(found) == {capture} and found.named_notice == "The capture with this web address.", typed


def test_copies_of_one_day_are_named_by_the_least_id_and_listed_under_each_shown_copy(tmp_path) -> None:  # noqa: ANN001
    """Three captures of one statement on one day, two of another: on a page of every capture, each
    names its group after the least id and lists the other copies (read once for both, per request)."""
    text = " ".join(f"The solidarity committee met delegation {n} and issued a joint statement." for n in range(30))
    other = " ".join(f"The ferry company changed timetable {n} for the committee's islands." for n in range(30))
    live = indexed(tmp_path, {
        **{f"{name}.txt": f"Joint statement\n\n{text}\n" for name in ("c-site", "a-site", "b-site")},
        **{f"{name}.meta.json": '{"date": "2021-05-04"}' for name in ("c-site", "a-site", "b-site")},
        **{f"{name}.txt": f"Ferry timetable\n\n{other}\n" for name in ("y-blog", "x-blog")},
    })
    every = search(live, Query(q="committee", collapse=False))
    groups = {hit.id: hit.group for hit in every.hits}
    assert groups == {"a-site.txt": "a-site.txt", "b-site.txt": "a-site.txt", "c-site.txt": "a-site.txt",
                      "x-blog.txt": "x-blog.txt", "y-blog.txt": "x-blog.txt"}
    copies = {hit.id: [c.id for c in hit.copies] for hit in every.hits}
    assert copies["b-site.txt"] == ["a-site.txt", "c-site.txt"]
    assert copies["y-blog.txt"] == ["x-blog.txt"]
    collapsed = search(live, Query(q="committee"))
    assert {hit.id for hit in collapsed.hits} == {"a-site.txt", "x-blog.txt"}
    shown = {hit.id: [c.id for c in hit.copies] for hit in collapsed.hits}
    assert shown == {"a-site.txt": ["b-site.txt", "c-site.txt"], "x-blog.txt": ["y-blog.txt"]}


def test_a_collapsed_result_is_the_copy_its_group_is_named_after_when_an_update_added_it(tmp_path) -> None:  # noqa: ANN001
    """Copies dated the same day: a copy with a lesser id added by an update (so with a later docnum)
    names the group, and a collapsed result is that copy, in every order and in the exports. A client
    saw result b-site.txt with group a-site.txt, and a-site.txt listed among its copies."""
    raw = tmp_path / "raw"
    raw.mkdir()
    text = " ".join(f"The solidarity committee met delegation {n} and issued a joint statement." for n in range(30))

    def add(name: str) -> None:
        (raw / f"{name}.txt").write_text(f"Joint statement\n\n{text}\n", encoding="utf-8")
        (raw / f"{name}.meta.json").write_text('{"date": "2021-05-04"}', encoding="utf-8")

    add("b-site")
    add("c-site")
    build_index(raw, tmp_path / "ix")
    add("a-site")
    build_index(raw, tmp_path / "ix")
    live = LiveIndex(tmp_path / "ix")
    for query in (Query(q="committee"), Query(q=""), Query(q="committee", sort="newest")):
        [hit] = search(live, query).hits
        assert (hit.id, hit.group, [c.id for c in hit.copies]) == ("a-site.txt", "a-site.txt",
                                                                    ["b-site.txt", "c-site.txt"]), query
        assert [(h.id, h.group) for h in iter_matches(live, query)] == [("a-site.txt", "a-site.txt")], query
