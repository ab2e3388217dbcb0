"""platforms: a platform's page saved as "HTML only" is the app's shell; its post is in its data."""

from __future__ import annotations

from pathlib import Path

from corpora import indexed

from searchsvc.models import Query
from searchsvc.search import get_document, search

DATA = Path(__file__).parent / "data" / "platforms" / "shells"


def test_a_youtube_page_saved_as_html_only_is_found_by_its_whole_description(tmp_path: Path) -> None:
    live = indexed(tmp_path, {"yt_htmlonly.html": (DATA / "yt_htmlonly.html").read_bytes()})
    # The description in the page's metadata stops at "twelve solidarity ...": the rest is in its player data.
    (hit,) = search(live, Query(q='"solidarity organisations of Latin America"')).hits
    assert (hit.title, hit.date.isoformat(), hit.source) == (
        "Seminar on Songun politics in Caracas", "2023-12-24", "Comité Venezolano de Solidaridad con Corea")
    body = get_document(live, "yt_htmlonly.html").body
    assert body.startswith("Speech by the chairman") and "About" not in body and "..." not in body


def test_an_x_post_fetched_without_its_app_is_its_text_not_the_javascript_notice(tmp_path: Path) -> None:
    live = indexed(tmp_path, {"x_crawler.html": (DATA / "x_crawler.html").read_bytes()})
    (hit,) = search(live, Query(q='"no quarrel with the DPRK"')).hits
    assert (hit.title, hit.source) == ("The British people have no quarrel with the DPRK", "KFA UK")
    assert search(live, Query(q="javascript")).total == 0


def test_a_telegram_post_s_own_page_is_its_text_not_the_prompt_to_install_telegram(tmp_path: Path) -> None:
    # t.me/CHANNEL/123 loads the post in a frame, which the saved page does not hold.
    live = indexed(tmp_path, {"tg_post_shell.html": (DATA / "tg_post_shell.html").read_bytes()})
    (hit,) = search(live, Query(q='"large-scale joint military exercises"')).hits
    assert (hit.title, hit.source) == ("KFA statement on the joint military drills", "Korean Friendship Association")
    body = get_document(live, "tg_post_shell.html").body
    assert "Telegram" not in body and "right away" not in body
