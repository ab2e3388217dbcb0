"""XPath expressions compiled once, on first use, rather than at every call.

`element.xpath("...")` compiles its expression each time it is called: about 5 µs of a call that
finds nothing in a small page, and the HTML extractor and the platform readers ask a page a dozen
questions. A compiled lxml XPath evaluates under its own lock, so one serves every thread.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # lxml is imported by htmlextract; text captures and searches do not need it
    from lxml.html import HtmlElement


def find(element: HtmlElement, expression: str) -> Any:
    """element.xpath(expression), with the expression compiled once."""
    return _compiled(expression)(element)


@cache
def _compiled(expression: str) -> Any:
    from lxml import etree

    return etree.XPath(expression)
