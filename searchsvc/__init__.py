"""searchsvc: full-text search over collections of captured web pages.

The core (captures → extract → indexer → search) is plain Python and imports no web code;
`searchsvc.web` and `searchsvc.cli` are thin layers over it.
"""

from .models import BuildReport, Capture, Document, Hit, PageContent, Query, SearchResults
from .settings import Settings

__version__ = "0.1.0"

__all__ = [
    "BuildReport",
    "Capture",
    "Document",
    "Hit",
    "PageContent",
    "Query",
    "SearchResults",
    "Settings",
    "__version__",
]
