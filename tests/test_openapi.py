"""/api/openapi.json describes the JSON API, and schemathesis (property-based, from that document) finds no
500s and no responses that break the documented schema."""

from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from schemathesis import GenerationMode, checks  # noqa: E402

MAX_EXAMPLES = 60  # per operation; bounded so the whole module stays under a few seconds


def test_openapi_document_is_served_and_lists_the_api(client) -> None:  # noqa: ANN001
    resp = client.get("/api/openapi.json")
    assert resp.status_code == 200
    doc = resp.get_json()
    assert doc["openapi"].startswith("3.")
    assert set(doc["paths"]) == {"/api/search", "/api/documents/{id}", "/healthz"}
    params = {p["name"] for p in doc["paths"]["/api/search"]["get"]["parameters"]}
    assert params == {"q", "page", "per_page", "source", "from", "to", "sort"}
    assert doc["components"]["schemas"]["Error"]["required"] == ["error"]


def test_api_conforms_to_its_openapi_document(app) -> None:  # noqa: ANN001
    # schemathesis' lazy pytest fixture loader does not support pytest 9, so run each operation's
    # strategy with hypothesis directly. Default checks: no 5xx, documented status codes and content
    # types, bodies matching the response schemas.
    api = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    operations = [result.ok() for result in api.get_all_operations()]
    assert len(operations) == 3
    strategies = [
        (operation, mode) for operation in operations for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
    ]
    for operation, mode in strategies:
        if mode is GenerationMode.NEGATIVE and operation.path != "/api/search":
            continue  # any string is a valid id, and /healthz has no parameters: nothing to get wrong

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case) -> None:  # noqa: ANN001
            # Excluded: positive_data_acceptance (a schema-valid `q` can still be unparseable, '"' or '(',
            # and from > to is refused: documented 400s) and negative_data_rejection (the API is lenient
            # by design: a blank parameter means "not given", spaces around numbers are trimmed).
            # What remains: no 5xx, documented status codes and content types, schema-valid bodies.
            case.call_and_validate(excluded_checks=[checks.positive_data_acceptance, checks.negative_data_rejection])

        check()
