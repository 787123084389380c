"""The API as its OpenAPI document describes it: the operations, and the smallest valid values."""

import functools
import re

from accord.api import api


@functools.cache
def openapi():
    return api.get_openapi_schema()


@functools.cache
def operations() -> dict:
    found = {}
    for path, methods in openapi()["paths"].items():
        for method, operation in methods.items():
            found[f"{method.upper()} {path}"] = operation
    return found


def minimal(schema, components, depth=0):
    """The smallest value that the JSON schema accepts (a valid body reaches the access check)."""
    if "$ref" in schema:
        return minimal(components[schema["$ref"].rsplit("/", 1)[-1]], components, depth)
    if "anyOf" in schema:
        return minimal(schema["anyOf"][0], components, depth)
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        return {name: minimal(schema["properties"][name], components, depth + 1)
                for name in schema.get("required", [])}
    if kind == "array":
        return []
    if kind == "string":
        return {"date": "2026-01-01", "date-time": "2026-01-01T00:00:00Z"}.get(schema.get("format"), "x")
    if kind in ("integer", "number"):
        return 1
    if kind == "boolean":
        return False
    return None


def real_ids(sweep, path: str) -> dict:
    """The sweep world's ids for an operation's path parameters, so generated requests reach real records."""
    section = re.search(r"/versions/\{number\}/([a-z-]+)/\{item_id\}", path)
    ids = {
        "partnership_id": sweep.partnership_id, "note_id": sweep.shared_note, "indicator_id": sweep.shared_indicator,
        "measurement_id": sweep.shared_measurement,
        "change_id": sweep.private_change, "body_id": sweep.body, "meeting_id": sweep.meeting,
        "action_id": sweep.action, "comment_id": sweep.shared_scorecard_comment,
        "market_id": sweep.market, "site_id": sweep.site, "escalation_id": sweep.escalation, "audit_id": sweep.audit,
        "survey_id": sweep.survey,
        "period": sweep.period, "item_id": sweep.items[section.group(1)] if section else None,
        "number": sweep.charter_draft if "/charter/" in path else sweep.agreement_draft,
        "year": int(sweep.period[:4]),
    }
    return {name: value for name, value in ids.items() if "{" + name + "}" in path}
