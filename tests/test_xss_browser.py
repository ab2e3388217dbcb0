"""XSS in a real browser: 60 payloads (OWASP XSS filter evasion cheat sheet and similar) in captures' titles,
bodies and sidecar metadata (title, source, url) and in queries, rendered by the search and document pages in
headless Chromium. No script runs, nothing is injected into the DOM, no javascript: link exists, and the pages
send a CSP without inline script, nosniff and a frame policy."""

from __future__ import annotations

import html
import json
import re
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
from browsers import CHROMIUM, launch
from servers import gunicorn_server, run_cli

pytestmark = pytest.mark.e2e

if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is not installed", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")

MARK = "XSSMARK"
JS = f"alert(1);document.title='{MARK}';console.log('{MARK}');window.xss=1"
PAYLOADS = [
    f"<script>{JS}</script>",
    f"<SCRIPT SRC=data:text/javascript,{JS}></SCRIPT>",
    f"<script>/*</script><script>{JS}//*/</script>",
    f"<<SCRIPT>{JS}//<</SCRIPT>",
    f"<img src=x onerror=\"{JS}\">",
    f"<IMG SRC=\"javascript:{JS}\">",
    f"<IMG SRC=javascript:{JS}>",
    f"<IMG SRC=JaVaScRiPt:{JS}>",
    f"<IMG \"\"\"><SCRIPT>{JS}</SCRIPT>\">",
    "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;"
    "&#97;&#108;&#101;&#114;&#116;&#40;&#49;&#41;>",
    "<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x31&#x29>",
    f"<IMG SRC=\"jav\tascript:{JS};\">",
    f"<IMG SRC=\"jav&#x0A;ascript:{JS};\">",
    f"<svg onload={JS}>",
    f"<svg><script>{JS}</script></svg>",
    f"<svg/onload={JS}>",
    f"<svg><animate onbegin={JS} attributeName=x dur=1s>",
    f"<math><mtext><table><mglyph><style><img src=x onerror={JS}>",
    f"<math href=\"javascript:{JS}\">CLICK</math>",
    f"<body onload={JS}>",
    f"<BODY ONLOAD={JS}>",
    f"<iframe src=\"javascript:{JS}\"></iframe>",
    f"<iframe srcdoc=\"<script>{JS}</script>\"></iframe>",
    f"<object data=\"javascript:{JS}\"></object>",
    f"<embed src=\"javascript:{JS}\">",
    f"<a href=\"javascript:{JS}\">click me</a>",
    f"<a href=\"jAvAsCrIpT:{JS}\">x</a>",
    f"<input autofocus onfocus={JS}>",
    f"<details open ontoggle={JS}>",
    f"<video><source onerror=\"{JS}\"></video>",
    f"<audio src=x onerror={JS}>",
    f"<marquee onstart={JS}>",
    f"<div style=\"background:url(javascript:{JS})\">",
    f"<STYLE>@import'javascript:{JS}';</STYLE>",
    f"<LINK REL=\"stylesheet\" HREF=\"javascript:{JS};\">",
    f"<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=javascript:{JS};\">",
    f"<BASE HREF=\"javascript:{JS};//\">",
    f"<form action=\"javascript:{JS}\"><button>go</button></form>",
    f"\"><script>{JS}</script>",
    f"'><script>{JS}</script>",
    f"\" onmouseover=\"{JS}\" x=\"",
    f"' onmouseover='{JS}' x='",
    f"\" autofocus onfocus=\"{JS}",
    f"</title><script>{JS}</script>",
    f"</textarea><script>{JS}</script>",
    f"</style><script>{JS}</script>",
    f"</script><script>{JS}</script>",
    f"--><script>{JS}</script><!--",
    f"<!--<img src=\"--><img src=x onerror={JS}//\">",
    f"<![CDATA[<script>{JS}</script>]]>",
    "{{7*7}}", "${7*7}", "{{constructor.constructor('alert(1)')()}}", "{% raw %}{{7*7}}{% endraw %}", "#{7*7}",
    f"&lt;script&gt;{JS}&lt;/script&gt;",
    f"%3Cscript%3E{JS}%3C%2Fscript%3E",
    f"\\u003cscript\\u003e{JS}\\u003c/script\\u003e",
    f"<scr<script>ipt>{JS}</scr</script>ipt>",
    f"<x onclick={JS}>click</x>",
    f"javascript:{JS}",
    f"<noscript><p title=\"</noscript><img src=x onerror={JS}>\">",
    f"<mark onmouseover={JS}>riverword</mark>",
]
# Sidecar urls: the app must not turn these into javascript:/data: links.
HOSTILE_URLS = [f"javascript:{JS}", f"JavaScript:{JS}", f" javascript:{JS}", f"java\tscript:{JS}",
                f"data:text/html,<script>{JS}</script>", f"vbscript:{JS}",
                f"https://example.org/\"><script>{JS}</script>", f"https://example.org/' onmouseover='{JS}"]
DANGEROUS = ("script, iframe, frame, object, embed, svg, math, img, video, audio, source, base, "
             "meta[http-equiv], style, textarea, details:not(.copies), marquee, noscript, x, form:not(.searchbox)")
# The app's own elements: its external script and the results histogram (an inline SVG it draws).
APP_OWN = 'script[src^="/static/"]:not([src*=":"]), svg[aria-label^="Matches by"]'


def _write_corpus(raw: Path) -> list[str]:
    """One capture per payload (title, source, url from the sidecar; body with two payloads), plus an HTML
    capture carrying payloads as escaped text. Returns the ids of the captures the document pages show."""
    raw.mkdir(parents=True)
    for i, payload in enumerate(PAYLOADS):
        other = PAYLOADS[(i + 7) % len(PAYLOADS)]
        (raw / f"p{i:02d}.txt").write_text(
            f"Plain headline {i}\n\nThe riverword capture {i} carries {payload} in its body.\n\n"
            f"And a second one: {other} riverword again.\n", encoding="utf-8")
        meta = {"title": f"{payload} #{i}", "source": PAYLOADS[(i + 3) % len(PAYLOADS)],
                "url": HOSTILE_URLS[i % len(HOSTILE_URLS)], "date": f"2020-01-{i % 28 + 1:02d}"}
        (raw / f"p{i:02d}.meta.json").write_text(json.dumps(meta), encoding="utf-8")
    (raw / "all.txt").write_text("All payloads in one body\n\n" + "\n\n".join(
        f"Paragraph riverword {i}: {p}" for i, p in enumerate(PAYLOADS)) + "\n", encoding="utf-8")
    (raw / "all.meta.json").write_text(json.dumps({"title": PAYLOADS[38], "source": PAYLOADS[44],
                                                   "url": HOSTILE_URLS[0]}), encoding="utf-8")
    escaped = "".join(f"<p>riverword {html.escape(p)}</p>" for p in PAYLOADS[:30])
    (raw / "page.html").write_text(
        f"<html><head><title>{html.escape(PAYLOADS[43])}</title>"
        f"<link rel=\"canonical\" href=\"javascript:{html.escape(JS)}\">"
        f"<meta property=\"og:site_name\" content=\"{html.escape(PAYLOADS[40])}\"></head><body><article>"
        f"<h1>{html.escape(PAYLOADS[43])}</h1>{escaped}<script>{JS}</script>"
        f"<img src=x onerror=\"{JS}\"></article></body></html>", encoding="utf-8")
    return ["all.txt", "page.html", "p00.txt", "p40.txt"]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list[str]]]:
    base = tmp_path_factory.mktemp("xss")
    raw, index = base / "raw", base / "index"
    doc_ids = _write_corpus(raw)
    run_cli(raw, index, "index", "--quiet")
    with gunicorn_server(raw, index, base) as url:
        yield url, doc_ids


@pytest.fixture(scope="module")
def page(site) -> Iterator[object]:  # noqa: ANN001
    with launch() as browser:
        context = browser.new_context(java_script_enabled=True)
        context.set_default_timeout(15_000)
        pg = context.new_page()
        pg.events = []
        pg.on("dialog", lambda d: (pg.events.append(f"dialog: {d.message}"), d.dismiss()))
        # Not events: the favicon the app does not have, and the status of a 400 page itself.
        pg.on("console", lambda m: "favicon.ico" not in (m.location or {}).get("url", "")
              and "status of 400" not in m.text and pg.events.append(f"console {m.type}: {m.text}"))
        pg.on("pageerror", lambda exc: pg.events.append(f"pageerror: {exc}"))
        yield pg


def _check(page, url: str) -> dict:  # noqa: ANN001
    page.events.clear()
    resp = page.goto(url, wait_until="load")
    page.wait_for_timeout(150)  # let any injected timers, autofocus or animations fire
    headers = resp.headers
    csp = headers.get("content-security-policy", "")
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp, csp
    assert "object-src 'none'" in csp and "frame-ancestors 'none'" in csp, csp
    assert headers.get("x-content-type-options") == "nosniff"
    assert headers.get("x-frame-options") == "DENY"
    # Nothing ran: no dialog, no marker, and no CSP violation (which would mean markup was injected
    # and only the policy stopped it).
    assert page.events == [], (url, page.events)
    assert page.title() != MARK and MARK not in page.title().split(" – ")[-1]
    assert page.evaluate("() => window.xss") is None
    state = page.evaluate(f"""() => {{ const APP_OWN = {json.dumps(APP_OWN)}; return ({{
        dangerous: [...document.querySelectorAll({json.dumps(DANGEROUS)})]
            .filter(e => !e.matches(APP_OWN)).map(e => e.outerHTML.slice(0, 120)),
        handlers: [...document.querySelectorAll('*')].flatMap(e => [...e.attributes]
            .filter(a => a.name.startsWith('on')).map(a => e.tagName + ' ' + a.name)),
        links: [...document.querySelectorAll('a[href], area[href], a[*|href]')].map(a => {{
            const href = a.getAttribute('href') ?? a.getAttribute('xlink:href');
            return [new URL(href, location.href).protocol, href]; }}),
        scripts: [...document.scripts].filter(e => !e.matches(APP_OWN)).length,
        text: document.body.innerText,
    }}); }}""")
    assert state["dangerous"] == [], (url, state["dangerous"][:5])
    assert state["handlers"] == [], (url, state["handlers"][:5])
    assert state["scripts"] == 0
    bad_links = [href for proto, href in state["links"] if proto not in ("http:", "https:")]
    assert bad_links == [], (url, bad_links[:5])
    return state


def test_search_page_lists_every_payload_as_text(site, page) -> None:  # noqa: ANN001
    base, _ids = site
    state = _check(page, f"{base}/?q=&per_page=100&collapse=false")  # every capture, not one per group
    titles = page.locator(".hit h3 a").all_inner_texts()
    assert len(titles) == len(PAYLOADS) + 2
    shown = {" ".join(t.split()) for t in titles}
    for i, payload in enumerate(PAYLOADS):
        assert " ".join(f"{payload} #{i}".split()) in shown, payload  # shown literally (tabs become spaces)
    # Facet links carry payload sources in their query strings, escaped.
    assert "source" in state["text"].lower()
    state = _check(page, f"{base}/?q=riverword&per_page=100")
    assert page.locator(".snippet mark").count() > 0


@pytest.mark.parametrize("n", range(4))
def test_document_pages_show_payloads_as_text(site, page, n: int) -> None:  # noqa: ANN001
    base, ids = site
    doc_id = ids[n]
    q = urllib.parse.quote(PAYLOADS[(n * 11) % len(PAYLOADS)] + " riverword")
    state = _check(page, f"{base}/doc/{doc_id}?q={q}")
    if doc_id == "all.txt":
        # Shown literally (a few paragraphs may be dropped by boilerplate removal; none may run).
        shown = [p for p in PAYLOADS if p.replace("\t", " ") in state["text"].replace("\t", " ")]
        assert len(shown) >= 0.5 * len(PAYLOADS), len(shown)
        assert page.locator("h1").inner_text() == PAYLOADS[38]
    assert page.locator(".body mark").count() > 0
    # The sidecar's javascript: url is not a link (and not shown as one).
    assert page.locator("a.url").count() in (0, 1)
    for href in page.locator("a.url").evaluate_all("els => els.map(e => e.href)"):
        assert re.match(r"https?://", href), href


def test_payloads_in_queries_are_shown_as_text(site, page) -> None:  # noqa: ANN001
    base, _ids = site
    joined = " ".join(PAYLOADS[:20])[:1900]
    for params in ({"q": joined}, {"q": PAYLOADS[0] + " nosuchwordanywhere", "source": "Nowhere"},
                   {"q": PAYLOADS[41], "sort": PAYLOADS[38], "from": PAYLOADS[44]}):
        _check(page, f"{base}/?{urllib.parse.urlencode(params)}")
        assert page.locator("input[name=q]").input_value() == params["q"]
