"""The exceptions searchsvc raises, each carrying the HTTP status a web layer should use.

- SearchsvcError (500)
  - QueryError (400): the query or a parameter cannot be used; the message says what to fix
  - DocumentNotFound (404)
  - IndexNotReady (503): there is no index yet, or it cannot be opened
  - IndexBusy (409): another build holds the index lock
- CaptureSkipped: a capture cannot be indexed; the message is the one-line reason
- RawFolderMissing: the raw folder does not exist
- RawFolderEmpty: an update would remove every document because the raw folder holds no captures
- IndexInsideRaw: the index folder is the raw folder or a folder a build would walk in it
"""

from __future__ import annotations


class SearchsvcError(Exception):
    status = 500
    code = "internal_error"

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else self.code


class QueryError(SearchsvcError):
    status = 400
    code = "bad_request"


class DocumentNotFound(SearchsvcError):
    status = 404
    code = "not_found"


class IndexNotReady(SearchsvcError):
    status = 503
    code = "index_not_ready"


class IndexBusy(SearchsvcError):
    status = 409
    code = "index_busy"


class RawFolderMissing(SearchsvcError):
    code = "raw_folder_missing"


class RawFolderEmpty(SearchsvcError):
    code = "raw_folder_empty"


class IndexInsideRaw(SearchsvcError):
    code = "index_inside_raw"


class CaptureSkipped(Exception):
    """Raised by extraction when a capture cannot become a document; str() is the reason."""
