"""The two reference engines of bench/perf.py: a default-settings Whoosh build ("naive peer") and SQLite FTS5.

Both index the same records perf.py writes as captures (id, title, date YYYY-MM-DD or None, source, url,
body) and answer the same query strings with a page of 10 hits (stored fields + highlighted snippet), the
total and source/year facet counts, with optional date-range + source filters.

Builds run in a subprocess so their time and peak memory are measured like `searchsvc index`:

    python bench/_perf_refs.py build  {naive|fts5} DOCS.jsonl OUT
    python bench/_perf_refs.py update {naive|fts5} CHANGES.jsonl OUT   # lines: {"op": "upsert"|"delete", ...}
"""

from __future__ import annotations

import json
import re
import sqlite3
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

PER_PAGE = 10


def load_jsonl(path: Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _day(value: str | None) -> datetime | None:
    if not value:
        return None
    d = date.fromisoformat(value[:10])
    return datetime(d.year, d.month, d.day)


# ---------------------------------------------------------------- naive Whoosh (defaults everywhere)


def naive_schema():  # noqa: ANN201
    from whoosh import fields

    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        title=fields.TEXT(stored=True),
        body=fields.TEXT(stored=True),
        date=fields.DATETIME(stored=True),
        source=fields.ID(stored=True),
        year=fields.ID(stored=True),
        url=fields.STORED(),
    )


def _naive_fields(rec: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"id": rec["id"], "title": rec["title"], "body": rec["body"]}
    day = _day(rec.get("date"))
    if day:
        out["date"] = day
        out["year"] = str(day.year)
    if rec.get("source"):
        out["source"] = rec["source"]
    if rec.get("url"):
        out["url"] = rec["url"]
    return out


def naive_build(records: list[dict[str, Any]], out: Path) -> None:
    from whoosh import index

    out.mkdir(parents=True, exist_ok=True)
    ix = index.create_in(str(out), naive_schema())
    writer = ix.writer()
    for rec in records:
        writer.add_document(**_naive_fields(rec))
    writer.commit()


def naive_update(changes: list[dict[str, Any]], out: Path) -> None:
    from whoosh import index

    ix = index.open_dir(str(out))
    writer = ix.writer()
    for ch in changes:
        if ch["op"] == "delete":
            writer.delete_by_term("id", ch["id"])
        else:
            writer.update_document(**_naive_fields(ch))
    writer.commit()


class NaiveEngine:
    """Searcher and parser opened once and reused (the one piece of advice any tutorial gives)."""

    def __init__(self, path: Path) -> None:
        from whoosh import index
        from whoosh.qparser import MultifieldParser

        self.ix = index.open_dir(str(path))
        self.searcher = self.ix.searcher()
        self.parser = MultifieldParser(["title", "body"], self.ix.schema)

    def search(self, q: str, source: str | None = None, date_from: date | None = None,
               date_to: date | None = None) -> dict[str, Any]:
        from whoosh import query as wq
        from whoosh import sorting

        parsed = self.parser.parse(q)
        filt = None
        if source or date_from or date_to:
            parts = []
            if date_from or date_to:
                start = datetime(date_from.year, date_from.month, date_from.day) if date_from else None
                end = datetime(date_to.year, date_to.month, date_to.day, 23, 59, 59) if date_to else None
                parts.append(wq.DateRange("date", start, end))
            if source:
                parts.append(wq.Term("source", source))
            filt = wq.And(parts)
        results = self.searcher.search(
            parsed, filter=filt, limit=PER_PAGE,
            groupedby={"source": sorting.FieldFacet("source"), "year": sorting.FieldFacet("year")},
        )
        hits = []
        for hit in results:
            f = hit.fields()
            hits.append({
                "id": f["id"], "title": f.get("title"), "source": f.get("source"), "url": f.get("url"),
                "date": f["date"].date().isoformat() if f.get("date") else None,
                "score": hit.score, "snippet": hit.highlights("body"),
            })
        facets = {name: {str(k): len(v) for k, v in results.groups(name).items() if k} for name in ("source", "year")}
        return {"total": len(results), "results": hits, "facets": facets}

    def close(self) -> None:
        self.searcher.close()


# ---------------------------------------------------------------- SQLite FTS5

_FTS_DDL = """
CREATE TABLE docmeta(rowid INTEGER PRIMARY KEY, id TEXT UNIQUE NOT NULL, date TEXT, year TEXT, source TEXT, url TEXT);
CREATE VIRTUAL TABLE docs USING fts5(title, body, tokenize='porter unicode61');
"""
_TOKEN = re.compile(r'"[^"]*"|\bOR\b|[^\W_]+(?:\'[^\W_]+)?', re.UNICODE)


def _fts_insert(con: sqlite3.Connection, rec: dict[str, Any]) -> None:
    day = rec.get("date")
    day = day[:10] if day else None
    cur = con.execute(
        "INSERT INTO docmeta(id, date, year, source, url) VALUES (?, ?, ?, ?, ?)",
        (rec["id"], day, day[:4] if day else None, rec.get("source"), rec.get("url")),
    )
    con.execute("INSERT INTO docs(rowid, title, body) VALUES (?, ?, ?)", (cur.lastrowid, rec["title"], rec["body"]))


def _fts_delete(con: sqlite3.Connection, doc_id: str) -> None:
    row = con.execute("SELECT rowid FROM docmeta WHERE id = ?", (doc_id,)).fetchone()
    if row:
        con.execute("DELETE FROM docs WHERE rowid = ?", row)
        con.execute("DELETE FROM docmeta WHERE rowid = ?", row)


def fts_build(records: list[dict[str, Any]], out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(out)
    con.executescript(_FTS_DDL)
    with con:
        for rec in records:
            _fts_insert(con, rec)
    con.execute("INSERT INTO docs(docs) VALUES ('optimize')")
    con.commit()
    con.close()


def fts_update(changes: list[dict[str, Any]], out: Path) -> None:
    con = sqlite3.connect(out)
    with con:
        for ch in changes:
            _fts_delete(con, ch["id"])
            if ch["op"] != "delete":
                _fts_insert(con, ch)
    con.close()


def fts_match(q: str) -> str | None:
    """The query string in FTS5 syntax: words and phrases quoted, OR kept, punctuation dropped."""
    parts = []
    for tok in _TOKEN.findall(q):
        if tok == "OR":
            if parts and parts[-1] != "OR":
                parts.append("OR")
        elif tok.startswith('"'):
            words = re.findall(r"[^\W_]+", tok)
            if words:
                parts.append('"' + " ".join(words) + '"')
        else:
            parts.append('"' + tok.replace("'", " ") + '"')
    while parts and parts[-1] == "OR":
        parts.pop()
    while parts and parts[0] == "OR":
        parts.pop(0)
    return " ".join(parts) or None


class Fts5Engine:
    def __init__(self, path: Path) -> None:
        self.con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)

    def search(self, q: str, source: str | None = None, date_from: date | None = None,
               date_to: date | None = None) -> dict[str, Any]:
        match = fts_match(q)
        if match is None:
            return {"total": 0, "results": [], "facets": {"source": {}, "year": {}}}
        where = ["docs MATCH ?"]
        args: list[Any] = [match]
        if source:
            where.append("m.source = ?")
            args.append(source)
        if date_from:
            where.append("m.date >= ?")
            args.append(date_from.isoformat())
        if date_to:
            where.append("m.date <= ?")
            args.append(date_to.isoformat())
        cond = " AND ".join(where)
        base = f"FROM docs JOIN docmeta m ON m.rowid = docs.rowid WHERE {cond}"
        rows = self.con.execute(
            "SELECT m.id, docs.title, m.date, m.source, m.url, bm25(docs, 2.5, 1.0) AS score, "
            f"snippet(docs, 1, '<mark>', '</mark>', '…', 40) {base} ORDER BY score LIMIT {PER_PAGE}",
            args,
        ).fetchall()
        hits = [
            {"id": r[0], "title": r[1], "date": r[2], "source": r[3], "url": r[4], "score": -r[5], "snippet": r[6]}
            for r in rows
        ]
        facets = {
            "source": dict(self.con.execute(f"SELECT m.source, count(*) {base} GROUP BY m.source", args).fetchall()),
            "year": dict(self.con.execute(f"SELECT m.year, count(*) {base} GROUP BY m.year", args).fetchall()),
        }
        facets = {name: {str(k): v for k, v in counts.items() if k} for name, counts in facets.items()}
        total = self.con.execute(f"SELECT count(*) {base}", args).fetchone()[0]
        return {"total": total, "results": hits, "facets": facets}

    def close(self) -> None:
        self.con.close()


def open_engine(kind: str, path: Path):  # noqa: ANN201
    return NaiveEngine(path) if kind == "naive" else Fts5Engine(path)


def main(argv: list[str]) -> int:
    action, kind, data, out = argv[1], argv[2], Path(argv[3]), Path(argv[4])
    records = load_jsonl(data)
    fn = {("build", "naive"): naive_build, ("build", "fts5"): fts_build,
          ("update", "naive"): naive_update, ("update", "fts5"): fts_update}[(action, kind)]
    fn(records, out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
