"""Text captures (the visible text of a page) → article text, headline, date and source.

PLACEHOLDER: being replaced by the full boilerplate stripper.
"""

from __future__ import annotations

from .models import PageContent


def extract_text(text: str) -> PageContent:
    """Split a page-text capture into headline and article body, dropping page chrome."""
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    if not lines:
        return PageContent(body="")
    return PageContent(title=lines[0], body="\n\n".join(lines[1:]))
