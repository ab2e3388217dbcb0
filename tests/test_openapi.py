"""/api/openapi.json describes the JSON API, and schemathesis (property-based, from that document) finds no
500s and no responses that break the documented schema."""

from __future__ import annotations

import re

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
    assert set(doc["paths"]) == {
        "/api/search", "/api/search.csv", "/api/search.jsonl", "/api/documents/{id}", "/healthz",
    }
    for path in ("/api/search", "/api/search.csv", "/api/search.jsonl"):
        params = {p["name"] for p in doc["paths"][path]["get"]["parameters"]}
        assert params == {"q", "page", "per_page", "source", "from", "to", "sort", "collapse"}, path
    assert doc["components"]["schemas"]["Error"]["required"] == ["error"]
    schemathesis.openapi.from_dict(doc).validate()  # against the OpenAPI 3.0 meta-schema


def test_openapi_describes_every_field_the_api_returns(client) -> None:  # noqa: ANN001
    # A client generated from the document dropped group and copies (undescribed) and never sent collapse.
    schemas = client.get("/api/openapi.json").get_json()["components"]["schemas"]
    body = client.get("/api/search?q=river").get_json()
    assert set(schemas["SearchResults"]["required"]) == set(schemas["SearchResults"]["properties"]) == set(body)
    assert set(schemas["SearchResults"]["properties"]["facets"]["required"]) == set(body["facets"])
    hit = body["results"][0]
    assert set(schemas["Hit"]["required"]) == set(schemas["Hit"]["properties"]) == set(hit)
    assert schemas["Hit"]["properties"]["copies"]["items"] == {"$ref": "#/components/schemas/Copy"}
    assert set(schemas["Copy"]["required"]) == {"id", "title", "date", "source", "url"}


def test_openapi_parameters_match_what_the_api_accepts(client) -> None:  # noqa: ANN001
    search = client.get("/api/openapi.json").get_json()["paths"]["/api/search"]["get"]
    params = {p["name"]: p for p in search["parameters"]}
    assert params["per_page"]["schema"]["default"] == 10
    assert params["collapse"]["schema"] == {"type": "boolean", "default": True}
    # The last days of a month are dates the API takes (to=1987-03-31); the pattern refused days past 28.
    pattern = re.compile(params["to"]["schema"]["pattern"])
    for bound in ("1987", "1987-03", "1987-03-31", "1987-04-30", "1988-02-29", "1987-3-9"):
        assert pattern.match(bound), bound
        assert client.get(f"/api/search?q=river&to={bound}").status_code == 200
    for bound in ("1987-13", "1987-03-32", "87", "1987-03-31T00:00"):
        assert not pattern.match(bound), bound


def test_api_conforms_to_its_openapi_document(app) -> None:  # noqa: ANN001
    # schemathesis' lazy pytest fixture loader does not support pytest 9, so run each operation's
    # strategy with hypothesis directly. Default checks: no 5xx, documented status codes and content
    # types, bodies matching the response schemas.
    api = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    operations = [result.ok() for result in api.get_all_operations()]
    assert len(operations) == 5
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


def test_openapi_says_what_a_score_of_0_means(client) -> None:  # noqa: ANN001
    # Sorted by date every score is 0.0: a script filtering on score dropped every result, undocumented.
    hits = client.get("/api/search?q=river&sort=newest").get_json()["results"]
    assert hits and {hit["score"] for hit in hits} == {0.0}
    score = client.get("/api/openapi.json").get_json()["components"]["schemas"]["Hit"]["properties"]["score"]
    assert score["minimum"] == 0 and "0 when the results are in date order" in score["description"]


def test_openapi_lists_the_error_codes_a_script_can_branch_on(client) -> None:  # noqa: ANN001
    code = client.get("/api/openapi.json").get_json()["components"]["schemas"]["Error"]["properties"]["error"]
    description = code["properties"]["code"]["description"]
    seen = {
        client.get("/api/search?q=%22").get_json()["error"]["code"],
        client.get("/api/documents/nope.txt").get_json()["error"]["code"],
        client.post("/api/search?q=x").get_json()["error"]["code"],
    }
    assert seen == {"bad_request", "not_found", "method_not_allowed"}
    for name in (*seen, "index_not_ready", "internal_error"):
        assert name in description
