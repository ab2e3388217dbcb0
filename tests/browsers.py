"""Headless Debian Chromium for the browser tests: how to launch it here, and pages that record trouble."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
# Without the background-networking flags Chromium keeps dialling out on this closed network.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@contextmanager
def launch() -> Iterator[object]:
    """A Playwright Chromium browser on Debian's binary (Playwright's own downloads don't work here)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def served_corpus(base: Path) -> Iterator[str]:
    """The fixture corpus indexed with the real CLI and served by gunicorn; yields the base URL."""
    from conftest import write_corpus
    from servers import gunicorn_server, run_cli

    raw, index = write_corpus(base / "raw"), base / "index"
    run_cli(raw, index, "index", "--quiet")
    with gunicorn_server(raw, index, base) as url:
        yield url


def recording_page(browser, **context_options):  # noqa: ANN001, ANN201
    """A page that dismisses dialogs and records them (`page.dialogs`) and every console error, page error and
    failed subresource (`page.console_errors`; CSP violations are console errors), so tests can assert none."""
    context = browser.new_context(**context_options)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.dialogs, page.console_errors = [], []
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    page.on("console", lambda m: m.type == "error" and "favicon" not in (m.location or {}).get("url", "")
            and page.console_errors.append(m.text))
    # Any failed subresource (stylesheet, script) except the favicon, which the app does not have.
    page.on("response", lambda r: r.status >= 400 and not r.url.endswith("/favicon.ico")
            and r.request.resource_type != "document" and page.console_errors.append(f"{r.status} {r.url}"))
    page.on("pageerror", lambda exc: page.console_errors.append(str(exc)))
    return page
