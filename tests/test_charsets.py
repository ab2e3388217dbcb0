"""Captures that are not UTF-8 and declare no encoding: read right, and at a bounded cost."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from searchsvc import charsets
from searchsvc.captures import decode_text
from searchsvc.htmlextract import extract_html

ENGLISH = "The delegation met the committee and agreed on the text of the joint statement.\n"
SAMPLES = {
    "cp1252": "Les élèves ont déjà étudié “ça” à l’école; le président a déclaré qu’il était prêt.",
    "cp1251": "Товарищи! Мы выражаем солидарность с корейским народом в его борьбе за мир.",
    "koi8_r": "Товарищи! Мы выражаем солидарность с корейским народом в его борьбе за мир.",
    "shift_jis": "朝鮮民主主義人民共和国との連帯を表明します。平和と独立のための闘争を支持する。",
    "gbk": "我们表示与朝鲜人民的团结，支持他们争取和平与独立的斗争。国际社会应当尊重。",
    "cp1253": "Εκφράζουμε την αλληλεγγύη μας με τον κορεατικό λαό στον αγώνα του για ειρήνη.",
}


@pytest.mark.parametrize("encoding", list(SAMPLES))
@pytest.mark.parametrize("english_lines", [0, 2_000])
def test_undeclared_legacy_text_reads_right_among_much_english(encoding: str, english_lines: int) -> None:
    # A page of English around a few lines of another script: the detector must judge the script,
    # not the English, which is the same bytes in every one of these encodings.
    text = ENGLISH * english_lines + (SAMPLES[encoding] + "\n") * 3 + ENGLISH * english_lines
    assert decode_text(text.encode(encoding)) == text
    page = f"<html><head><title>Statement</title></head><body><article><p>{text}</p></article></body></html>"
    assert SAMPLES[encoding] in extract_html(page.encode(encoding)).body


def test_one_stray_windows_1252_quote_in_a_megabyte_of_english() -> None:
    # Read whole, a detector named Big5 here and turned the quote and the next letter into a
    # Chinese character; bs4's chardet took 13 s over the page.
    text = ENGLISH * 6_000 + "It’s agreed.\n" + ENGLISH * 6_000
    assert decode_text(text.encode("cp1252")) == text
    page = f"<html><body><article><p>{text}</p></article></body></html>".encode("cp1252")
    assert "It’s agreed." in extract_html(page).body


def test_html_declarations() -> None:
    body = "<p>" + SAMPLES["cp1251"] + "</p>" * 3
    declared = f'<html><head><meta charset="windows-1251"><title>T</title></head><body>{body}</body></html>'
    assert SAMPLES["cp1251"] in extract_html(declared.encode("cp1251")).body
    # A declaration of UTF-16 is itself ASCII, so it is wrong: the page is read as if undeclared.
    wrong = f'<html><head><meta charset="utf-16"><title>T</title></head><body>{body}</body></html>'
    assert SAMPLES["cp1251"] in extract_html(wrong.encode("cp1251")).body
    # An unknown name is no reason to lose the page.
    unknown = f'<html><head><meta charset="x-no-such-thing"><title>T</title></head><body>{body}</body></html>'
    assert SAMPLES["cp1251"] in extract_html(unknown.encode("cp1251")).body


@pytest.mark.parametrize(
    ("label", "codec", "text"),
    [
        ("ISO-8859-1", "cp1252", "It’s “agreed”, the café said."),  # 0x92 and 0x93 are quotes, not controls
        ("iso-8859-9", "cp1254", "Türkiye’nin “barış” çağrısı."),
        ("Shift_JIS", "cp932", "①連帯を表明します。"),  # ① is Windows' (NEC) extension
        ("EUC-KR", "cp949", "똠방각하 연대 성명."),  # 똠 only in Windows' unified Hangul
    ],
)
def test_declared_labels_read_as_browsers_read_them(label: str, codec: str, text: str) -> None:
    page = f'<html><head><meta charset="{label}"><title>T</title></head><body><p>{text}</p></body></html>'
    assert text in extract_html(page.encode(codec)).body


@pytest.mark.parametrize("codec", ["utf-8-sig", "utf-16", "utf-32"])
def test_byte_order_marks(codec: str) -> None:
    assert decode_text("Café “quoted”\n".encode(codec)) == "Café “quoted”\n"


@settings(max_examples=60, deadline=None)
@given(
    encoding=st.sampled_from(["shift_jis", "gbk", "gb18030", "big5", "cp1251", "utf-8"]),
    before=st.integers(0, 5_000),
    after=st.integers(0, 5_000),
    repeats=st.integers(1, 3_000),
)
def test_the_sample_never_splits_a_character(encoding: str, before: int, after: int, repeats: int) -> None:
    # A detector drops every encoding its sample does not decode in, so a cut inside a character
    # would rule out the right answer.
    script = {"shift_jis": "shift_jis", "gbk": "gbk", "gb18030": "gbk", "big5": "gbk", "cp1251": "cp1251"}
    text = SAMPLES.get(script.get(encoding, ""), SAMPLES["gbk"])
    if encoding == "big5":
        text = "我們表示與朝鮮人民的團結，支持他們爭取和平與獨立的鬥爭。"
    if encoding == "gb18030":
        text += "𠀀€"  # four-byte sequences, whose second and fourth bytes are digits
    data = b"x" * before + (text * repeats).encode(encoding) + b" 12" * after
    sample = charsets._sample(data)
    assert 0 < len(sample) <= charsets.SAMPLE_BYTES or sample == data  # all of it: nowhere to cut
    sample.decode(encoding)  # raises if a character was cut
