"""Queries that are a reference to a capture: a pasted web address, a capture's id or file name."""

from __future__ import annotations

import pytest

from searchsvc.references import Reference, address_key, file_names, of_query


def test_copies_of_an_address_share_its_key() -> None:
    key = address_key("http://www.rodong.rep.kp/en/index.php?strPageID=SF01_02_01&newsID=2022-04-29-0004")
    assert key == "rodong.rep.kp/en/index.php?strPageID=SF01_02_01&newsID=2022-04-29-0004"
    for copy in (
        "https://rodong.rep.kp/en/index.php?strPageID=SF01_02_01&newsID=2022-04-29-0004#top",
        "HTTP://WWW.Rodong.Rep.KP/en/index.php?strPageID=SF01_02_01&amp;newsID=2022-04-29-0004&utm_source=x",
        "rodong.rep.kp/en/index.php?strPageID=SF01_02_01&newsID=2022-04-29-0004",
    ):
        assert address_key(copy) == key, copy
    assert address_key("https://example.org/a%20b/") == address_key("http://example.org/a b")
    # The path keeps its case (a server may tell them apart) and its parameters their values.
    assert address_key("http://example.org/A") != address_key("http://example.org/a")
    assert address_key("http://example.org/?id=1") != address_key("http://example.org/?id=2")


def test_an_archived_copy_has_the_key_of_the_page_it_holds() -> None:
    page = "http://www.kcna.co.jp/item/2003/200301/news01/15.htm"
    for copy in (
        f"https://web.archive.org/web/20030115034315/{page}",
        f"http://web.archive.org/web/20030301000000id_/{page}",
        f"https://archive.ph/2003.01.15-034315/{page}",
    ):
        assert address_key(copy) == address_key(page) == "kcna.co.jp/item/2003/200301/news01/15.htm", copy


@pytest.mark.parametrize(
    ("q", "kind", "key"),
    [
        ("http://www.kcna.kp/en/article/q/1.kcmsf", "address", "kcna.kp/en/article/q/1.kcmsf"),
        ("<https://www.kcna.kp/en/>.", "address", "kcna.kp/en"),
        ('"www.kcna.kp"', "address", "kcna.kp"),
        ("0005/reuters-5370.txt", "file", "0005/reuters-5370.txt"),
        ("reuters-5370.txt", "file", "reuters-5370.txt"),
        ("reuters-5370", "file", "reuters-5370"),
    ],
)
def test_a_reference_typed_alone(q: str, kind: str, key: str) -> None:
    found = of_query(q)
    assert (found.kind, found.key) == (kind, key)


@pytest.mark.parametrize("q", ["sanctions", "G7", "oil prices", "title:oil", "see http://x.org", "1987"])
def test_words_are_no_reference(q: str) -> None:
    assert of_query(q) is None


def test_a_name_without_its_ending_is_told_apart() -> None:
    assert of_query("reuters-5370") == Reference("file", "reuters-5370", ending=False, text="reuters-5370")
    assert of_query("reuters-5370.TXT").ending


def test_file_names_index_a_capture_by_its_name_with_and_without_its_ending() -> None:
    names = file_names(["0005/Reuters-5370.txt", "a/page.html.gz", "b/page.html.gz"])
    assert names["reuters-5370.txt"] == names["reuters-5370"] == ["0005/Reuters-5370.txt"]
    assert names["page"] == ["a/page.html.gz", "b/page.html.gz"]


@pytest.mark.parametrize("value", ["http://x:alert(1);document.title=1/", "http://[::1", "javascript:alert(1)", ""])
def test_any_text_in_a_url_has_a_key(value: str) -> None:
    """A sidecar's url is any text: a port of letters made the build fail ("Port could not be cast")."""
    assert address_key(value) == value


@pytest.mark.parametrize(
    "q",
    ["example.org/news/a.txt", "Source: https://example.org/news/a.txt", "Retrieved from https://example.org/news/a.txt",
     "URL: <https://www.example.org/news/a.txt>"],
)
def test_an_address_without_its_scheme_or_after_a_citation_label(q: str) -> None:
    assert of_query(q).key == "example.org/news/a.txt"


def test_a_label_before_words_is_no_address() -> None:
    assert of_query("source: kcna") is None and of_query("Source: example.org/a b") is None
