"""The core is a plain library: importing it pulls in no web code."""

from __future__ import annotations

import subprocess
import sys

CORE = [
    "searchsvc",
    "searchsvc.captures",
    "searchsvc.extract",
    "searchsvc.textclean",
    "searchsvc.htmlextract",
    "searchsvc.dates",
    "searchsvc.indexer",
    "searchsvc.search",
    "searchsvc.queryparse",
    "searchsvc.highlight",
    "searchsvc.suggest",
    "searchsvc.generations",
    "searchsvc.live_index",
    "searchsvc.schema",
]


def test_core_modules_do_not_import_flask() -> None:
    code = f"import sys\nfor m in {CORE!r}: __import__(m)\nprint('flask' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
