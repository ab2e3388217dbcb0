"""The WSGI entry point: `gunicorn wsgi:app` from the repository root."""

from searchsvc.web import create_app

app = create_app()
