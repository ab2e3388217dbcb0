"""Names glued to their neighbours by a scraper ("the respected ComradeKim Jong Unmade a speech").

Some scrapers join a page's text nodes without spaces, and a name the page sets in its own style
(KCNA's leader names) ends up fused to the words on both sides. Then neither the name nor those
words can be found: in the perf corpus, a search for Kim Jong Un found 177 of the 388 KCNA items
that name him. The collection itself says where the seams are: the same three-word name written
cleanly in other documents. A full build learns those names (`counted` in every document, kept
when at least MIN_NAME_DOCS documents write them); `Repair` then splits a glued run where a known
name ends or starts inside it, and the pieces cut off are words the collection knows. An update
counts the names of the documents it adds and removes, so a collection grown by updates learns
them too (indexer.py re-splits the documents a newly learned name may be glued in).
"""

from __future__ import annotations

import pickle
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from whoosh.analysis import STOP_WORDS

from . import generations, vocabulary
from .models import Document

FILE = "names.pickle"
MIN_NAME_DOCS = 3  # documents that must write a name cleanly before it marks seams elsewhere
MIN_WORD_DOCS = 3  # documents that must use a word before a piece cut off a glued run may be it
GLUED = "~"  # marks the glued side of a run in a document's counts ("~Kim Jong Un"): see `counted`

# Three or more capitalised words in a row. No lookarounds (they tripled the scan's time): whether
# letters touch the run is checked on the match.
_RUN = re.compile(r"[A-Z][a-z]+ [A-Z][a-z]+ [A-Z][a-z]+(?: [A-Z][a-z]+)*")
# Three capitalised words, the last with whatever letters are fused to it ("Unmade", "UnUniversity").
_GLUED = re.compile(r"([A-Z][a-z]+) ([A-Z][a-z]+) ([A-Z][A-Za-z]*)")


def counted(*texts: str) -> frozenset[str]:
    """What a document adds to the collection's counts: its clean three-word capitalised sequences
    ("Kim Jong Un", no letter touching them on either side), and the three words at each end of a
    run that letters touch, marked GLUED on that side ("~Kim Jong Un" of "ComradeKim Jong Un,").
    An update looks there for a name it learns after the document was indexed."""
    found: set[str] = set()
    for text in texts:
        for match in _RUN.finditer(text):
            words = match.group().split(" ")
            start, end = match.span()
            first = 1 if start and text[start - 1].isalpha() else 0
            stop = len(words) - (1 if end < len(text) and text[end].isalpha() else 0)
            found.update(" ".join(words[i : i + 3]) for i in range(first, stop - 2))
            if first or stop < len(words):
                # Marked on the side letters touch: that word is not indexed as written.
                if len(words) == 3:
                    found.add(GLUED * first + match.group() + GLUED * (stop < len(words)))
                else:
                    if first:
                        found.add(GLUED + " ".join(words[:3]))
                    if stop < len(words):
                        found.add(" ".join(words[-3:]) + GLUED)
    return frozenset(found)


@dataclass(frozen=True)
class Repair:
    """The names a collection writes cleanly, and the words it uses: what splitting needs."""

    names: frozenset[str]
    # Lower-cased word → documents using it (a word in fewer than MIN_WORD_DOCS counts as unknown).
    # A full build's are counted before the repair; an update's are its vocabulary's.
    words: dict[str, int]
    heads: frozenset[str] = frozenset()  # the names' first two words: most runs are ruled out by them
    # `counted` key (clean name, or run marked GLUED) → documents with it, the rarer ones too: what
    # an update learns on from.
    counts: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "heads", frozenset(name.rsplit(" ", 1)[0] for name in self.names))

    @classmethod
    def learn(cls, name_counts: dict[str, int], word_counts: dict[str, int]) -> Repair:
        return cls(_names(name_counts), {w: c for w, c in word_counts.items() if c >= MIN_WORD_DOCS},
                   counts={n: c for n, c in name_counts.items() if c > 0})

    def relearned(self, removed: Iterable[Iterable[str]], added: Iterable[Iterable[str]],
                  word_counts: dict[str, int]) -> Repair:
        """The repair an update learns: the names of removed documents counted out, of added ones in."""
        counts = dict(self.counts)
        for names in removed:
            for name in names:
                if counts.get(name, 0) > 1:
                    counts[name] -= 1
                else:
                    counts.pop(name, None)
        for names in added:
            for name in names:
                counts[name] = counts.get(name, 0) + 1
        return Repair(_names(counts), word_counts, counts=counts)

    def glued_forms(self, names: Iterable[str]) -> list[list[str]]:
        """The words indexed as written of each run counted that one of `names` may be glued in
        ("Kim Jong Unmade"; "~Kim Jong Un" with letters before, "Kim Jong Un~" after): documents
        with all of them are the only ones the names can split."""
        names = list(names)
        prefixes = tuple(names) + tuple(GLUED + name for name in names)
        if not prefixes:
            return []
        out = []
        for key in self.counts:
            if key.startswith(prefixes) and key not in names:
                words = key.strip(GLUED).split(" ")
                out.append(words[key.startswith(GLUED) : 3 - key.endswith(GLUED)])
        return out

    def _uses(self, word: str) -> int:
        low = word.lower()
        if low in STOP_WORDS:
            return _COMMON
        uses = self.words.get(low, 0)
        return uses if uses >= MIN_WORD_DOCS else 0

    def text(self, text: str) -> str:
        """`text` with each glued run split where a known name begins and ends."""
        return self._split(text)[0]

    def fix(self, doc: Document, counts: frozenset[str] | None = None) -> tuple[Document, bool]:
        """(the document with its title and body repaired, the same object when nothing changed;
        whether a known name is still glued in it, for want of a word the collection knows well
        enough: "MarshalKim" while "Marshal" is rare, "Unvaluing" while "valuing" is).

        `counts`, the document's `counted` when already known, rules most documents out without
        scanning their text again (may_split)."""
        if counts is not None and not self.may_split(counts):
            return doc, False
        title, title_before, title_after = self._split(doc.title)
        body, body_before, body_after = self._split(doc.body)
        if title == doc.title and body == doc.body:
            return doc, title_before or body_before
        # After a name, a piece may also be a word's ending ("Commodity Credit Co" + "rporation"):
        # it counts only in a document where the scraper's glue shows elsewhere.
        return replace(doc, title=title, body=body), title_before or body_before or title_after or body_after

    def may_split(self, counts: Iterable[str]) -> bool:
        """Whether `fix` may change a document whose `counted` are `counts`, or find a known name
        glued in it. The runs `_split` acts on are three capitalised words whose first two begin a
        known name and whose third begins as a capitalised word: `counted` lists each such run, marked
        GLUED where letters touch it. Unmarked, the run is split only where a known name ends inside
        its last word ("Kim Jong Un" in "Kim Jong Unmade"). Nine in ten documents of the 20k
        benchmark collection are ruled out, whose scan was 2% of a full build's time."""
        heads, names = self.heads, self.names
        for key in counts:
            first, second, last = key.strip(GLUED).split(" ")
            head = f"{first} {second}"
            if head not in heads:
                continue
            if GLUED in key or any(f"{head} {last[:end]}" in names for end in range(2, len(last))):
                return True
        return False

    def document(self, doc: Document) -> Document:
        """The document with its title and body repaired (the same object when nothing changed)."""
        return self.fix(doc)[0]

    def _split(self, text: str) -> tuple[str, bool, bool]:
        """(the text split, whether a known name is left glued to letters before it, or after it)."""
        if not self.names:
            return text, False, False
        out: list[str] = []
        done = pos = 0
        left_before = left_after = False
        while (match := _GLUED.search(text, pos)) is not None:
            first, second, last = match.groups()
            head = f"{first} {second}"
            # A last word that does not begin as a capitalised word ("U", "UN") holds no name.
            if head not in self.heads or not last[1:2].islower():
                pos = match.start(2)
                continue
            start = match.start()
            # Letters fused before the run ("Comrade" of "ComradeKim"); a capital there is not a seam.
            begin = start
            while begin > done and text[begin - 1].isalpha():
                begin -= 1
            before = text[begin:start] if begin < start and text[start - 1].islower() else None
            fixed = self._fix(before, first, second, last, match.start(3))
            if fixed is None:
                left_before = left_before or (before is not None and len(before) > 1)
                left_after = left_after or self._glued_after(head, last)
                pos = match.start(2)  # runs overlap: "Respected Comrade Kim" / "Kim Jong Unmade"
                continue
            replacement, end = fixed
            # Split on the right only: the letters before stay glued ("MarshalKim" while "Marshal" is rare).
            left_before = left_before or (before is not None and len(before) > 1
                                          and not replacement.startswith(before + " "))
            out.append(text[done : begin if before is not None else start])
            out.append(replacement)
            done = pos = end
        out.append(text[done:])
        return "".join(out), left_before, left_after

    def _glued_after(self, head: str, last: str) -> bool:
        """Whether a known name ends inside the run's last word, before a piece that may become a
        word the collection knows well enough. A one-letter piece ("Receive" + "s") never does: the
        vocabulary has no such words."""
        for end in range(2, len(last) - 1):
            if f"{head} {last[:end]}" in self.names:
                if len(_lower_word(last[end:])) > 1:
                    return True
        return False

    def _fix(self, before: str | None, first: str, second: str, last: str, start: int) -> tuple[str, int] | None:
        """(the run with its seams split, where in the text it ends), or None when nothing splits.

        A seam after the name must leave a word the collection uses far more often than the fused
        word ("Unsaid" → "Un said", not "Taxes" → "Tax es" after "Value Added Tax"). What
        follows that word's letters (a capital: the next glued name) is left to the next match.
        """
        head = f"{first} {second} "
        # The shortest known name wins: "Kim Jong Unsaid" may itself be written often enough (by
        # the same scraper) to count as a name, but "Kim Jong Un" + "said" is the seam.
        for end in range(2, len(last) + 1):
            part = last[:end]
            if not part[1:].islower():
                break  # a capital inside: the name cannot run past it
            if head + part not in self.names:
                continue
            rest = last[end:]
            word = _lower_word(rest)
            if word and self._uses(word) < _FUSED_RATIO * max(1, self._uses(part + word)):
                continue
            glued_before = before is not None and self._uses(before) > 0
            if not rest and not glued_before:
                return None
            pieces = [] if before is None else [before + " " if glued_before else before]
            pieces.append(head + part)
            if word:
                pieces.append(" " + word)
            if len(word) < len(rest):
                pieces.append(" ")  # the next glued name starts here; the next match splits it
            return "".join(pieces), start + end + len(word)
        return None

    def save(self, gen_dir: Path) -> None:
        """The name counts; the words are the generation's vocabulary."""
        (gen_dir / FILE).write_bytes(pickle.dumps(self.counts, protocol=4))

    @classmethod
    def live(cls, index_dir: Path) -> Repair:
        """The live index's names, to show a capture as the index stores it; none without an index."""
        try:
            gen_dir = Path(index_dir) / generations.current_generation(index_dir)
            return cls.read(gen_dir, vocabulary.Vocabulary.read(gen_dir).counts)
        except Exception:  # noqa: BLE001 - no index, or a damaged file: the capture is shown unrepaired
            return cls(frozenset(), {})

    @classmethod
    def read(cls, gen_dir: Path, words: dict[str, int]) -> Repair:
        """The generation's names, judged with `words` (its vocabulary's counts); raises if the file
        is missing or damaged."""
        counts = pickle.loads((gen_dir / FILE).read_bytes())
        if not isinstance(counts, dict):
            raise ValueError(f"{FILE} does not hold a table of names")
        return cls(_names(counts), words, counts=counts)


def _names(counts: dict[str, int]) -> frozenset[str]:
    # Marked runs on either side ("~Kim Jong Un", "Kim Jong Un~") are where names may be glued, not names.
    return frozenset(n for n, c in counts.items() if c >= MIN_NAME_DOCS and GLUED not in n)


_COMMON = 1 << 40  # stop words: used everywhere
_FUSED_RATIO = 2
_LOWER = "abcdefghijklmnopqrstuvwxyz"


def _lower_word(rest: str) -> str:
    """The lower-case letters `rest` starts with: the word fused after a name ("made" of "made...")."""
    return rest[: len(rest) - len(rest.lstrip(_LOWER))]

