"""schemathesis against the live test server: generated requests for every API operation.

For each operation, a bounded number of examples (``SCHEMATHESIS_EXAMPLES``, default 4 per
kind) of valid requests (aimed at the sweep world's real ids, and at arbitrary ones) and of
invalid ones, sent over HTTP with alice's token. Every answer: no 5xx, a status code the
operation documents, a content type and a body that match the documented schema.
"""

import logging
import os

import hypothesis
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from .openapi_walk import real_ids
from .sweep_world import build_sweep_world

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "4"))
CONFORMANCE = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

def _exercise(operation, base_url, headers, sweep) -> str | None:
    """Run the operation's examples; the first failure's description, or None."""
    strategies = [operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
                  operation.as_strategy(generation_mode=GenerationMode.NEGATIVE)]
    ids = real_ids(sweep, operation.path)
    if ids:
        strategies.append(operation.as_strategy(generation_mode=GenerationMode.POSITIVE, path_parameters=ids))

    @hypothesis.settings(max_examples=EXAMPLES * len(strategies), deadline=None, database=None,
                         phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck),
                         derandomize=True)
    @hypothesis.given(case=st.one_of(strategies))
    def run(case):
        response = case.call(base_url=base_url, headers=headers)
        negative = case.meta is not None and case.meta.generation.mode == GenerationMode.NEGATIVE
        case.validate_response(response, checks=[not_a_server_error] if negative else CONFORMANCE, headers=headers)

    try:
        run()
    except (Exception, BaseExceptionGroup) as exc:  # the check's own message says what was sent and what came back
        return f"{operation.label}: {type(exc).__name__}: {str(exc)[:1500]}"
    return None


@pytest.fixture
def quiet_request_log():
    # Thousands of expected 4xx answers would each log a warning.
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)
    yield
    logger.setLevel(level)


@pytest.mark.django_db(transaction=True)
def test_every_operation_answers_as_documented(live_server, quiet_request_log):
    sweep = build_sweep_world()
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/v1/openapi.json")
    headers = {"Authorization": f"Bearer {sweep.tokens['alice']}"}
    failures = []
    for result in schema.get_all_operations():
        failure = _exercise(result.ok(), live_server.url, headers, sweep)
        if failure:
            failures.append(failure)
    assert failures == [], "\n\n".join(failures)
