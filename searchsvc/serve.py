"""Run the web app under gunicorn (the production WSGI server), never Flask's debug server."""

from __future__ import annotations

import errno
import socket

from gunicorn.app.base import BaseApplication

from .settings import Settings


def cannot_listen(host: str, port: int) -> str | None:
    """Why gunicorn could not listen on host:port, said as what to do; None when it can. Gunicorn itself
    retried for five seconds, logging "Connection in use", and ended with "Can't connect to ('127.0.0.1',
    8000)", after searchsvc had said "Serving on http://127.0.0.1:8000/"."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
    except (socket.gaierror, UnicodeError) as exc:
        return f"cannot listen on {host}: not an address of this machine ({exc}); use --host 127.0.0.1 or 0.0.0.0"
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as gunicorn binds
        try:
            probe.bind(address)
        except OSError as exc:
            where = f"{host}:{port}"
            if exc.errno == errno.EADDRINUSE:
                return f"port {port} is in use on {host} (another server, or a searchsvc serve still running): " \
                       f"stop it, or choose another port with --port"
            if exc.errno == errno.EACCES:
                return f"cannot listen on {where}: permission denied (ports below 1024 need root): " \
                       "choose a port of 1024 or more with --port"
            if exc.errno == errno.EADDRNOTAVAIL:
                return f"cannot listen on {where}: {host} is not an address of this machine; " \
                       "use --host 127.0.0.1 or 0.0.0.0"
            return f"cannot listen on {where}: {exc.strerror or exc}"
    return None


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
