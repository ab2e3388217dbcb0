"""webarchives: the page's own address in the address of an archive's copy of it."""

from __future__ import annotations

import pytest

from searchsvc.webarchives import original_url

KCNA_ITEM = "http://www.kcna.co.jp/item/2003/200301/news01/15.htm"


@pytest.mark.parametrize(
    "copy",
    [
        f"https://web.archive.org/web/20030115034315/{KCNA_ITEM}",
        f"http://web.archive.org/web/20030115034315id_/{KCNA_ITEM}",  # the original bytes, no toolbar
        f"https://web.archive.org/web/2003/{KCNA_ITEM}",  # a time cut short: the nearest capture
        "https://web.archive.org/web/20030115034315/http:/www.kcna.co.jp/item/2003/200301/news01/15.htm",
        f"web.archive.org/web/20030115034315/{KCNA_ITEM}",
        f"https://archive.ph/2003.01.15-034315/{KCNA_ITEM}",
        f"https://archive.is/20030115034315/{KCNA_ITEM}",
        f"https://archive.today/2003.01.15-034315/{KCNA_ITEM}",
    ],
)
def test_an_archived_copys_address_names_the_page(copy: str) -> None:
    assert original_url(copy) == KCNA_ITEM


def test_an_address_without_a_scheme_in_the_copys_is_a_web_address() -> None:
    assert original_url("https://web.archive.org/web/20190312084510/kcna.kp/en/") == "http://kcna.kp/en/"


@pytest.mark.parametrize(
    "url",
    [
        KCNA_ITEM,
        "https://archive.ph/Xq7Zk",  # archive.today's short link does not say which page it holds
        "https://web.archive.org/web/*/kcna.co.jp*",  # a search of the archive, no one copy
        "https://archive.org/details/alexacrawls",
        "https://www.kcna.kp/en/article/archive.html",
    ],
)
def test_other_addresses_name_no_archived_page(url: str) -> None:
    assert original_url(url) is None
