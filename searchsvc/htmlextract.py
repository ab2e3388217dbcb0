"""HTML captures → article text and page metadata.

PLACEHOLDER: being replaced by the full article extractor.
"""

from __future__ import annotations

from bs4 import BeautifulSoup

from .models import PageContent


def extract_html(data: bytes) -> PageContent:
    """The article body, title, date, source and url of an HTML page given as bytes."""
    soup = BeautifulSoup(data, "lxml")
    for tag in soup(["script", "style", "noscript", "template"]):
        tag.decompose()
    title = soup.title.get_text(" ", strip=True) if soup.title else None
    body = soup.body or soup
    return PageContent(title=title, body=body.get_text("\n", strip=True))
