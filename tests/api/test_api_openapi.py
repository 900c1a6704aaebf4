"""The OpenAPI document is a valid 3.1 description of exactly the routes the app serves."""
from __future__ import annotations

import re

import jsonschema
import requests

IGNORED_METHODS = {"HEAD", "OPTIONS"}


def app_routes(app) -> set[tuple[str, str]]:
    """(OpenAPI path template, method) for every JSON route of the Flask app."""
    routes = set()
    for rule in app.url_map.iter_rules():
        if not (rule.rule.startswith("/api/") or rule.rule in ("/healthz", "/readyz")):
            continue
        template = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)
        routes |= {(template, method.lower()) for method in rule.methods - IGNORED_METHODS}
    return routes


def documented_routes(document: dict) -> set[tuple[str, str]]:
    return {(path, method) for path, operations in document["paths"].items() for method in operations}


def test_openapi_describes_every_route_and_only_those(app, openapi):
    served = app_routes(app)
    documented = documented_routes(openapi.document)
    assert served, "the app serves no /api route"
    assert served - documented == set(), "routes the OpenAPI does not describe"
    assert documented - served == set(), "the OpenAPI describes routes the app does not serve"


def test_openapi_path_parameters_match_their_templates(openapi):
    for path, operations in openapi.document["paths"].items():
        in_template = set(re.findall(r"{([^}]+)}", path))
        for method, operation in operations.items():
            declared = {p["name"] for p in operation.get("parameters", []) if p["in"] == "path"}
            assert declared == in_template, (method, path)


def test_openapi_schemas_are_valid_json_schema(openapi):
    assert openapi.document["openapi"].startswith("3.1")
    for name, schema in openapi.document["components"]["schemas"].items():
        jsonschema.Draft202012Validator.check_schema(schema)
    # Every reference points at a schema that exists.
    references = set(refs(openapi.document))
    assert references
    assert {r.removeprefix("#/components/schemas/") for r in references} <= set(
        openapi.document["components"]["schemas"]), references


def refs(node):
    """Every "$ref" value anywhere in a JSON document."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from refs(value)


def test_every_documented_response_has_a_schema(openapi):
    for path, operations in openapi.document["paths"].items():
        for method, operation in operations.items():
            assert {"200", "201"} & set(operation["responses"]), (method, path)
            for status, response in operation["responses"].items():
                # JSON, except a document's original file (the bytes uploaded), tables and feedback as
                # CSV, a conversation as Markdown and the docs page (/api/docs) as HTML.
                content = response["content"]
                assert content and set(content) <= {"application/json", "text/csv", "application/octet-stream",
                                                    "text/markdown", "text/html"}, (method, path, status)
                assert all("schema" in media for media in content.values()), (method, path, status)


def test_openapi_json_validates_its_own_error_example(live_server, openapi):
    response = requests.get(live_server.url + "/api/tables/no-such-table", timeout=10)
    assert response.status_code == 404
    openapi.validate(response, "/api/tables/{table_id}")


def test_ask_and_search_have_operation_ids_working_examples_and_their_error_codes(live_server, openapi):
    for path, operation_id in (("/api/ask", "ask"), ("/api/search", "search")):
        operation = openapi.operation(path, "post")
        assert operation["operationId"] == operation_id
        examples = operation["requestBody"]["content"]["application/json"]["examples"]
        assert len(examples) >= 2
        for example in examples.values():
            pointer = "/".join(["#", "paths", path.replace("/", "~1"), "post", "requestBody", "content",
                                "application~1json", "schema"])
            openapi.validate_value(example["value"], pointer)
            response = requests.post(live_server.url + path, json=example["value"], timeout=30)
            assert response.status_code == 200, (path, example, response.text[:300])
            openapi.validate(response, path, "post")
        for status, response in operation["responses"].items():
            if status.startswith("4") and status != "414":   # (gunicorn's own, before the app)
                schema = response["content"]["application/json"]["schema"]
                codes = schema["allOf"][1]["properties"]["error"]["properties"]["code"]["enum"]
                assert codes and all(code in response["description"] for code in codes), (path, status)
