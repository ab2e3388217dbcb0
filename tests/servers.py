"""Helpers for the end-to-end tests: run the real CLI and a real gunicorn server, talk plain HTTP to it."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
CLI_TIMEOUT = 60


def free_port() -> int:
    """A port nobody listens on right now (the OS picks it for a bind to port 0)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_cli(raw: Path, index: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`searchsvc --raw RAW --index INDEX ARGS...` in a subprocess of this venv's Python; fails on exit != 0."""
    proc = subprocess.run(
        [sys.executable, "-m", "searchsvc", "--raw", str(raw), "--index", str(index), *args],
        cwd=REPO, capture_output=True, text=True, timeout=CLI_TIMEOUT, check=False,
    )
    assert proc.returncode == 0, f"searchsvc {' '.join(args)} exited {proc.returncode}:\n{proc.stderr}"
    return proc


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    text: str

    def json(self) -> Any:
        return json.loads(self.text)


def http_get(url: str, *, timeout: float = 10.0) -> Response:
    """GET with the standard library; HTTP error statuses are returned, not raised (network errors are)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:  # noqa: S310 - local test server
            return Response(resp.status, dict(resp.headers.items()), resp.read().decode("utf-8"))
    except urllib.error.HTTPError as exc:
        with exc:
            return Response(exc.code, dict(exc.headers.items()), exc.read().decode("utf-8", "replace"))


@contextmanager
def gunicorn_server(raw: Path, index: Path, log_dir: Path, *, workers: int = 2,
                    ready_timeout: float = 20.0) -> Iterator[str]:
    """Run `gunicorn wsgi:app` from the repository root on a free port; yields its base URL.

    Waits until /healthz answers 200; always stops the server (terminate, then kill on timeout).
    """
    port = free_port()
    env = dict(os.environ, SEARCHSVC_RAW_DIR=str(raw), SEARCHSVC_INDEX_DIR=str(index))
    log_path = Path(log_dir) / f"gunicorn-{port}.log"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-w", str(workers), "-b", f"127.0.0.1:{port}",
             "--graceful-timeout", "5", "wsgi:app"],
            cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(proc, base, log_path, ready_timeout)
        yield base
    finally:
        _stop(proc)


def _wait_ready(proc: subprocess.Popen[bytes], base: str, log_path: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    last = "no answer"
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"gunicorn exited with {proc.returncode}:\n{log_path.read_text()}")
        try:
            resp = http_get(base + "/healthz", timeout=2)
            if resp.status == 200:
                return
            last = f"{resp.status} {resp.text[:200]}"
        except OSError as exc:
            last = repr(exc)
        time.sleep(0.1)
    raise AssertionError(f"gunicorn not ready after {timeout}s ({last}):\n{log_path.read_text()}")


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            # The server runs in its own session: kill it and the workers it forked.
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
