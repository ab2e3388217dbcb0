"""platforms: statements posted on Telegram, X, Facebook and YouTube, saved from the browser."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from corpora import indexed

from searchsvc.models import Query
from searchsvc.search import get_document, search

DATA = Path(__file__).parent / "data" / "platforms"
# Each platform's chrome as it reads on the page: none of it is the statement. Labels alone on their
# line (a post may say "Subscribe to our channel"), and what no sentence of a statement has.
CHROME_LINES = {"Log In", "See translation", "Like", "Comment", "Share", "View in Telegram", "Preview channel",
                "Translate post", "Post", "Conversation", "Post your reply", "Subscribe", "Download", "Clip",
                "Save", "...more", "Show less", "#DPRK"}
CHROME = ("Forgot account", "Create new account", "All reactions", "4 comments", "View more comments", "If you have",
          "2.3K", "1.8K", "1,873 views", "1.2K subscribers", "Replying to", "Trending", "Relevant people")


def _index(tmp_path: Path):
    return indexed(tmp_path, {p.name: p.read_bytes() for p in DATA.glob("*.html")})


def _first(live, q: str):
    results = search(live, Query(q=q))
    assert results.hits, q
    return results.hits[0]


def test_a_post_s_sentence_finds_it_first_with_its_own_title_date_and_author(tmp_path: Path) -> None:
    live = _index(tmp_path)
    expected = {
        # The first sentence of the post, which the page also has as its title or description.
        '"warmly congratulates the Workers\' Party of Korea on its 79th founding anniversary"':
            ("fb_post.html", "2024-10-10", "Nigerian Committee for Solidarity with Korea",
             "The Nigerian Committee for Solidarity with Korea warmly congratulates"),
        '"stands firmly with the Korean people against the hostile policy"':
            ("x_post.html", "2024-10-07", "Partido Comunista (PCRF)",
             "Our party stands firmly with the Korean people against the hostile policy of the United States"),
        '"strongly condemns the large-scale joint military exercises"':
            ("tg_post.html", "2024-08-19", "Korean Friendship Association",
             "KFA statement on the joint military drills"),
        '"held a rally in front of the US embassy in Lima"':
            ("yt_video.html", "2024-06-26", "Comité Peruano de Amistad con Corea",
             "Solidarity rally with the DPRK in Lima, Peru (25 June 2024)"),
    }
    for q, (doc_id, day, author, title) in expected.items():
        hit = _first(live, q)
        assert (hit.id, hit.date and hit.date.isoformat(), hit.source) == (doc_id, day, author), q
        assert hit.title.startswith(title), (q, hit.title)
        body = get_document(live, doc_id).body
        assert not CHROME_LINES & set(body.split("\n")), doc_id
        for chrome in CHROME:
            assert chrome not in body, (doc_id, chrome)
    platforms = {"Telegram", "Facebook", "YouTube", "X (formerly Twitter)"}
    assert not platforms & set(search(live, Query(q="")).facets["source"])


def test_a_reply_or_comment_is_not_the_post_s_text(tmp_path: Path) -> None:
    live = _index(tmp_path)
    for q in ('"blockade only hurts ordinary people"', '"see you at the meeting in Abuja"', '"Greetings from Chile"',
              '"Why the Korean War never ended"'):
        res = search(live, Query(q=q))
        # A quotation of 4 words or more no text has is relaxed to the documents with its words.
        assert res.total == 0 or res.quoted == 0, q


def test_a_telegram_channel_page_keeps_every_post_and_is_dated_by_its_newest(tmp_path: Path) -> None:
    live = _index(tmp_path)
    for q in ('"warmest congratulations to the heroic Korean people"', '"eleven organisations signed a joint letter"',
              '"Nigerian Study Group on the Juche Idea"'):
        hit = _first(live, q)
        assert (hit.id, hit.title, hit.source) == ("tg_channel.html", "Korean Friendship Association",
                                                    "Korean Friendship Association"), q
        assert hit.date.isoformat() == "2024-09-11"
    body = get_document(live, "tg_channel.html").body
    assert "4.12K" not in body and "Download Telegram" not in body and "1.8K" not in body


def test_a_post_copied_from_the_platform_s_page_is_its_text_without_the_buttons_and_counts(tmp_path: Path) -> None:
    live = indexed(tmp_path, {p.name: p.read_bytes() for p in DATA.glob("*.txt")})
    hit = _first(live, '"peaceful reunification of their country"')
    assert hit.id == "fb_post_copy.txt"
    assert hit.date.isoformat() == "2024-10-10"
    body = get_document(live, "fb_post_copy.txt").body
    assert body.endswith("Long live the friendship between the peoples of Nigeria and Korea!")
    for chrome in ("See translation", "All reactions", "37", "4 comments", "Reply", "Emeka Obi"):
        assert chrome not in body, chrome
    # X's copied page opens with its sign-up prompt, which is no title.
    hit = _first(live, '"hostile policy of the United States"')
    assert hit.id == "x_post_copy.txt" and "happening" not in hit.title
    assert search(live, Query(q='"first to know"')).total == 0
    assert "View in Telegram" not in get_document(live, "tg_post_copy.txt").body


def test_a_post_s_last_paragraph_ending_in_its_hashtag_or_link_is_kept(tmp_path: Path) -> None:
    live = indexed(tmp_path, {p.name: p.read_bytes() for p in DATA.glob("*.txt")})
    for q, doc_id, ending in (
        ('"79th anniversary of the WPK"', "x_post_copy.txt", "of the WPK! pcrf.es/declaracion-wpk"),
        ('"will hold solidarity meetings this week"', "tg_channel_copy.txt", "meetings this week. #DPRK76"),
    ):
        hit = _first(live, q)
        assert hit.id == doc_id, q
        assert "<mark>" in hit.snippet
        assert any(line.endswith(ending) for line in get_document(live, doc_id).body.split("\n"))


def test_a_medium_story_is_its_writer_s_not_medium_s_and_its_responses_are_not_its_text(tmp_path: Path) -> None:
    live = _index(tmp_path)
    hit = _first(live, '"masters of the revolution and of their own destiny"')
    assert (hit.id, hit.title, hit.source, hit.date.isoformat()) == (
        "medium.html", "Solidarity with the DPRK: a statement from our collective", "Red Study Circle", "2024-04-15")
    body = get_document(live, "medium.html").body
    assert body.startswith("On the Day of the Sun our collective sends its warmest greetings")
    assert body.endswith("to join us.")
    assert search(live, Query(q='"Great statement, comrades"')).total == 0
    assert "Medium" not in search(live, Query(q="")).facets["source"]


def test_a_telegram_channel_page_copied_as_text_keeps_every_post_under_the_channel_s_name(tmp_path: Path) -> None:
    live = indexed(tmp_path, {p.name: p.read_bytes() for p in DATA.glob("*.txt")})
    for q in ('"warmest congratulations to the heroic Korean people"', '"eleven organisations signed a joint letter"',
              '"Nigerian Study Group on the Juche Idea"'):
        hit = _first(live, q)
        assert (hit.id, hit.title, hit.source) == ("tg_channel_copy.txt", "Korean Friendship Association",
                                                    "Korean Friendship Association"), q
    body = get_document(live, "tg_channel_copy.txt").body
    for chrome in ("views", "4.12K", "Forwarded from", "View in Telegram", "Download Telegram", "@kfa_official"):
        assert chrome not in body, chrome


def test_a_vk_or_mastodon_post_is_its_text_by_its_author_without_replies(tmp_path: Path) -> None:
    live = _index(tmp_path)
    expected = {
        '"построил независимое социалистическое государство"': ("vk_post.html", "2024-09-09", "Общество дружбы с КНДР"),
        # Saved as "HTML only", Mastodon's page is its app's shell: its text says to enable JavaScript.
        '"renew our pledge to oppose the sanctions"':
            ("mastodon_post.html", "2024-09-09", "Korean Friendship Association"),
        '"Three Revolutions Exhibition"': ("mastodon_rendered.html", "2024-10-02", "Partido Comunista (PCRF)"),
    }
    for q, (doc_id, day, author) in expected.items():
        hit = _first(live, q)
        assert (hit.id, hit.date.isoformat(), hit.source) == (doc_id, day, author), q
        assert "@" not in hit.title and "enable JavaScript" not in get_document(live, doc_id).body
    for reply in ('"Слава Корее"', '"schoolchildren\'s palace"', '"boosts"'):
        assert search(live, Query(q=reply)).total == 0, reply
    assert not {"VK", "Mastodon"} & set(search(live, Query(q="")).facets["source"])


def test_a_post_copied_from_x_or_mastodon_is_dated_by_the_time_line_under_it(tmp_path: Path) -> None:
    live = indexed(tmp_path, {p.name: p.read_bytes() for p in DATA.glob("*.txt")})
    for q, doc_id, day in (('"hostile policy of the United States"', "x_post_copy.txt", "2024-10-07"),
                           ('"Three Revolutions Exhibition"', "mastodon_copy.txt", "2024-10-02")):
        hit = _first(live, q)
        assert (hit.id, hit.date and hit.date.isoformat()) == (doc_id, day), q
    # Listed under October 2024 with the Facebook post of the 10th.
    october = search(live, Query(q="", date_from=date(2024, 10, 1), date_to=date(2024, 10, 31), collapse=False))
    assert {h.id for h in october.hits} == {"x_post_copy.txt", "mastodon_copy.txt", "fb_post_copy.txt"}


def test_a_mastodon_post_copied_as_text_keeps_its_first_paragraph_and_is_not_titled_by_its_handle(
        tmp_path: Path) -> None:
    live = indexed(tmp_path, {p.name: p.read_bytes() for p in DATA.glob("*.txt")})
    hit = _first(live, '"took part in the international seminar on the Juche idea"')
    assert hit.id == "mastodon_copy.txt" and "@" not in hit.title
    body = get_document(live, "mastodon_copy.txt").body
    assert body.startswith("Our delegation returned from Pyongyang")
    for chrome in ("masto.es", "boosts", "favorites", "best way to keep up"):
        assert chrome not in body, chrome


def test_a_long_facebook_post_saved_cut_short_is_indexed_whole_without_see_more(tmp_path: Path) -> None:
    live = _index(tmp_path)
    results = search(live, Query(q='"reunification of their country"', collapse=False))
    assert "fb_truncated.html" in {h.id for h in results.hits}
    body = get_document(live, "fb_truncated.html").body
    assert body.endswith("Long live the friendship between the peoples of Nigeria and Korea!")
    assert "See more" not in body


def test_a_post_saved_as_a_page_and_copied_as_text_shows_the_same_title_date_and_account(tmp_path: Path) -> None:
    names = ("x_post.html", "x_post_copy.txt", "mastodon_rendered.html", "mastodon_copy.txt")
    live = indexed(tmp_path, {name: (DATA / name).read_bytes() for name in names})
    for page, copy in (names[:2], names[2:]):
        shown = {h.id: (h.title, h.date, h.source) for h in search(live, Query(q="", collapse=False)).hits}
        assert shown[page] == shown[copy], (page, copy)
        assert shown[copy][2] == "Partido Comunista (PCRF)"
    by_account = search(live, Query(q="", source="Partido Comunista (PCRF)", collapse=False))
    assert {h.id for h in by_account.hits} == set(names)


def test_a_medium_story_copied_as_text_is_titled_with_its_headline_not_open_in_app(tmp_path: Path) -> None:
    live = indexed(tmp_path, {"medium_copy.txt": (DATA / "medium_copy.txt").read_bytes()})
    hit = _first(live, '"masters of the revolution"')
    assert hit.title == "Solidarity with the DPRK: a statement from our collective"
    assert hit.date.isoformat() == "2024-04-15"
    assert search(live, Query(q='"Great statement, comrades"')).total == 0


def test_a_facebook_post_saved_and_copied_shows_the_same_title_date_and_page(tmp_path: Path) -> None:
    live = indexed(tmp_path, {name: (DATA / name).read_bytes() for name in ("fb_post.html", "fb_post_copy.txt")})
    shown = {h.id: (h.title, h.date, h.source) for h in search(live, Query(q="", collapse=False)).hits}
    assert shown["fb_post_copy.txt"] == shown["fb_post.html"]
    assert shown["fb_post_copy.txt"][2] == "Nigerian Committee for Solidarity with Korea"
