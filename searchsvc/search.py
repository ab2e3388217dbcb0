"""search(index, Query) → SearchResults: parse, filter, sort, page, facet, highlight, suggest."""

from __future__ import annotations

import calendar
import difflib
import time
import unicodedata
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

import numpy as np
from whoosh import query as wq
from whoosh.fields import Schema
from whoosh.qparser import QueryParser
from whoosh.searching import Searcher

from . import dates, fastrank, highlight, ranking, references, tokens, verbs
from .columns import Columns
from .errors import DocumentNotFound, QueryError
from .live_index import LiveIndex
from .models import SORTS, Copy, DateFilter, Document, Hit, Named, Query, SearchResults
from .queryparse import (
    clean_query_text,
    content_words,
    make_parser,
    marks_query,
    other_spelling,
    parse_query,
    quoted_phrases,
    relaxable,
    solid_term,
    typed_words,
    without_question_words,
    words_query,
)
from .schema import TEXT_FIELDS, to_copy, to_document, to_hit
from .suggest import suggest

MAX_PAGE = 1000
SUGGEST_WHEN_AT_MOST = 2  # results; more than this and the query is taken as meant
RELATED_TERMS = 15  # key terms of a document that find the documents most like it
# A plain-words query is relaxed to any-words when all-words finds nothing, or when a
# question of RELAX_WORDS+ words finds fewer than RELAX_BELOW documents. Not the page size: a
# larger page would match other documents, and the count and export would change with it.
RELAX_WORDS = 4
RELAX_BELOW = 10


def validate(query: Query, *, max_per_page: int = 100) -> None:
    """QueryError for parameters out of range (the parsers of each surface call this too)."""
    if query.sort not in SORTS:
        raise QueryError(f"'sort' must be one of {', '.join(SORTS)}, got {query.sort[:40]!r}")
    if not 1 <= query.per_page <= max_per_page:
        raise QueryError(f"'per_page' must be between 1 and {max_per_page}")
    if not 1 <= query.page <= MAX_PAGE:
        raise QueryError(f"'page' must be between 1 and {MAX_PAGE}")
    if query.date_from and query.date_to and query.date_from > query.date_to:
        raise QueryError("'from' is after 'to'; swap them")


def search(index: LiveIndex, query: Query, *, max_per_page: int = 100) -> SearchResults:
    """Run a query against the live index.

    Whoosh finds the matching documents and ranks the top ones; totals, facets, filters,
    date sorting and near-duplicate collapsing are array operations on the generation's columns.
    """
    started = time.perf_counter()
    validate(query, max_per_page=max_per_page)
    searcher = index.searcher()
    # Keyed by generation: after a rebuild switches in, nothing cached before it is served.
    key = (str(index.index_dir), index.generation, query)
    cached = _CACHE.get(key)
    if cached is not None:
        _CACHE.move_to_end(key)
        return replace(cached, took_ms=(time.perf_counter() - started) * 1000)
    results = _search(index, searcher, query, started)
    _CACHE[key] = results
    if len(_CACHE) > CACHE_SIZE:
        _CACHE.popitem(last=False)
    return results


CACHE_SIZE = 256  # result pages per worker
_CACHE: OrderedDict[tuple[str, str | None, Query], SearchResults] = OrderedDict()


def _search(index: LiveIndex, searcher: Searcher, query: Query, started: float) -> SearchResults:
    cols = index.columns()
    reference = references.of_query(query.q)
    parser, parsed, sort = _prepared(searcher, cols, query, reference)
    ev = fastrank.Evaluator(searcher, cols, index.postings_cache())
    mask = cols.mask(query.source, query.date_from, query.date_to)
    m = _match(searcher, ev, parsed, query, mask, reference)
    facets = {
        name: dict(sorted(counts.items(), key=_facet_order(name)))
        for name, counts in cols.facet_counts(m.matched, collapse=query.collapse).items()
    }
    undated = cols.undated_count(m.matched, collapse=query.collapse)
    if sort != "relevance":
        ranked = _page_by_date(ev, m, query, sort)
    else:
        scores = m.scores if m.scores is not None else ev.scores(parsed, m.matched)
        ranked = _page_by_scores(ev.stored, cols, scores, m.matched, query, ahead=m.all_words, first=m.together)
    marks = _highlight_terms(searcher, m.highlight_query)
    analyzer = searcher.schema["body"].analyzer
    hits = [_to_hit(ev.stored, cols, docnum, score, marks, analyzer) for docnum, score in ranked]
    if m.relaxed and hits:
        docnums = [docnum for docnum, _ in ranked]
        lacking = _missing(ev, m.words, docnums, m.described)
        by = _matched_by(query.q, m.described, docnums)
        hits = [replace(hit, missing=words, matched_by=meta)
                for hit, words, meta in zip(hits, lacking, by, strict=True)]
    named = _named(m, reference)
    date_filter = _date_filter(ev, parser, query)
    suggestion = None
    # A web address, a file name or a date is no misspelling: respelled, it was garbled
    # ("htp://www.kcna.km/...", "1987-03-250:00:000" for "1987-03-25T10:00:00Z").
    only_date = date_filter is not None and not date_filter.words
    if query.q.strip() and named is None and not only_date and m.all_words_total <= SUGGEST_WHEN_AT_MOST:
        # Judged against the all-words match: a typo is what usually empties it. A relaxed question's
        # respelling is counted as its all-words count is, without question words: counted with
        # them, "what did the Bundesbnak president Poehl say about a rate cut" found none either way
        # and was offered nothing.
        suggestion = suggest(
            index.vocabulary(),
            query.q,
            (lambda text: _all_words_count(ev, searcher.schema, text, query.q, mask, query.collapse)) if m.relaxed
            else (lambda text: _count(ev, parser, text, mask, query.collapse)),
            m.all_words_total,
            lambda term: ev.docs(wq.Or([wq.Term(field, term) for field in TEXT_FIELDS])).size,
            lambda first, second: _count(ev, parser, f'"{first} {second}"', None, False),
        )
    return SearchResults(
        query=query,
        total=m.total,
        hits=hits,
        facets=facets,
        undated=undated,
        suggestion=suggestion,
        took_ms=(time.perf_counter() - started) * 1000,
        relaxed=m.relaxed,
        all_words=m.all_words_total if m.relaxed else None,
        quoted=m.quoted if m.relaxed else None,
        sort=sort,
        date_filter=date_filter,
        named=named,
    )


def _named(m: _Matches, reference: references.Reference | None) -> Named | None:
    """What the response says of a query that is a reference (references.py): the captures it named,
    or, for a web address or a name with a capture's ending (.txt) that names none, that none has it."""
    if m.reference is not None:
        return Named(m.reference.kind, m.named or 0)
    if reference is not None and (reference.kind == "address" or reference.ending):
        return Named(reference.kind, 0)
    return None


def _date_filter(ev: fastrank.Evaluator, parser: QueryParser, query: Query) -> DateFilter | None:
    """The documents dated on the day or in the month the query names (dates.query_period,
    dates.period_in_query), or from it on, after, before or up to it, counted under the query's
    source filter: all of them when the query is only a date, else those its other words find; None
    when the date filters already are those."""
    named = dates.period_in_query(query.q)
    if named is None and (period := dates.query_period(query.q)) is not None:
        named = dates.DatedWords(period, "in", "")
    if named is None or named.period.year is None or named.period.month is None:
        return None
    period = named.period
    first = date(period.year, period.month, period.day or 1)
    last = first if period.day else date(period.year, period.month, calendar.monthrange(period.year, period.month)[1])
    low, high = {"in": (first, last), "since": (first, None), "after": (last + timedelta(days=1), None),
                 "before": (None, first - timedelta(days=1)), "until": (None, last)}[named.bound]
    if (query.date_from, query.date_to) == (low, high):
        return None
    cols = ev.cols
    mask = cols.mask(query.source, low, high)
    if named.words:
        try:
            total = _words_count(ev, parser, named.words, mask, query.collapse)
        except QueryError:
            return None  # what is left is no query ("oil AND"): the date is the words'
    else:
        total = _shown(cols, np.flatnonzero(mask & cols.live), query.collapse)  # not the deleted

    def value(day: date | None) -> str | None:
        if day is None:
            return None
        return day.isoformat() if period.day else f"{day:%Y-%m}"

    label = f"{first.day} {first:%B %Y}" if period.day else f"{first:%B %Y}"
    label = {"in": "{}", "since": "from {} on", "after": "after {}", "before": "before {}",
             "until": "up to {}"}[named.bound].format(label)
    return DateFilter(value(low), value(high), label, total, named.words)


def _words_count(ev: fastrank.Evaluator, parser: QueryParser, text: str, mask: np.ndarray | None,
                 collapse: bool) -> int:
    """Results with every word of `text` under `mask`; of a plain question, every content word (as a
    relaxed question counts its all-words results: "why did coffee prices fall" needs no "why")."""
    if relaxable(text):
        return _all_words_count(ev, parser.schema, text, text, mask, collapse)
    return _count(ev, parser, text, mask, collapse)


@dataclass
class _Matches:
    """What a query matches, and how, before ranking."""

    matched: np.ndarray  # docnums of the results' documents
    total: int  # results, as shown (one per near-duplicate group when collapsing)
    all_words_total: int  # results with every word: as typed, or when relaxed every content word
    relaxed: bool
    highlight_query: wq.Query  # whose words the snippets mark
    scores: np.ndarray | None = None  # relaxed: any-words scores re-ranked by feedback; else those of another query
    # Docnums ranked before the rest: a relaxed question's with every content word, a plain query's with its
    # words side by side (_together_first).
    all_words: np.ndarray | None = None
    words: list[tuple[str, list[str]]] = field(default_factory=list)  # relaxed: the content words, as typed
    described: dict[str, np.ndarray] = field(default_factory=dict)  # relaxed: _described_words
    # Of a pasted web address or file name (references.py): the captures it names, filters aside
    # (None: the query is no such reference).
    named: int | None = None
    reference: references.Reference | None = None
    # Of all_words, a relaxed name's with its words side by side (_side_by_side): ranked before the rest.
    together: np.ndarray | None = None
    quoted: int | None = None  # relaxed: the results with its quoted words as written (_quoted)


def _match(searcher: Searcher, ev: fastrank.Evaluator, parsed: wq.Query, query: Query,
           mask: np.ndarray | None, reference: references.Reference | None) -> _Matches:
    """The typed query's matches, or, for a plain question that finds none or too few, the matches of
    any of its content words (relaxed), with their scores. `reference`: what the query names, if it is
    a web address or a capture's id or file name (references.of_query)."""
    cols = ev.cols
    named = _referenced(searcher, cols, reference) if reference else None
    if named is not None and named.size and (reference.kind == "address" or reference.ending or "/" in reference.key):
        return _named_matches(cols, named, query, mask, reference)
    matched = _matching(ev, parsed, mask)
    total = _shown(cols, matched, query.collapse)
    if named is not None and named.size and not total:
        # A name without its ending ("reuters-5370") is a file name only where no text has it as words.
        return _named_matches(cols, named, query, mask, reference)
    if reference is not None and reference.kind == "address":
        # An address no capture has is the phrase of its words (_prepared), never relaxed: its "?"
        # read as a question mark made two words of it, and "…/doc/0005/reuters-5370.txt?q=oil" was
        # relaxed to 2,299 documents with any of "http", "doc", "txt" or "oil".
        return _Matches(matched, total, total, False, parsed)
    plain = relaxable(query.q)
    words = content_words(query.q, searcher.schema) if plain else []
    loose = words_query(_scored(query.q, words)) if plain else None
    # Plain words are marked without question words ("what", "did") whether relaxed or not, so a
    # result's document page (highlight_document) marks what its snippet marked.
    marks = marks_query(words) if plain else None
    strict = _Matches(matched, total, total, False, marks if marks is not None else parsed)
    typed = len(query.q.split())
    too_few = total == 0 or (total < RELAX_BELOW and typed >= RELAX_WORDS
                             and _collection_total(ev, parsed, query, mask, total) < RELAX_BELOW)
    prose = total == 0 and not plain and relaxable(query.q, prose=True)
    # A question with a quoted name ('why did "Moulinex" shares fall') needs none of its question
    # words: required, they left it with no results, where the same question unquoted is relaxed.
    # Its phrases and other words are kept, all required; should that find nothing, it is relaxed.
    asked = without_question_words(query.q) if prose else ""
    question = prose and asked != clean_query_text(query.q)
    if question and (found := _asked(searcher, ev, asked, query, mask)) is not None:
        return found
    # A long pasted text is prose even when it carries quotation marks; so is a quotation of a few words
    # that no text has as written (a word misremembered): it found nothing, not the passage nearest it.
    if not too_few or not (plain or (prose and (question or typed >= 2 * RELAX_WORDS or _quotes_a_passage(query.q)))):
        return _unrelaxed(ev, strict, parsed, words, query)
    if not plain:
        words = content_words(query.q, searcher.schema)
        loose = words_query(_scored(query.q, words))
        marks = marks_query(words)
    if loose is None:
        return strict
    loose_terms = list(fastrank.scored_terms(loose))
    loose_scores = ev.score_terms(loose_terms, mask)
    loose_matched = np.flatnonzero(loose_scores > 0)
    if _shown(cols, loose_matched, query.collapse) <= total:
        # Any of the words finds nothing more (a small collection): the query stands as typed.
        return _unrelaxed(ev, strict, parsed, words, query)
    # Feedback terms re-rank; the count and facets stay those of the typed words.
    best = fastrank.top(loose_scores, ranking.FEEDBACK_DOCS)
    weight = ranking.question_weight(loose_terms)
    n = searcher.doc_count_all()
    extra = ranking.feedback_terms(
        best.tolist(), loose_scores[best].tolist(), weight, counts=_body_counts(ev),
        doc_share=lambda word: ev.doc_frequency("body", word) / n,
    )
    # Only where a typed word matched: a document with feedback words alone is not a result.
    feedback = np.where(loose_scores > 0, ev.score_terms(extra, mask), 0.0)
    scores = ranking.fused(loose_scores, feedback, loose_matched)
    scores = _regularised(ev, scores, loose_matched)
    # "All of these words" are the words "Missing:" lists, question words ("why", "did") left out:
    # counted with them, the notice said no document had them all above results missing none.
    described = _described_words(cols, query.q, words)
    complete = _with_every_word(ev, words, described, loose_matched)
    together = _side_by_side(ev, words, scores, complete) if len(complete) > 1 else None
    return _Matches(loose_matched, _shown(cols, loose_matched, query.collapse),
                    _shown(cols, complete, query.collapse), True, marks, scores, complete, words, described,
                    together=together, quoted=_quoted(searcher, ev, query, mask))


def _body_counts(ev: fastrank.Evaluator) -> Callable[[int], dict[str, int]]:
    """A document's body terms with their frequencies: read from the term vectors (stemming the stored
    bodies of feedback's documents again was 1.5 ms of a 10 ms question on the 20k collection), or
    from the stored body where a segment has none."""
    vectors = ev.term_vectors()
    if vectors is not None:
        return vectors.body_counts
    return lambda docnum: Counter(tokens.stems(ev.stored(docnum).get("body") or ""))


def _regularised(ev: fastrank.Evaluator, scores: np.ndarray, among: np.ndarray) -> np.ndarray:
    """A relaxed question's `scores` with those of its best documents of `among` smoothed over their
    similarities (ranking.regularised)."""
    best = among[fastrank.top(scores[among], ranking.REGULARISED_DOCS)].tolist()
    vectors = ev.term_vectors()
    if vectors is not None:
        rows, terms, tfs = vectors.of(best)
        df = vectors.body_df[terms]
    else:  # a segment without term vectors: its documents' stored text stemmed again
        rows, terms, tfs, df = _stemmed_vectors(ev, best)
    out = scores.copy()
    out[best] = ranking.regularised(scores[best], rows, terms, tfs, ranking.idfs(ev.searcher.doc_count_all(), df))
    return out


def _stemmed_vectors(ev: fastrank.Evaluator, docnums: list[int]) -> tuple[np.ndarray, ...]:
    """What term_vectors.Vectors.of gives, and each term's body document frequency, from stored text."""
    rows, numbered, tfs = [], [], []
    numbers: dict[str, int] = {}
    for row, docnum in enumerate(docnums):
        stored = ev.stored(docnum)
        counts = Counter(tokens.stems(stored.get("title") or ""))
        counts.update(tokens.stems(stored.get("body") or ""))
        rows += [row] * len(counts)
        numbered += [numbers.setdefault(term, len(numbers)) for term in counts]
        tfs += counts.values()
    df = np.array([ev.doc_frequency("body", term) for term in numbers], dtype=np.float64)
    terms = np.array(numbered, dtype=np.int64)
    return np.array(rows, dtype=np.int64), terms, np.array(tfs, dtype=np.float64), df[terms]


def _quotes_a_passage(text: str) -> bool:
    """Whether a query quotes RELAX_WORDS words or more: a passage, not a name ("Moulinex", "Korean War")."""
    return len(typed_words(quoted_phrases(text))) >= RELAX_WORDS


def _quoted(searcher: Searcher, ev: fastrank.Evaluator, query: Query, mask: np.ndarray | None) -> int | None:
    """How many documents have a relaxed query's quoted words as written, each phrase side by side (None:
    it quotes none). A misquotation relaxed was told "Only 1 document has all of these words", which a
    fact-checker read as the quotation found, where that document had them scattered."""
    phrases = quoted_phrases(query.q)
    try:
        parsed = parse_query(phrases, _parser(searcher.schema)) if phrases else None
    except QueryError:
        return None  # only very common words quoted: "the"
    return None if parsed is None else _shown(ev.cols, _matching(ev, parsed, mask), query.collapse)


# Names are typed without quotation marks: "Korean War" ranked a wire item on a Korea-U.S. trade war
# above items on the war, "Day of the Sun" an oil find on a sunny day. Of a plain query of this many
# words at most, the best TOGETHER_AMONG results by score that have its words side by side, in the
# order typed, come first. Only the best: each candidate's positions are decoded and compared in Python
# (620 results for "oil prices" on the 20k collection), and the first pages are what the order is for.
# The posting lists' positions are read whole all the same: about 4 ms of a two-word query there.
TOGETHER_WORDS = 6
TOGETHER_AMONG = 100


def _unrelaxed(ev: fastrank.Evaluator, strict: _Matches, parsed: wq.Query, words: list[tuple[str, list[str]]],
               query: Query) -> _Matches:
    """The matches of a query as typed, ranked: by relevance, its words side by side first."""
    return _together_first(ev, strict, parsed, words) if query.sort == "relevance" else strict


def _together_first(ev: fastrank.Evaluator, strict: _Matches, parsed: wq.Query,
                    words: list[tuple[str, list[str]]]) -> _Matches:
    """`strict` with its scores, and those of its best documents that have `words` as a phrase, in the
    title or the body, ranked first."""
    if not 2 <= len(words) <= TOGETHER_WORDS or strict.total < 2:
        return strict
    scores = ev.scores(parsed, strict.matched)
    together = _side_by_side(ev, words, scores, strict.matched)
    if together is None or together.size == strict.matched.size:
        return replace(strict, scores=scores)  # none or all of them: the order is the scores'
    return replace(strict, scores=scores, all_words=together)


def _side_by_side(ev: fastrank.Evaluator, words: list[tuple[str, list[str]]], scores: np.ndarray,
                  among: np.ndarray) -> np.ndarray | None:
    """Those of the best TOGETHER_AMONG of `among` by `scores` that have `words` as a phrase, in the title
    or the body; None if none has, or the words are one or more than TOGETHER_WORDS."""
    if not 2 <= len(words) <= TOGETHER_WORDS:
        return None
    best = np.sort(among[fastrank.top(scores[among], TOGETHER_AMONG)])
    terms = [term for _, word_terms in words for term in word_terms]
    together = np.unique(np.concatenate([ev.phrase(field, terms, best) for field in TEXT_FIELDS]))
    return together if together.size else None


def _named_matches(cols: Columns, named: np.ndarray, query: Query, mask: np.ndarray | None,
                   reference: references.Reference) -> _Matches:
    """The captures a pasted reference names (`named`, docnums), within the filters, as the results:
    nothing is marked in them, and they share one score."""
    matched = named if mask is None else named[mask[named]]
    scores = np.zeros(cols.size, dtype=np.float64)
    scores[matched] = 1.0
    total = _shown(cols, matched, query.collapse)
    return _Matches(matched, total, total, False, wq.NullQuery, scores, named=_shown(cols, named, query.collapse),
                    reference=reference)


def _referenced(searcher: Searcher, cols: Columns, reference: references.Reference) -> np.ndarray:
    """Sorted docnums of the live captures a reference names: those captured from the address, or
    the capture with the id typed, else those with the file name (with or without its ending)."""
    if reference.kind == "address":
        found = list(searcher.document_numbers(address=reference.key))
        if not found and (own := references.document_link(reference.text)):
            # A link to a document page of this service ("http://host/doc/0005/reuters-5370.txt?q=oil").
            found = [d for d in [searcher.document_number(id=own)] if d is not None]
        if not found and "://" not in reference.text:
            # A site mirrored with wget has captures named by their address ("www.kcna.kp/en/….html").
            found = [d for doc_id in (reference.text, *(reference.text + e for e in references.CAPTURE_ENDINGS))
                     if (d := searcher.document_number(id=doc_id)) is not None]
    else:
        key = reference.key
        ids = [key, *(key + ending for ending in references.CAPTURE_ENDINGS if not reference.ending)]
        found = [d for doc_id in ids if (d := searcher.document_number(id=doc_id)) is not None]
        if not found and "/" not in key:
            found = [d for doc_id in _file_names(searcher, cols).get(key.lower(), [])
                     if (d := searcher.document_number(id=doc_id)) is not None]
    docs = np.unique(np.asarray(found, dtype=np.int64))
    return docs[cols.live[docs]] if docs.size else docs


_FILE_NAMES: dict[int, tuple[Columns, dict[str, list[str]]]] = {}


def _file_names(searcher: Searcher, cols: Columns) -> dict[str, list[str]]:
    """references.file_names of the generation's ids, made once per generation (its columns)."""
    cached = _FILE_NAMES.get(id(cols))
    if cached is None or cached[0] is not cols:
        if len(_FILE_NAMES) > 2:
            _FILE_NAMES.clear()
        ids = [term.decode("utf-8") if isinstance(term, bytes) else term for term in searcher.reader().lexicon("id")]
        cached = _FILE_NAMES[id(cols)] = (cols, references.file_names(ids))
    return cached[1]


def _collection_total(ev: fastrank.Evaluator, parsed: wq.Query, query: Query, mask: np.ndarray | None,
                      total: int) -> int:
    """Results of the typed words without the filters (`total`: with them). Too few to answer a question
    is judged over the collection, as its facets are counted: a question with 19 results, 1 of them in
    February, was relaxed under from=February to 47, which its February bar had counted as 1."""
    if mask is None:
        return total
    return _shown(ev.cols, _matching(ev, parsed, None), query.collapse)


def _asked(searcher: Searcher, ev: fastrank.Evaluator, text: str, query: Query,
           mask: np.ndarray | None) -> _Matches | None:
    """The matches of `text`, a question without its question words, scored; None if it finds nothing."""
    try:
        parsed = parse_query(text, _parser(searcher.schema))
    except QueryError:
        return None  # nothing left but quotation marks
    if parsed is None:
        return None
    matched = _matching(ev, parsed, mask)
    if not matched.size:
        return None
    total = _shown(ev.cols, matched, query.collapse)
    return _Matches(matched, total, total, False, parsed, ev.scores(parsed, matched))


def _with_every_word(ev: fastrank.Evaluator, words: list[tuple[str, list[str]]], described: dict[str, np.ndarray],
                     docs: np.ndarray) -> np.ndarray:
    """The docnums of `docs` that have every one of a question's content words (_has_word)."""
    for word, terms in words:
        docs = docs[_has_word(ev, terms, docs, described.get(word.lower()), solid_term(word), other_spelling(terms))]
        if not docs.size:  # a long pasted text: usually after a few of its words
            break
    return docs


def _all_words_count(ev: fastrank.Evaluator, schema: Schema, text: str, asked: str, mask: np.ndarray | None,
                     collapse: bool) -> int:
    """How many results have every content word of `text`, a respelling of the question `asked`, as
    a relaxed question's all-words count is made (see _search). A respelling into a question word
    finds none: it would only drop the word ("Kim Jong Um" is not "Kim Jong Up", "up" left out)."""
    words = content_words(text, schema)
    loose = words_query(_scored(text, words))
    dropped = {word.lower() for word in typed_words(text)} - {word.lower() for word, _ in words}
    if loose is None or dropped - {word.lower() for word in typed_words(asked)}:
        return 0
    docs = _with_every_word(ev, words, _described_words(ev.cols, text, words), ev.docs(loose, mask))
    return _shown(ev.cols, docs, collapse)


def _scored(text: str, words: list[tuple[str, list[str]]]) -> list[tuple[str, list[str]]]:
    """The content words a relaxed question is scored by: all but a day's number ("25" of "March 25",
    "1987-03-25"), which says nothing of a document but its date (_described_words): scored, it
    ranked USDA tables full of 25s first for "what happened to the dollar on March 25 1987"."""
    days = {word for word, period in dates.periods_named(typed_words(text)).items() if period.day}
    return [(word, terms) for word, terms in words if word.lower() not in days] if days else words


def _described_words(cols: Columns, text: str, words: list[tuple[str, list[str]]]) -> dict[str, np.ndarray]:
    """Each content word of a question that its documents' metadata answers → which documents have it
    there: a date word ("1987", "March" of "March 1987") the documents dated then, the words of a
    source's name typed in a row ("KCNA", "Rodong Sinmun") that source's documents. A wire item
    seldom writes its own date, nor a paper its own name: "why did coffee prices fall in March 1987"
    listed the item of March 3, 1987 as "Missing: march, 1987", under items that merely mention the
    year, and "what did Rodong Sinmun say about ..." listed every Rodong Sinmun item as "Missing:
    Rodong, Sinmun"."""
    content = {word.lower() for word, _ in words}
    typed = typed_words(text)
    out = {word: cols.dated(period.year, period.month, period.day)
           for word, period in dates.periods_named(typed).items() if word in content}
    low = [word.lower() for word in typed]
    for name in cols.sources():
        parts = [part.lower() for part in typed_words(name)]
        if not parts or not set(parts) <= content:
            continue
        if any(low[i : i + len(parts)] == parts for i in range(len(low) - len(parts) + 1)):
            published = cols.from_source(name)
            for part in parts:
                out[part] = out[part] | published if part in out else published
    return out


def _matched_by(text: str, described: dict[str, np.ndarray], docnums: list[int]) -> list[tuple[str, ...]]:
    """For each document, which of its date and source answered words of the question `text`
    (_described_words): "date" for a date word ("March 1987"), "source" for a source's name."""
    dated = set(dates.periods_named(typed_words(text))) & set(described)
    out = []
    for docnum in docnums:
        kinds = {"date" if word in dated else "source" for word, has in described.items() if has[docnum]}
        out.append(tuple(kind for kind in ("date", "source") if kind in kinds))
    return out


def _missing(ev: fastrank.Evaluator, words: list[tuple[str, list[str]]], docnums: list[int],
             described: dict[str, np.ndarray]) -> list[tuple[str, ...]]:
    """For each document, the typed words (each once, in the order typed) it lacks (_has_word)."""
    out: list[list[str]] = [[] for _ in docnums]
    for word, found in _found_words(ev, words, np.asarray(docnums), described):
        for i in np.flatnonzero(~found).tolist():
            out[i].append(word)
    return [tuple(words) for words in out]


def _found_words(ev: fastrank.Evaluator, words: list[tuple[str, list[str]]], docs: np.ndarray,
                 described: dict[str, np.ndarray]) -> Iterator[tuple[str, np.ndarray]]:
    """Each typed word (once, in the order typed) and whether each of `docs` has it (_has_word)."""
    seen: set[str] = set()
    for word, terms in words:
        if word.lower() not in seen:
            seen.add(word.lower())
            yield word, _has_word(ev, terms, docs, described.get(word.lower()), solid_term(word), other_spelling(terms))


# A verb's term → the terms of past forms that count as having it (verbs.COUNTED): "say" → "said".
_COUNTED = {tokens.stem(verb): tuple(map(tokens.stem, past)) for verb, past in verbs.COUNTED.items()}


def _has_word(ev: fastrank.Evaluator, terms: list[str], docs: np.ndarray,  # noqa: PLR0913
              described: np.ndarray | None = None, solid: str | None = None,
              other: list[str] | None = None) -> np.ndarray:
    """Whether each of `docs` has a typed word: its term (or a past form verbs.COUNTED counts), or
    every term of a word the index splits, or for a word typed with hyphens its `solid` spelling's
    term (queryparse.solid_term), or every term of its other sources' spelling (`other`:
    queryparse.other_spelling: KCNA's "Hwasongpho-18" for "Hwasong-18", "Jong Un" for "Jongun"); a
    word of a date or source (`described`: the documents whose metadata has it, _described_words)
    also there."""
    found = ev.contain(terms[0], docs)
    for past in _COUNTED.get(terms[0], ()) if len(terms) == 1 else ():
        found |= ev.contain(past, docs)
    for term in terms[1:]:
        found &= ev.contain(term, docs)
    if solid is not None and solid not in terms:
        found |= ev.contain(solid, docs)
    if other is not None:
        spelled = ev.contain(other[0], docs)
        for term in other[1:]:
            spelled &= ev.contain(term, docs)
        found |= spelled
    return found if described is None else found | described[docs]


def _date_order(ev: fastrank.Evaluator, m: _Matches, docs: np.ndarray, *, newest: bool) -> np.ndarray:
    """`docs` by date; for a relaxed question, those with more of its words before those with fewer
    (with no score to order by, one word of a long question would otherwise lead: "fall" for "why
    did the dollar fall against the yen")."""
    order = ev.cols.by_date(docs, newest=newest)
    if not m.relaxed or not order.size:
        return order
    counts = np.zeros(order.size, np.int64)
    for _, found in _found_words(ev, m.words, order, m.described):
        counts += found
    return order[np.argsort(-counts, kind="stable")]


def _ranking_key(scores: np.ndarray, ahead: np.ndarray | None, first: np.ndarray | None = None) -> np.ndarray:
    """Scores to order by: those of the docnums `ahead` lifted above every other, and of those the docnums
    `first` above the rest of them, each part keeping its order."""
    if ahead is None or not ahead.size:
        return scores
    key = scores.copy()
    top = scores.max()
    key[ahead] += top
    if first is not None:
        key[first] += top
    return key


def _matching(ev: fastrank.Evaluator, parsed: wq.Query, mask: np.ndarray | None) -> np.ndarray:
    """Docnums of every live document matching `parsed` and the filters."""
    try:
        return ev.docs(parsed, mask)
    except (ValueError, TypeError, AttributeError, IndexError, KeyError, AssertionError) as exc:
        # Whoosh raises these on query shapes it cannot run; the user can rephrase.
        raise QueryError(f"the query could not be run ({exc.__class__.__name__}); simplify it") from exc


def _page_by_scores(stored_of: StoredOf, cols: Columns, scores: np.ndarray, matched: np.ndarray, query: Query, *,
                    ahead: np.ndarray | None = None, first: np.ndarray | None = None) -> list[tuple[int, float]]:
    """(docnum, score) of the requested page (see _by_scores)."""
    start, need = (query.page - 1) * query.per_page, query.page * query.per_page
    return _by_scores(stored_of, cols, scores, matched, collapse=query.collapse, ahead=ahead, first=first,
                      need=need)[start:]


def _by_scores(stored_of: StoredOf, cols: Columns, scores: np.ndarray, matched: np.ndarray, *, collapse: bool,
               ahead: np.ndarray | None = None, first: np.ndarray | None = None,
               need: int | None = None) -> list[tuple[int, float]]:
    """(docnum, score) of the first `need` results (None: every one), best first, the docnums `ahead`
    before the others (and of them the docnums `first`, a subset, before the rest); collapsed, a group
    shows its earliest matching copy with its best copy's score. The pages and the exports both list
    this, so that they list the same."""
    shown_scores, scores = scores, _ranking_key(scores, ahead, first)
    candidates = np.flatnonzero(scores > 0)
    # Only the best few need sorting; with collapsing, a generous margin usually covers the page.
    want = candidates.size if need is None else need * 4 if collapse else need
    if candidates.size > want:
        # Every candidate scoring at least the want-th best: argpartition picks among equal scores in
        # no fixed order, and each page (a different `want`) picked its own, so a document tied with
        # others (a source: query, copies of one text) showed on two pages or on none.
        threshold = -np.partition(-scores[candidates], want - 1)[want - 1]
        best_few = candidates[scores[candidates] >= threshold]
        order = best_few[np.lexsort((best_few, -scores[best_few]))]
        if collapse and cols.group_count(order) < need:
            order = candidates[np.lexsort((candidates, -scores[candidates]))]
    else:
        order = candidates[np.lexsort((candidates, -scores[candidates]))]
    if not collapse:
        return [(int(d), float(shown_scores[d])) for d in order[:need]]
    best = _best_copies(cols, order)[:need]
    shown = _shown_copies(stored_of, cols, matched, best, ahead)
    return list(zip(shown.tolist(), shown_scores[best].tolist(), strict=True))


def _best_copies(cols: Columns, order: np.ndarray) -> np.ndarray:
    """The first docnum of each near-duplicate group in `order`, in that order."""
    _, first = np.unique(cols.group.codes[order], return_index=True)
    return order[np.sort(first)]


def _shown_copies(stored_of: StoredOf, cols: Columns, matched: np.ndarray, best: np.ndarray,
                  ahead: np.ndarray | None) -> np.ndarray:
    """The copy that shows each group of `best`: its earliest in `matched`."""
    codes = cols.group.codes[best]
    members = matched[np.isin(cols.group.codes[matched], codes)]
    shown = _least_ids(stored_of, cols, _earliest(cols, members, codes), members)
    if ahead is not None and ahead.size:
        # Ranked with the copies that have every word: shown by one of those, not by an earlier
        # copy that lacks a word (a shortened signatory list, say).
        lifted = np.isin(best, ahead)
        if lifted.any():
            pool = members[np.isin(members, ahead)]
            shown[lifted] = _least_ids(stored_of, cols, _earliest(cols, pool, codes[lifted]), pool)
    return shown


def _least_ids(stored_of: StoredOf, cols: Columns, shown: np.ndarray, pool: np.ndarray) -> np.ndarray:
    """Each of `shown` (its group's earliest copy in `pool`), or of the copies in `pool` dated the same
    day as it, the one with the least id. The columns break a tie of dates by docnum, and group_name by
    id; docnums follow ids neither after an update (a new copy is numbered last) nor in a full build
    (its shares take captures in turn), so a result was one copy and its group named after another,
    listed among its copies. Only the tied copies' stored fields are read."""
    out = shown.copy()
    in_pool: np.ndarray | None = None
    for i, docnum in enumerate(shown.tolist()):
        if cols.group_size(docnum) <= 1:
            continue
        members = cols.group_members(docnum)
        tied = members[cols.chrono[members] == cols.chrono[docnum]]
        if tied.size <= 1:
            continue
        if in_pool is None:
            in_pool = np.zeros(cols.size, dtype=bool)
            in_pool[pool] = True
        tied = tied[in_pool[tied]]
        if tied.size > 1:
            out[i] = min(tied.tolist(), key=lambda d: stored_of(int(d))["id"])
    return out


def _earliest(cols: Columns, docnums: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """The earliest of `docnums` in each group of `codes` (each group has one among them)."""
    firsts = cols.representatives(docnums)  # in order of group code
    return firsts[np.searchsorted(cols.group.codes[firsts], codes)]


def _page_by_date(ev: fastrank.Evaluator, m: _Matches, query: Query, sort: str) -> list[tuple[int, float | None]]:
    """(docnum, None) of the requested page by date (see _by_date)."""
    first, need = (query.page - 1) * query.per_page, query.page * query.per_page
    page = _by_date(ev, m, collapse=query.collapse, newest=sort == "newest")[first:need]
    if query.collapse:  # named as group_name names the group (ordered by the copy the columns chose)
        page = _least_ids(ev.stored, ev.cols, page, m.matched)
    return [(int(d), None) for d in page]


def _by_date(ev: fastrank.Evaluator, m: _Matches, *, collapse: bool, newest: bool) -> np.ndarray:
    """Every result's docnum by date; collapsed, a group shows its earliest matching copy."""
    pool = ev.cols.representatives(m.matched) if collapse else m.matched
    return _date_order(ev, m, pool, newest=newest)


def _shown(cols: Columns, matched: np.ndarray, collapse: bool) -> int:
    """How many results `matched` makes: one per near-duplicate group when collapsing."""
    return cols.group_count(matched) if collapse else int(matched.size)


def iter_matches(index: LiveIndex, query: Query) -> Iterator[Hit]:
    """Every result of `query` (no paging) as its pages list them, without snippets: for exports."""
    validate(query)
    searcher = index.searcher()
    cols = index.columns()
    reference = references.of_query(query.q)
    _, parsed, sort = _prepared(searcher, cols, query, reference)
    ev = fastrank.Evaluator(searcher, cols, index.postings_cache())
    m = _match(searcher, ev, parsed, query, cols.mask(query.source, query.date_from, query.date_to), reference)
    id_of = _ids_of(searcher)
    if sort == "relevance":
        scores = m.scores if m.scores is not None else ev.scores(parsed, m.matched)
        ranked = _by_scores(id_of, cols, scores, m.matched, collapse=query.collapse,
                            ahead=m.all_words, first=m.together)
    else:
        by_date = _by_date(ev, m, collapse=query.collapse, newest=sort == "newest")
        if query.collapse:  # as _page_by_date
            by_date = _least_ids(id_of, cols, by_date, m.matched)
        ranked = [(d, 0.0) for d in by_date.tolist()]
    docnums = [docnum for docnum, _ in ranked]
    lacking = _missing(ev, m.words, docnums, m.described) if m.relaxed else None
    names: dict[int, str] = {}
    for i, (docnum, score) in enumerate(ranked):
        stored = searcher.stored_fields(docnum)
        group = group_name(id_of, cols, docnum, stored, names)
        hit = to_hit(stored, score=score, snippet="", group=group)
        yield hit if lacking is None else replace(hit, missing=lacking[i])


def _ids_of(searcher: Searcher) -> StoredOf:
    """A lookup of documents' ids (as {"id": ...}), each read once, for the copy a collapsed result shows
    and its group's name: an export read the same tied copies for both, 33,811 stored documents for
    14,392 results. Only the ids are kept, so a whole collection's export holds no bodies."""
    ids: dict[int, dict] = {}

    def id_of(docnum: int) -> dict:
        found = ids.get(docnum)
        if found is None:
            found = ids[docnum] = {"id": searcher.stored_fields(docnum)["id"]}
        return found

    return id_of


def get_document(index: LiveIndex, doc_id: str) -> Document:
    """One stored document by id; DocumentNotFound if the index has none with that id."""
    searcher = index.searcher()
    stored = searcher.document(id=doc_id)
    # An id is a file name as its folder wrote it: a Mac's decomposed ü, or the composed one typed elsewhere.
    for form in ("NFC", "NFD"):
        if stored is None and (other := unicodedata.normalize(form, doc_id)) != doc_id:
            stored = searcher.document(id=other)
    if stored is None:
        raise DocumentNotFound(f"no document with id {doc_id!r}")
    return to_document(stored)


def highlight_document(index: LiveIndex, doc: Document, q: str) -> tuple[str, str]:
    """(title HTML, body HTML) of a document with the words of query `q` marked; both escaped."""
    searcher = index.searcher()
    analyzer = searcher.schema["body"].analyzer
    marked = _Marks(set(), [], frozenset(), frozenset())
    if q.strip():
        try:
            # As _match searches a question with a quoted name: without its question words.
            parsed = parse_query(without_question_words(q) if relaxable(q, prose=True) else q, _parser(searcher.schema))
        except QueryError:
            parsed = None  # a bad query on a document page just highlights nothing
        if parsed is not None:
            # As _search marks them: plain words without question words.
            marks = marks_query(content_words(q, searcher.schema)) if relaxable(q) else None
            marked = _highlight_terms(searcher, marks if marks is not None else parsed)
    title, body = marked.whole(doc.title, analyzer), marked.whole(doc.body, analyzer)
    if "<mark>" not in body and "<mark>" not in title and q.strip() and relaxable(q, prose=True):
        # A quotation no text has as written is relaxed to its words (_match), which its results'
        # snippets mark: the page of each marked nothing, its phrase being nowhere in it.
        words = marks_query(content_words(q, searcher.schema))
        if words is not None:
            marked = _highlight_terms(searcher, words)
            title, body = marked.whole(doc.title, analyzer), marked.whole(doc.body, analyzer)
    return title, body


def related(index: LiveIndex, doc_id: str, *, limit: int = 5) -> list[Copy]:
    """Documents most like this one (key terms of its body), not counting its own copies."""
    searcher = index.searcher()
    docnum = searcher.document_number(id=doc_id)
    if docnum is None:
        raise DocumentNotFound(f"no document with id {doc_id!r}")
    own_group = searcher.stored_fields(docnum).get("group")
    out: list[Copy] = []
    seen_groups = {own_group}
    # Whoosh's key terms (Bo1) of its body, ranked in numpy: Whoosh's more_like ran the same OR
    # query through its own matchers, about 100 ms a document page at 20k documents.
    key_terms = searcher.key_terms([docnum], "body", numterms=RELATED_TERMS)
    scores = fastrank.Evaluator(searcher, index.columns(), index.postings_cache()).score_terms(
        [("body", word, weight) for word, weight in key_terms]
    )
    scores[docnum] = 0.0
    for other in fastrank.top(scores, limit * 4).tolist():
        stored = searcher.stored_fields(other)
        if stored.get("group") in seen_groups:
            continue  # its own duplicates, and one entry per other group
        seen_groups.add(stored.get("group"))
        out.append(to_copy(stored))
        if len(out) >= limit:
            break
    return out


def document_copies(index: LiveIndex, doc_id: str) -> tuple[Copy, ...]:
    """The other captures in this document's near-duplicate group, earliest first."""
    searcher = index.searcher()
    docnum = searcher.document_number(id=doc_id)
    if docnum is None:
        raise DocumentNotFound(f"no document with id {doc_id!r}")
    return copies_of(searcher.stored_fields, index.columns(), docnum, searcher.stored_fields(docnum))


def document_count(index: LiveIndex) -> int:
    return index.searcher().doc_count()


# Said where a search finds nothing because the index has nothing: "Try fewer words, OR between
# alternatives" sent the reader of a first build of an empty raw folder after their words.
EMPTY_INDEX_NOTICE = (
    "The index holds no documents yet: put page captures (.txt, .html, .mhtml or .webarchive files) in the "
    "raw folder and run `searchsvc index`."
)


def empty_index_notice(index: LiveIndex, results: SearchResults) -> str:
    """EMPTY_INDEX_NOTICE where `results` found nothing because the index holds nothing, else ""."""
    return EMPTY_INDEX_NOTICE if not results.total and not document_count(index) else ""


_PARSERS: dict[int, tuple[Schema, QueryParser]] = {}


def _parser(schema: Schema) -> QueryParser:
    # One parser per schema object (one per opened generation); building one costs ~1 ms.
    cached = _PARSERS.get(id(schema))
    if cached is None or cached[0] is not schema:
        if len(_PARSERS) > 8:
            _PARSERS.clear()
        cached = _PARSERS[id(schema)] = (schema, make_parser(schema))
    return cached[1]


MAX_EXPANSIONS = 5000  # words one wildcard may stand for


def _prepared(searcher: Searcher, cols: Columns, query: Query,
              reference: references.Reference | None) -> tuple[QueryParser, wq.Query, str]:
    """The parser, the query parsed and checked (wildcard expansions, source names), and the order:
    a query of no words matches every document, newest first when asked for relevance, as do the
    matches of a query with no word to rank by."""
    parser = _parser(searcher.schema)
    # A web address's words are searched as the phrase they are: its brackets, stars and colons are
    # the address's, not the query syntax's ("http://example.com/a_(b" was "a '(' is not closed").
    text = f'"{reference.text}"' if reference is not None and reference.kind == "address" else query.q
    parsed = parse_query(text, parser)
    _check_expansions(searcher, parsed)
    _check_sources(cols, query.source, parsed, query.q)
    if parsed is None:
        return parser, wq.Every(), "newest" if query.sort == "relevance" else query.sort  # nothing to rank by
    if query.sort == "relevance" and not fastrank.ranks(parsed):
        # source:kcna alone ties every match, which then came in the order of their file paths; the
        # source filter lists the same documents newest first.
        return parser, parsed, "newest"
    return parser, parsed, query.sort


def _check_sources(cols: Columns, source: str | None, parsed: wq.Query | None, typed: str = "") -> None:
    """QueryError naming the sources there are when the filter or a source: term names none of them:
    "rodong" for "Rodong Sinmun" found nothing, and the page blamed the words. A source: term is named
    as `typed` writes it (the parser lowercases it)."""
    names = cols.sources()
    if not names:
        return  # a collection without sources: nothing to name
    wanted = [source] if source and source.strip() else []
    if parsed is not None:
        wanted += [_as_typed(text, typed) for field, text in parsed.iter_all_terms()
                   if field == "source" and isinstance(text, str)]
    for name in wanted:
        if not name.strip():
            # 'source:""': every name contains '', and each was offered as what was meant.
            listed = sorted(names, key=str.lower)
            example = next((n for n in listed if " " in n), listed[0])
            raise QueryError(f"'source:' needs a name in its quotes, as in source:\"{example}\"")
        if not cols.has_source(name):
            raise QueryError(_unknown_source(name.strip(), names))


def _as_typed(term: str, typed: str) -> str:
    """`term` as `typed` writes it, where it does with other capitals ("Korea Times" for "korea times")."""
    at = typed.lower().find(term.lower())
    found = typed[at : at + len(term)] if at >= 0 else ""
    return found if found.lower() == term.lower() else term


MAX_SOURCES_NAMED = 8


def _unknown_source(name: str, names: list[str]) -> str:
    low = name.lower()
    close = [n for n in names if low in n.lower()] or difflib.get_close_matches(name, names, n=3, cutoff=0.6)
    if close:
        return f"no source is named {name[:60]!r}; use its name as published: {' or '.join(repr(n) for n in close[:3])}"
    listed = sorted(names, key=str.lower)
    more = f" and {len(listed) - MAX_SOURCES_NAMED} more" if len(listed) > MAX_SOURCES_NAMED else ""
    return f"no source is named {name[:60]!r}; use one of {', '.join(listed[:MAX_SOURCES_NAMED])}{more}"


def _check_expansions(searcher: Searcher, parsed: wq.Query | None) -> None:
    """QueryError when a wildcard would expand to so many words that one request could take seconds."""
    if parsed is None:
        return
    reader = searcher.reader()
    for leaf in parsed.leaves():
        if isinstance(leaf, wq.MultiTerm):
            for n, _ in enumerate(leaf._btexts(reader), 1):
                if n > MAX_EXPANSIONS:
                    raise QueryError(
                        f"{leaf.text}* matches more than {MAX_EXPANSIONS} different words; add letters before the *"
                    )


def _count(ev: fastrank.Evaluator, parser: QueryParser, text: str, mask: np.ndarray | None, collapse: bool) -> int:
    parsed = parse_query(text, parser)
    return 0 if parsed is None else _shown(ev.cols, _matching(ev, parsed, mask), collapse)


@dataclass(frozen=True)
class _Marks:
    """What snippets and highlighted text mark for a query (see _highlight_terms)."""

    terms: set[str]
    phrases: list[tuple[str, ...]]
    bound: frozenset[str]
    prefixes: frozenset[str]

    def snippet(self, text: str, analyzer) -> str:  # noqa: ANN001
        return highlight.snippet(text, self.terms, analyzer, phrases=self.phrases, bound=self.bound,
                                 prefixes=self.prefixes)

    def whole(self, text: str, analyzer) -> str:  # noqa: ANN001
        return highlight.highlight_all(text, self.terms, analyzer, phrases=self.phrases, bound=self.bound,
                                       prefixes=self.prefixes)


def _highlight_terms(searcher: Searcher, parsed: wq.Query) -> _Marks:
    """Analysed words of the query in the text fields (not under NOT), other wildcards expanded; the
    analysed words of each of its phrases in the body (a snippet shows one where it can); the
    words it has only inside phrases, to be marked only there; and its prefixes ("solidar*"),
    whose words are marked whatever they are."""
    reader = searcher.reader()
    terms: set[str] = set()
    prefixes: set[str] = set()
    phrases: list[tuple[str, ...]] = []
    in_phrases: set[str] = set()

    def walk(q: wq.Query) -> None:
        if isinstance(q, wq.Not):
            return
        if isinstance(q, wq.AndNot):
            walk(q.a)
            return
        if isinstance(q, wq.Prefix) and q.field() in TEXT_FIELDS:
            # Its first 100 words alone (in alphabetical order) marked nothing in many results of a
            # broad one: "tr*" found "TRW INC" and "Glenmede Trust Co" with no mark.
            prefixes.add(q.text)
            return
        if isinstance(q, wq.MultiTerm) and q.field() in TEXT_FIELDS:
            for i, word in enumerate(q._btexts(reader)):
                if i >= 100:  # a broad wildcard: enough to show why it matched
                    break
                terms.add(word.decode("utf-8") if isinstance(word, bytes) else word)
            return
        if q.is_leaf():
            if isinstance(q, wq.Phrase) and q.fieldname == "body" and tuple(q.words) not in phrases:
                phrases.append(tuple(q.words))
            found = terms if not isinstance(q, wq.Phrase) else in_phrases
            for field, text in q.iter_all_terms():
                if field in TEXT_FIELDS:
                    found.add(text.decode("utf-8") if isinstance(text, bytes) else text)
            return
        for child in q.children():
            walk(child)

    walk(parsed)
    bound = frozenset(in_phrases - terms)
    return _Marks(terms | in_phrases, phrases, bound, frozenset(prefixes))


def _facet_order(name: str):  # noqa: ANN202
    if name in ("year", "month"):
        return lambda kv: kv[0]  # chronological
    return lambda kv: (-kv[1], str(kv[0]).lower())  # biggest first


def _to_hit(stored_of: StoredOf, cols: Columns, docnum: int, score: float | None, marks: _Marks,  # noqa: PLR0913
            analyzer) -> Hit:  # noqa: ANN001
    stored = stored_of(docnum)
    snippet = marks.snippet(stored.get("body", ""), analyzer)
    title_html = marks.whole(stored.get("title", ""), analyzer)
    group = group_name(stored_of, cols, docnum, stored, {})
    return to_hit(stored, score=float(score or 0.0), snippet=snippet, group=group,
                  copies=copies_of(stored_of, cols, docnum, stored), title_html=title_html)


# A document's stored fields by docnum: a searcher's stored_fields, or a request's memo of them
# (fastrank.Evaluator.stored), so that naming a hit's group and listing its copies read each copy once.
StoredOf = Callable[[int], dict]


def group_name(stored_of: StoredOf, cols: Columns, docnum: int, stored: dict, names: dict[int, str]) -> str:
    """What a document's near-duplicate group is called: the id of its earliest copy (undated last,
    then the least id). The index stores only a key the copies share (see indexer._group_keys), so
    that an update need not rewrite a group whose earliest copy went. `names` caches it per group."""
    if cols.group_size(docnum) <= 1:
        return stored["id"]
    code = int(cols.group.codes[docnum])
    if code not in names:
        members = cols.group_members(docnum)
        chrono = cols.chrono[members]
        names[code] = min(stored_of(int(m))["id"] for m in members[chrono == chrono.min()])
    return names[code]


def copies_of(stored_of: StoredOf, cols: Columns, docnum: int, stored: dict) -> tuple[Copy, ...]:
    """The other members of a document's near-duplicate group, earliest first (undated last)."""
    if cols.group_size(docnum) <= 1 or not stored.get("group"):
        return ()
    copies = [to_copy(stored_of(int(other))) for other in cols.group_members(docnum) if other != docnum]
    return tuple(sorted(copies, key=lambda c: (c.date is None, c.date or date.min, c.id)))
