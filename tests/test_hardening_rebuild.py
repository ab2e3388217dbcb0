"""Rebuild under load, quick variant of bench/rebuild_under_load.py (which does 10 rebuilds, 4 clients):
several clients query gunicorn (3 workers) without pause while `searchsvc index` runs; no failed or 5xx
request, no answer from an incomplete index, each new capture found on the first request after the switch."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from servers import REPO

sys.path.insert(0, str(REPO / "bench"))
from rebuild_under_load import run_load  # noqa: E402

pytestmark = pytest.mark.e2e


def test_rebuilds_under_multi_client_load(tmp_path: Path) -> None:
    result = run_load(tmp_path, rebuilds=4, clients=3, workers=3, captures=60, max_seconds=60, log=lambda _m: None)
    print(f"\n{result.requests} requests during 4 rebuilds, {len(result.errors)} errors, switches {result.switches}")
    assert result.errors == []
    assert result.server_errors == 0
    assert result.partial == []
    assert result.requests >= 100
    assert len(result.totals_seen) >= 3  # old, intermediate and new generations were all served
    for switch in result.switches:
        assert switch["visible_ms"] is not None, switch
        assert switch["client_requests_during_build"] > 0, switch  # the build really ran under load
