"""Run the web app under gunicorn (the production WSGI server), never Flask's debug server."""

from __future__ import annotations

from gunicorn.app.base import BaseApplication

from .settings import Settings


class _Server(BaseApplication):
    def __init__(self, settings: Settings, options: dict[str, object]) -> None:
        self.settings = settings
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):  # noqa: ANN201
        from .web import create_app

        return create_app(self.settings)


def run(settings: Settings, *, host: str, port: int, workers: int) -> None:
    """Serve until interrupted; sync workers suit Whoosh's CPU-bound searches best."""
    _Server(
        settings,
        {
            "bind": f"{host}:{port}",
            "workers": workers,
            "worker_class": "sync",
            "accesslog": "-",
            "timeout": 60,
            "limit_request_line": 8190,
        },
    ).run()
