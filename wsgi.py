"""The WSGI entry point: `gunicorn wsgi:app` from the repository root."""

from gunicorn.errors import AppImportError

from searchsvc.settings import Settings
from searchsvc.web import create_app

try:
    settings = Settings.from_env()
except ValueError as exc:
    # A bad SEARCHSVC_* value: gunicorn prints an AppImportError's message alone and stops, where any
    # other error was a traceback from each worker, the one line that says what to mend at its end.
    raise AppImportError(str(exc)) from None

app = create_app(settings)
