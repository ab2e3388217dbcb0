"""The fast tokenizer gives exactly the terms the index holds."""

from __future__ import annotations

from pathlib import Path

import pytest
from corpora import indexed

from searchsvc import tokens
from searchsvc.models import Query
from searchsvc.schema import build_schema
from searchsvc.search import search

SEEDS = sorted((Path(__file__).resolve().parent.parent / "raw").glob("*.txt"))


@pytest.mark.parametrize(
    "text",
    [
        "The U.S. delegation's talks on Sanctions, sanctioned exports and 2017 résumés; a I x",
        "KCNA -- Pyongyang, November 5 (KCNA) -- The 19th IMCWP expressed solidarity...",
        "ÉCOLE Straße İstanbul ﬁnance 東京 e-mail foo_bar 3.14 v2.0.1 .hidden trailing.",
        "Türkiye, Díaz-Canel, Nicolás, São Paulo, Chosŏn, Łódź, ＤＰＲＫ, Ǆ and naïve résumés",
        "The Korean people, Koreans and KOREA; Chinese, China; Dutch, Netherlands; francs, French",
        "US sanctions, the US. US-ROK drills; let us use USA, US.Korea, fUS, USx, U.S. and US",
        "G-7 F-16s AT&T's X-ray A-1-plus T-bills 3-D US-A G-7. (G-7) x.G-7 G-7-led U.S.-Japan DPRK-U.S. 1-0 A- -B",
        "Écoles-à Ü-boot state-of-the-art Kim Jong-un a&b&c e-mail--x _-a",
        "UK U.K. U.S.S.R. USSR E.C. UN U.N. Kim Jong Un US.UN UN.x xUN UNx 8 a.m. I am N.Y. I.T. U.N.-led UN-led",
        "KIM JONG UN met the UN envoy; KIM JONG-UN, XJONG UN, JONG UNx, Kim Jong UN, JONG  UN",
        "O'Neill met O’Brien in Côte d'Ivoire; I'm sure Korea's 'G-7' o'clock l'Humanité D'Alema's x'Y A'b",
        "P'yŏngyang's Ch’ŏllima Chuch'e Han'guk Tae-ch'ŏn Ch'ŏng-il P'YŎNGYANG t'aime T'ai-pei x'P'ya U.S.P'yo",
        "Pʻyŏngyang Chʻoe Pʼyŏngyang P‘yŏngyang’s Hawaiʻi ‘Pyongyang’ Kaechʻŏn-si xʻPʻya",
        "44,913 sq km, 1,029,600 and 25,929.42; not 1987,300, 3,1, 1,5 mln, 1,2345 or 12,345,67; $1,000-2,000 (4,000).",
        "1,000-strong F-1,000,000 1,000-A 5,A-1 x1,000 Rs.1,000 1,000.5x 1,000.5.1 1234,567,890 ,123 ４,０００",
        "中华人民共和国外交部发言人表示，朝鲜半岛 김정은 위원장은 평양에서 "
        "COVID-19疫情 3.5亿 G-7정상회의 党 ピョンヤン・ソウル 人々 ｶﾀｶﾅ",
        "",
        *(p.read_text(encoding="utf-8", errors="replace") for p in SEEDS),
    ],
)
def test_stems_equal_the_analyzer_output(text: str) -> None:
    analyzer = build_schema()["body"].analyzer
    assert tokens.stems(text) == [t.text for t in analyzer(text)]
    assert tokens.words(text) == [t.text for t in analyzer(text, no_morph=True)]


@pytest.mark.parametrize(
    "title, body",
    [
        ("Sanctions", "The U.S. delegation's talks on Sanctions, sanctioned exports and 2017 résumés; a I x"),
        ("G-7 talks", "G-7 F-16s AT&T's X-ray 44,913 sq km; KIM JONG UN met the UN envoy. O'Neill met O’Brien."),
        ("", "the of a"),
        ("", ""),
        *(("Seed", p.read_text(encoding="utf-8", errors="replace")) for p in SEEDS),
    ],
)
def test_words_and_stems_from_one_tokenizing_equal_each_alone(title: str, body: str) -> None:
    """A full build takes a document's vocabulary words and its indexed terms from one tokenizing."""
    words, stems = tokens.words_and_stems(title, body)
    assert words == tokens.distinct_words(title, body)
    assert stems == [tokens.positioned_stems(title), tokens.positioned_stems(body)]


@pytest.mark.parametrize("boost", [1.0, 2.5])
@pytest.mark.parametrize(
    "text",
    [
        "The the river: a river, the RIVER's rivers! Flooded floods flooding.",
        "of the I a x 19th IMCWP U.S. résumé İstanbul e-mail 3.14",
        "Türkiye turkiye TÜRKIYE Díaz diaz ＤＰＲＫ dprk",
        "Korea Korean Koreans korea Japanese Japan",
        "US sanctions, the US. US-ROK; let us use USA, U.S. and US",
        "",
        *(p.read_text(encoding="utf-8", errors="replace") for p in SEEDS),
    ],
)
def test_fast_indexing_writes_what_whoosh_would(text: str, boost: float) -> None:
    """Terms, frequencies, weights and encoded positions equal Whoosh's own TEXT field's."""
    from whoosh import fields

    from searchsvc.schema import StemmedText

    ours = StemmedText(field_boost=boost)
    theirs = fields.TEXT(analyzer=tokens.analyzer(), field_boost=boost)
    assert sorted(ours.index(text)) == sorted(theirs.index(text))


@pytest.mark.parametrize("lowercase", [False, True])
@pytest.mark.parametrize("value", ["KCNA", "news/flood-2019.txt", "İstanbul Times ẞ", "2017-11", ""])
def test_whole_id_indexes_what_whoosh_would(value: str, lowercase: bool) -> None:
    """An id, group, year or source term equals the one Whoosh's own ID field makes."""
    from whoosh import analysis, fields

    from searchsvc.schema import WholeID

    theirs = fields.ID(analyzer=analysis.IDAnalyzer(lowercase=lowercase))
    assert list(WholeID(lowercase=lowercase).index(value)) == list(theirs.index(value))



def test_a_one_letter_compound_is_a_term_before_its_parts() -> None:
    """"G-7" and "F-16": their one-letter part is too short to index, so the whole is a term too."""
    assert tokens.stems("The G-7 and F-16s") == ["g7", "f16", "16"]
    assert tokens.stems("AT&T") == ["at&t"]
    assert tokens.stems("X-ray") == ["xrai", "rai"]
    assert tokens.stems("G7 F16 Xray e-mail") == ["g7", "f16", "xrai", "email", "mail"]  # hyphens left out
    # A letter and an apostrophe before a capital: "I'm" and "Korea's" are not names.
    assert tokens.stems("O'Neill") == tokens.stems("O’Neill") == tokens.stems("ONeill") + ["neill"]
    assert tokens.stems("I'm Korea's") == ["korea"]
    # No one-letter part, or joined to a dotted word: its parts only, as before.
    assert tokens.stems("Hwasong-19 state-of-the-art") == ["hwasong", "19", "state", "art"]
    assert tokens.stems("U.S.-Japan") == [*tokens.stems("U.S."), "japan"]
    positioned = [(t.text, t.pos, t.startchar, t.endchar)
                  for t in tokens.analyzer()("F-16 jets", positions=True, chars=True)]
    assert positioned == [("f16", 0, 0, 4), ("16", 1, 2, 4), ("jet", 2, 5, 9)]


def test_a_number_with_groups_of_thousands_is_one_term() -> None:
    """"44,913 sq km" was "44" and "913": the number as typed without commas found nothing."""
    assert tokens.stems("44,913 sq km") == tokens.stems("44913 sq km") == ["44913", "sq", "km"]
    assert tokens.stems("1,029,600 and 25,929.42") == ["1029600", "25929.42"]
    # Not groups of thousands: a year and a count, a decimal comma, a group of four.
    assert tokens.stems("1987,300 3,1 1,2345") == ["1987", "300", "2345"]
    positioned = [(t.text, t.pos, t.startchar, t.endchar)
                  for t in tokens.analyzer()("44,913 sq", positions=True, chars=True)]
    assert positioned == [("44913", 0, 0, 6), ("sq", 1, 7, 9)]


def test_an_abbreviation_is_one_term_with_its_dots_and_without() -> None:
    assert tokens.stems("UK U.K. uk") == ["uk"] * 3
    assert tokens.stems("USSR U.S.S.R.") == ["ussr"] * 2
    # "UN" in capitals is the United Nations; "Un" of Kim Jong Un and "a.m." and "am" stay apart.
    assert tokens.stems("UN U.N.") == ["u.n", "u.n"] and tokens.stems("Kim Jong Un") == ["kim", "jong", "un"]
    assert tokens.stems("8 a.m.") == ["a.m"] and tokens.stems("I am") == ["am"]
    # In capitals too, "UN" after "JONG" is the name.
    assert tokens.stems("KIM JONG UN AT THE UN") == ["kim", "jong", "un", "u.n"]


def test_us_in_capitals_is_the_united_states_and_us_in_lower_case_a_stop_word() -> None:
    """KCNA writes "US", Reuters "U.S.": one term. "us" (the pronoun) stays left out, and "use",
    whose Porter stem is "us", stays apart."""
    us = tokens.stems("U.S.")
    assert len(us) == 1
    assert tokens.stems("US") == tokens.stems("the US.") == us
    assert tokens.stems("US-ROK") == [*us, "rok"]
    assert tokens.stems("told us") == tokens.stems("told") and len(tokens.stems("told")) == 1
    assert tokens.stems("use") != us and tokens.stems("USA") != us


def test_a_word_with_its_ed_or_ing_ending_finds_the_word() -> None:
    """Whoosh's Porter stemmer kept a doubled last letter and dropped an -ate's or -ize's "e" where
    Porter's rules say otherwise: "GM cutting merit raises" listed the item saying "cuts" as missing
    "cutting", and "estimated" did not find "estimate"."""
    same = [
        "cutting cuts cut", "dropped drops drop", "shipping ships", "settings set", "occurred occurs",
        "estimated estimate", "stabilized stabilize", "organizing organization", "reorganizing reorganizes",
    ]
    for words in same:
        stems = tokens.stems(words)
        assert len(set(stems)) == 1, (words, stems)
    # A word with a double of its own keeps it: "added" is not "ads", "staffed" is "staff".
    assert tokens.stems("added adds") == tokens.stems("add add") != tokens.stems("ads ad")
    assert tokens.stems("staffed staffing") == tokens.stems("staff staff")
    # Untouched: "falling" (a doubled l), "hoped" and "hopping" (two words).
    assert tokens.stems("falling fall") == ["fall", "fall"]
    assert tokens.stems("hoped hopping") == ["hope", "hop"]


def test_a_word_with_a_y_for_a_vowel_finds_its_other_forms() -> None:
    """Whoosh's Porter stemmer counted a "y" after a consonant as neither vowel nor consonant, so a
    word with one measured too short to lose its ending: "typically" did not find "typical", nor
    "psychological" "psychology"."""
    same = [
        "typically typical", "physically physical", "psychological psychology", "symmetrical symmetric",
        "dynamically dynamics dynamic", "systematically systematic",
    ]
    for words in same:
        stems = tokens.stems(words)
        assert len(set(stems)) == 1, (words, stems)
    # A "y" that starts a word or follows a vowel is a consonant, as before: "yen", "boycott".
    assert tokens.stems("yens yen") == ["yen", "yen"]
    assert tokens.stems("boycott") == ["boycott"]


def test_an_adverb_in_ly_finds_its_adjective() -> None:
    """Porter's stemmer takes "-ly" off only after "-al", "-ent", "-ous" (if the word is long), "-ble"
    and "-e": "significantly" was "significantli" and "significant" "signific", "previously"
    "previous" and "previous" "previou", so "prices rose significantly" was not found by "significant
    rise", nor "previously reported" by "previous report" (in the 20k items "previously" is in 860,
    "significantly" in 198)."""
    same = [
        "significantly significant", "previously previous", "seriously serious", "directly direct",
        "exactly exact", "particularly particular", "similarly similar", "successfully successful",
        "carefully careful", "rapidly rapid", "slightly slight", "uniformly uniform", "recklessly reckless",
        "constantly constant",
    ]
    for words in same:
        stems = tokens.stems(words)
        assert len(set(stems)) == 1, (words, stems)
    # Not an adverb that is another word than its base: "nearly" is not "near", "fully" not "ful",
    # "rightly" not "right", "early" not "ear", "hardly" not "hard".
    for adverb, other in [("nearly", "near"), ("fully", "ful"), ("rightly", "right"), ("early", "ear"),
                          ("hardly", "hard"), ("shortly", "short"), ("mostly", "most")]:
        assert tokens.stem(adverb) != tokens.stem(other), adverb


def test_exceed_succeed_and_proceed_find_their_other_forms() -> None:
    """Porter's step 1b takes "exceed" to "excee" (its "-eed" rule), then "exce", while "exceeded"
    loses its "-ed" and stays "exceed": "exceed forecasts" did not find "exceeded forecasts" (in the
    20k items "exceed" is in 143, "exceeded" in 67), nor "succeed" "succeeded". Porter2 keeps the
    three "-ceed" verbs whole."""
    for words in ("exceed exceeds exceeded exceeding", "succeed succeeds succeeded succeeding",
                  "proceed proceeded proceeding"):
        stems = tokens.stems(words)
        assert len(set(stems)) == 1, (words, stems)
    # "proceeds" is mostly the money a sale brings: not "legal proceedings".
    assert tokens.stem("proceeds") != tokens.stem("proceedings")
    # Other "-eed" words as before: "agreed" is "agree", "needed" "need", "indeed" its own.
    assert tokens.stems("agree agreed needs needed") == ["agre", "agre", "need", "need"]


def test_a_verb_in_ence_or_ance_finds_its_ed_and_ing_forms() -> None:
    """Porter takes "-ence" off "experience" ("experi") but, once "-ed" is off "experienced", finds
    no "-ence" left to take ("experienc"): "experience" did not find "experienced" (158 and 64 of the
    20k items), nor "evidence" "evidenced", "reference" "referenced"."""
    for words in ("experience experienced experiencing experiences", "evidence evidenced",
                  "reference referenced referencing"):
        stems = tokens.stems(words)
        assert len(set(stems)) == 1, (words, stems)
    # Words whose "-ance" Porter keeps are as before: "balanced" is "balance", "announced" "announce";
    # and "refinancing" is not "refining" (Porter makes "refinance" "refin").
    assert tokens.stems("balance balanced announce announced") == ["balanc", "balanc", "announc", "announc"]
    assert tokens.stem("refinancing") != tokens.stem("refining")


def test_an_adverb_in_ally_finds_its_adjective_when_porter_takes_two_endings_off_it() -> None:
    """Porter takes one ending a step: "traditional" lost "-al" and then "-ion" ("tradit"), while
    "traditionally" spent its step on "-ly" and kept "-ion" ("tradition"): "traditional" did not
    find "traditionally", nor "additional" "additionally", "international" "internationally"."""
    for words in ("traditionally traditional", "additionally additional", "internationally international",
                  "unconditionally unconditional", "exceptionally exceptional"):
        stems = tokens.stems(words)
        assert len(set(stems)) == 1, (words, stems)
    assert tokens.stem("really") != tokens.stem("real")  # "really" is "very", not "real"


def test_a_common_adverb_after_another_ending_finds_its_adjective() -> None:
    """"shares fell sharply" was not found by "sharp fall" (20k items: "sharply" 369, "sharp" 348),
    nor "strong" "strongly", "quick" "quickly": adverbs whose adjective ends in no adjective ending."""
    for words in ("sharply sharp", "strongly strong", "quickly quick", "deeply deep", "broadly broad",
                  "slowly slow", "clearly clear", "greatly great", "publicly public"):
        stems = tokens.stems(words)
        assert len(set(stems)) == 1, (words, stems)
    # Not where the adjective's stem is another word's: "firmly" is not "firm" (a company), "newly"
    # not "new" (Porter's stem of "news"), "fairly" not "fair", "highly" not "high".
    for adverb, other in [("firmly", "firm"), ("newly", "news"), ("fairly", "fair"), ("highly", "high")]:
        assert tokens.stem(adverb) != tokens.stem(other), adverb


def test_russian_yo_folds_to_ye_as_it_is_mostly_printed() -> None:
    # "напряженность" (as most Russian pages print it, and as one types it) did not find a statement
    # that writes "напряжённость".
    assert tokens.stems("напряжённость Пхёньян") == tokens.stems("напряженность Пхеньян")
    assert tokens.folded("ЁЛКА") == "елка"
    theirs = [t.text for t in tokens.analyzer()("Напряжённость на полуострове")]
    assert tokens.stems("Напряжённость на полуострове") == theirs


def test_a_mccune_reischauer_apostrophe_is_part_of_the_word() -> None:
    """McCune-Reischauer marks an aspirated consonant with an apostrophe ("P'yŏngyang", "Ch'ŏllima",
    "Chuch'e"): split there, "P'yŏngyang" was "yongyang" (its "P" too short to index) and found
    nothing, nor did "Chollima" find "Ch'ŏllima"."""
    assert tokens.stems("P'yŏngyang Ch’ŏllima Kaech'ŏn Han'guk T'ang P'YŎNGYANG") == tokens.stems(
        "Pyongyang Chollima Kaechon Hanguk Tang PYONGYANG")
    # As written with a hyphen or a possessive after it, or after a hyphen.
    assert tokens.stems("Ch'ŏng-il P'yŏngyang's Tae-ch'ŏn") == tokens.stems("Chong-il Pyongyang's Tae-chon")
    # An English or French apostrophe is not one: a possessive, a contraction, an elision.
    assert tokens.stems("Korea's what's don't t'aime l'accord qu'il O'Neill") == [
        "korea", "what", "don", "aim", "accord", "qu", "il", *tokens.stems("O'Neill")]
    # Nor English words a quotation mark glues (a Cranfield abstract's "the'solar effect'originates", "direct'on").
    assert tokens.stems("effect'originates direct'on stock'exchange") == tokens.stems(
        "effect originates direct on stock exchange")
    # Nor an Italian or Portuguese elision ("Carlos Sant'Anna", a Reuters item's Petrobras director, was "santanna").
    assert tokens.stems("Sant'Anna quest'anno tutt'altro vent'anni sott'acqua") == tokens.stems(
        "Sant Anna quest anno tutt altro vent anni sott acqua")


def test_a_library_catalogue_s_mark_for_an_aspirate_is_an_apostrophe() -> None:
    """The Library of Congress romanization (ALA-LC), which library catalogues and archives write,
    marks an aspirate with "ʻ" ("Pʻyŏngyang", "Chʻoe"), a letter to the tokenizer: "pʻyongyang" was a
    term of its own, and a record copied from a catalogue found nothing, nor was it found."""
    assert tokens.stems("Pʻyŏngyang Chʻŏllima Pʼyŏngyang P‘yŏngyang") == tokens.stems(
        "Pyongyang Chollima Pyongyang Pyongyang")
    assert tokens.stems("Hawaiʻi") == ["hawaiʻi"]  # Hawaiian's ʻokina, as before


def test_a_word_romanized_with_apostrophes_finds_it_without_and_is_marked_as_written(tmp_path: Path) -> None:
    live = indexed(tmp_path, {
        "mr.txt": "History\n\nThe Ch'ŏllima movement began in P'yŏngyang in 1956.\n",
        "kcna.txt": "Rally\n\nWorkers in Pyongyang carried forward the Chollima spirit.\n",
        "other.txt": "Rally\n\nWorkers in Wonsan met.\n",
    })
    for typed in ("Chollima", "Ch'ŏllima", "P'yŏngyang", "Pyongyang", "P’yongyang Chollima"):
        assert {hit.id for hit in search(live, Query(q=typed)).hits} == {"mr.txt", "kcna.txt"}, typed
    (mr,) = [hit for hit in search(live, Query(q="Chollima Pyongyang")).hits if hit.id == "mr.txt"]
    assert "<mark>Ch'ŏllima</mark>" in mr.snippet and "<mark>P'yŏngyang</mark>" in mr.snippet
    (tmp_path / "catalogue").mkdir()
    live = indexed(tmp_path / "catalogue", {"record.txt": "Record\n\nChʻŏllima undong kwa Pʻyŏngyang, 1958.\n"})
    (hit,) = search(live, Query(q="Chollima Pyongyang")).hits
    assert "<mark>Chʻŏllima</mark>" in hit.snippet and "<mark>Pʻyŏngyang</mark>" in hit.snippet


def test_a_chinese_japanese_or_korean_word_is_found_inside_a_longer_run(tmp_path: Path) -> None:
    # Written without spaces (Chinese, Japanese) or with its particles joined (Korean), a clause was one
    # word to the tokenizer: "制裁" did not find "反对单边制裁", nor "평양" "평양에서", nor "金正恩" anything.
    live = indexed(tmp_path, {
        "zh.txt": "外交部声明\n\n中方反对单边制裁，呼吁有关各方通过对话解决问题。金正恩委员长会见了代表团。\n",
        "ja.txt": "外務省の声明\n\n外務省は米国の制裁に反対する声明を発表した。平壌で会議が開かれた。\n",
        "ko.txt": "외무성 담화\n\n김정은 위원장은 평양에서 열린 회의에서 연설하였다.\n",
        "kim-jong-il.txt": "声明\n\n金正日总书记视察了工厂。\n",
        "en.txt": "Sanctions\n\nThe ministry opposed unilateral sanctions.\n",
    })
    expected = {"制裁": {"zh.txt", "ja.txt"}, "金正恩": {"zh.txt"}, "평양": {"ko.txt"}, "위원장": {"ko.txt"},
                "平壌": {"ja.txt"}, "声明": {"ja.txt", "zh.txt", "kim-jong-il.txt"}, "sanctions": {"en.txt"}}
    for typed, ids in expected.items():
        assert {hit.id for hit in search(live, Query(q=typed)).hits} == ids, typed
    (hit,) = search(live, Query(q="金正恩")).hits
    assert "。<mark>金正恩</mark>委员长" in hit.snippet  # the word, not its clause nor "金正" alone
    (hit,) = search(live, Query(q="평양")).hits
    assert "<mark>평양</mark>에서" in hit.snippet
    # The index holds a CJK word's pairs, not the word: respelled by them, "김정운" (for 김정은) was
    # "Did you mean 김정?", a pair that is no word.
    for typed in ("김정운", "위원장을 평양", "金正运"):
        assert search(live, Query(q=typed)).suggestion is None, typed
