"""Browser integration: the OpenSearch description, its <link rel="search"> on every page, page titles."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

NS = {"os": "http://a9.com/-/spec/opensearch/1.1/"}
LINK = '<link rel="search" type="application/opensearchdescription+xml" title="searchsvc" href="/opensearch.xml">'


def test_opensearch_description(client) -> None:
    resp = client.get("/opensearch.xml", base_url="https://search.example.org")
    assert resp.status_code == 200
    assert resp.mimetype == "application/opensearchdescription+xml"
    root = ET.fromstring(resp.get_data())
    assert root.tag == "{http://a9.com/-/spec/opensearch/1.1/}OpenSearchDescription"
    assert root.findtext("os:ShortName", namespaces=NS) == "searchsvc"
    assert root.findtext("os:InputEncoding", namespaces=NS) == "UTF-8"
    urls = {u.get("type"): u.get("template") for u in root.findall("os:Url", NS)}
    assert urls["text/html"] == "https://search.example.org/?q={searchTerms}"
    assert urls["application/json"] == "https://search.example.org/api/search?q={searchTerms}"
    assert urls["application/opensearchdescription+xml"] == "https://search.example.org/opensearch.xml"


def test_the_html_template_url_answers_with_results(client) -> None:
    template = re.search(r'type="text/html" template="([^"]+)"', client.get("/opensearch.xml").get_data(as_text=True))
    url = template.group(1).replace("http://localhost", "").replace("{searchTerms}", "heavy+rain")
    html = client.get(url).get_data(as_text=True)
    assert "River floods in the north" in html


@pytest.mark.parametrize("path, status", [("/", 200), ("/?q=river", 200), ("/?q=%22oops", 400),
                                          ("/doc/news/flood-2019.txt", 200), ("/no/such/page", 404)])
def test_every_page_links_the_description(client, path: str, status: int) -> None:
    resp = client.get(path)
    assert resp.status_code == status
    assert LINK in resp.get_data(as_text=True)


@pytest.mark.parametrize(
    "path, title",
    [
        ("/?q=river", "river – 4 results – searchsvc"),
        ("/?q=drought", "drought – 1 result – searchsvc"),
        ("/?q=river&source=Daily+Planet&from=2019&to=2019", "river – 1 result – Daily Planet – 2019 – searchsvc"),
        ("/?q=river&from=2020", "river – 2 results – from 2020 – searchsvc"),
        ("/?q=&per_page=3&page=2", "All 11 documents – page 2 – searchsvc"),
        ("/?q=zzzznothing", "zzzznothing – 0 results – searchsvc"),
        ("/?q=%22oops", "&#34;oops – invalid query – searchsvc"),
        ("/doc/news/flood-2019.txt?q=river", "River floods in the north – searchsvc"),
        ("/doc/blog/xss.txt", "Hostile &lt;script&gt;alert(&#34;xss&#34;)&lt;/script&gt; title – searchsvc"),
    ],
)
def test_pages_have_descriptive_titles(client, path: str, title: str) -> None:
    html = client.get(path).get_data(as_text=True)
    assert re.search(r"<title>(.*?)</title>", html, re.S).group(1) == title


def test_a_hostile_host_header_cannot_break_the_xml(client) -> None:
    # Hostile Host headers are escaped in the XML, never break out of the attribute.
    resp = client.get("/opensearch.xml", headers={"Host": 'evil.example"><x'})
    assert resp.status_code in (200, 400)
    if resp.status_code == 200:
        ET.fromstring(resp.get_data())
