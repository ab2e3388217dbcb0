"""Deterministic synthetic news documents, for benchmarks and tests when no real corpus is at hand.

    from searchsvc.synthetic import generate
    records = generate(2000, seed=7)   # list of dicts: id, title, date, source, url, body

The same (n, seed) always gives the same records. Words follow a Zipfian distribution over a
vocabulary of real news words plus pronounceable made-up ones (the long tail), so one-word and
two-word queries have realistic selectivity; each document leans on one or two topics, so words
co-occur the way they do in news. Dates spread over 2015–2024 (about 2% undated), ten sources
with unequal shares, bodies of 150–600 words in paragraphs separated by "\\n".
"""

from __future__ import annotations

import itertools
import random
from datetime import date, timedelta
from typing import Any

RECORD_KEYS = ("id", "title", "date", "source", "url", "body")

SOURCES = (
    ("Daily Ledger", "dailyledger.example", 22),
    ("Morning Wire", "morningwire.example", 17),
    ("Capital Gazette", "capitalgazette.example", 13),
    ("Harbor Times", "harbortimes.example", 11),
    ("North Star News", "northstarnews.example", 9),
    ("Eastern Courier", "easterncourier.example", 8),
    ("Valley Tribune", "valleytribune.example", 7),
    ("Global Dispatch", "globaldispatch.example", 6),
    ("Pacific Observer", "pacificobserver.example", 4),
    ("The Evening Post", "eveningpost.example", 3),
)

FIRST_DAY = date(2015, 1, 1)
DAYS = (date(2024, 12, 31) - FIRST_DAY).days
UNDATED_SHARE = 0.02
BODY_WORDS = (150, 600)
ZIPF_S = 1.07
TAIL_WORDS = 20_000  # made-up words after the real ones

_FUNCTION_WORDS = (
    "the of and to in a that for on is was with said by as at from it be has have are were its an "
    "which will not but this had their after also they been more would who than year about over two "
    "new into up there could last other some first all when can three out one may while under between"
).split()

# Real news vocabulary, roughly from common to rare (the Zipf ranks follow this order).
_NEWS_WORDS = (
    "government minister president people country percent market week officials state company "
    "police city report workers bank million national party talks election economy trade prices "
    "billion council court security plan support region military minister's agreement policy public "
    "growth leaders health forces program industry energy oil water power farmers schools students "
    "hospital villages border conference committee union development project investment exports imports "
    "shares profit losses revenue quarter dividend interest rates inflation budget deficit taxes reform "
    "law rights protest strike vote campaign candidate parliament senate cabinet ministry agency "
    "spokesman statement announcement meeting summit delegation visit envoy treaty sanctions army navy "
    "missile defense attack troops soldiers ceasefire peace war conflict refugees aid relief disaster "
    "flood earthquake storm drought harvest crop wheat rice corn coffee sugar cotton steel coal gas "
    "gold copper factory plant production output demand supply shipping port railway airport highway "
    "bridge construction housing land property tourism culture festival museum film music sport team "
    "match championship coach players season record science research university technology software "
    "internet data satellite space climate emissions pollution forest river ocean fishing wildlife "
    "vaccine disease virus doctors patients medicine insurance pension wages jobs unemployment labor "
    "contract merger acquisition stake shareholders board chairman executive director manager investors "
    "bonds currency dollar yen euro exchange stocks index futures commodity auction tender loan debt "
    "credit lending mortgage savings deposits reserves audit fraud corruption trial judge verdict "
    "sentence prison arrest investigation evidence witness lawyer appeal ruling constitution amendment "
    "referendum coalition opposition majority minority province capital district mayor governor "
    "ambassador embassy consulate foreign domestic regional local federal central northern southern "
    "eastern western coastal rural urban industrial agricultural financial economic political social "
    "cultural scientific technical medical legal military naval nuclear solar wind electric digital "
    "friendship cooperation solidarity exchange anniversary ceremony celebration delegation congress "
    "revolution independence sovereignty unification reunification peninsula alliance partnership "
    "initiative strategy framework mechanism dialogue negotiation proposal resolution declaration"
).split()

_SYLLABLES = (
    "ka to ri ne mo sa lu ve da pi ro ten mar sel bor qui lan dre fos gal hul jin kor lem nav "
    "pol rus sto tam vin zel bar cor dun fel gor hen kal lor mun nor pra sen tor val wen yor"
).split()

_QUESTION_LEADS = ("Why", "How", "What", "Where", "When")


def _tail_words(rng: random.Random, count: int, taken: set[str]) -> list[str]:
    words: list[str] = []
    while len(words) < count:
        word = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))
        if word not in taken:
            taken.add(word)
            words.append(word)
    return words


class _Model:
    """Vocabulary, Zipf weights, topics and sources derived from the seed."""

    def __init__(self, seed: int) -> None:
        rng = random.Random(f"searchsvc-synthetic-vocab-{seed}")
        seen: set[str] = set()
        real = [w for w in _NEWS_WORDS if not (w in seen or seen.add(w))]
        self.vocab = real + _tail_words(rng, TAIL_WORDS, set(real))
        self.cum = list(itertools.accumulate(1.0 / (rank**ZIPF_S) for rank in range(1, len(self.vocab) + 1)))
        # 300 topics of 12 words each, drawn from the middle of the distribution (specific, not rare).
        middle = self.vocab[40:6000]
        self.topics = [rng.sample(middle, 12) for _ in range(300)]
        self.source_cum = list(itertools.accumulate(weight for _, _, weight in SOURCES))


def _sentence(rng: random.Random, model: _Model, topic_words: list[str]) -> str:
    length = rng.randint(8, 22)
    content = rng.choices(model.vocab, cum_weights=model.cum, k=length)
    words: list[str] = []
    for word in content:
        roll = rng.random()
        if roll < 0.42:
            words.append(rng.choice(_FUNCTION_WORDS))
        if roll > 0.78 and topic_words:
            word = rng.choice(topic_words)
        words.append(word)
    words[0] = words[0].capitalize()
    return " ".join(words) + "."


def _record(i: int, seed: int, model: _Model) -> dict[str, Any]:
    rng = random.Random(f"searchsvc-synthetic-{seed}-{i}")
    topic_words = list(rng.choice(model.topics))
    if rng.random() < 0.4:
        topic_words += rng.choice(model.topics)
    target = rng.randint(*BODY_WORDS)
    paragraphs: list[str] = []
    words = 0
    while words < target:
        sentences = [_sentence(rng, model, topic_words) for _ in range(rng.randint(2, 5))]
        paragraph = " ".join(sentences).split(" ")[: target - words]
        words += len(paragraph)
        paragraphs.append(" ".join(paragraph).rstrip(".") + ".")
    title_words = [rng.choice(topic_words) for _ in range(rng.randint(2, 3))]
    title_words += rng.choices(model.vocab[:3000], cum_weights=model.cum[:3000], k=rng.randint(2, 6))
    rng.shuffle(title_words)
    title = " ".join(w.capitalize() for w in title_words)
    if rng.random() < 0.1:
        title = f"{rng.choice(_QUESTION_LEADS)} {title[0].lower()}{title[1:]}?"
    name, domain, _weight = SOURCES[rng.choices(range(len(SOURCES)), cum_weights=model.source_cum)[0]]
    day = None if rng.random() < UNDATED_SHARE else FIRST_DAY + timedelta(days=rng.randrange(DAYS + 1))
    slug = "-".join(title.lower().rstrip("?").split()[:5])
    url = f"https://{domain}/{day.year if day else 'archive'}/{slug}-{i}" if rng.random() < 0.9 else None
    return {
        "id": f"syn-{seed}-{i:07d}",
        "title": title,
        "date": day.isoformat() if day else None,
        "source": name,
        "url": url,
        "body": "\n".join(paragraphs),
    }


def iter_records(n: int, *, seed: int = 1) -> Any:
    """Yield n records (dicts with RECORD_KEYS); each depends only on (seed, its position)."""
    model = _Model(seed)
    for i in range(n):
        yield _record(i, seed, model)


def generate(n: int, *, seed: int = 1) -> list[dict[str, Any]]:
    """n records: id (str), title (str), date (ISO YYYY-MM-DD or None), source (str), url (str or None), body (str)."""
    return list(iter_records(n, seed=seed))
