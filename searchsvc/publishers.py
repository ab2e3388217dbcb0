"""The publishers whose sites this collection captures, by host: the name a page of theirs that names
no publisher is listed under.

A page that names no publisher is published by its host ("kcna.kp"), while the same item's text
copy, or a page of the same site with a dateline, names the agency ("KCNA"): the source facet listed
one publisher twice, and a filter on either name missed the other's items. Every site knowledge the
service needs about publishers is this table; any other host stays its own name.
"""

from __future__ import annotations

# host (and every subdomain of it) → the name the publisher's own datelines, sites and sidecars give it
_PUBLISHERS = {
    "kcna.kp": "KCNA",
    "kcna.co.jp": "KCNA",  # the agency's site in Japan until 2012
    "rodong.rep.kp": "Rodong Sinmun",
    "naenara.com.kp": "Naenara",
    "pyongyangtimes.com.kp": "The Pyongyang Times",
    "vok.rep.kp": "Voice of Korea",
    "kcnawatch.org": "KCNA Watch",
    "korea-dpr.com": "Korean Friendship Association",
    "prensa-latina.cu": "Prensa Latina",
    "plenglish.com": "Prensa Latina",
    "tass.com": "TASS",
    "tass.ru": "TASS",
    "xinhuanet.com": "Xinhua",
    "news.cn": "Xinhua",
}


def publisher_of_host(host: str) -> str:
    """The publisher a page of `host` is listed under: its name when the host is a known publisher's
    (or a subdomain of one: "www.", "en."), else the host without "www."."""
    host = host.lower().rstrip(".")
    labels = host.split(".")
    for i in range(len(labels) - 1):
        if name := _PUBLISHERS.get(".".join(labels[i:])):
            return name
    return host.removeprefix("www.")
