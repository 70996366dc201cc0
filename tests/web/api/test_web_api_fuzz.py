"""schemathesis against /api/v1/openapi.json: generated requests (valid and invalid)
and sequences of calls that follow the description's links, with a coordinator's
token and a librarian's, on SQLite and PostgreSQL. Every check must pass: no 5xx,
every status, header, content type and body as described, invalid input refused."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.generation.modes import GenerationMode

from tests.web.api.test_web_api import make_token

#: Kept small so the suite stays fast; CI runs it on every change.
EXAMPLES = settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
PEOPLE = ("coordinator@example.org", "kyiv@example.org")


@pytest.fixture
def api_schema(app, world):
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


@pytest.fixture
def tokens(client, login, world) -> list[dict[str, str]]:
    """A coordinator's and a librarian's personal token, made on the page as they would."""
    return [{"Authorization": f"Bearer {make_token(client, login, x)}"} for x in PEOPLE]


def operations(schema) -> list:
    return [result.ok() for result in schema.get_all_operations()]


@pytest.mark.parametrize("mode", list(GenerationMode))
def test_every_operation_keeps_its_description(api_schema, tokens, mode):
    """Generated requests, valid (``positive``) or not (``negative``), each sent with
    both tokens. (schemathesis' own pytest plugin does not run under pytest 9 yet.)"""
    for operation in operations(api_schema):

        @given(case=operation.as_strategy(generation_mode=mode))
        @EXAMPLES
        def check(case):
            for headers in tokens:
                case.call_and_validate(headers=headers)

        check()


@pytest.mark.parametrize("person", [0, 1], ids=["coordinator", "librarian"])
def test_sequences_of_calls_keep_the_description(api_schema, tokens, person):
    class Machine(api_schema.as_state_machine()):
        def get_call_kwargs(self, case):
            return {"headers": tokens[person]}

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            # Say which headers were ours, so the auth checks know the token is real.
            case.validate_response(
                response,
                headers=tokens[person],
                additional_checks=additional_checks,
                transport_kwargs=kwargs or None,
                recorder=getattr(self, "recorder", None),
            )

    Machine.run(settings=settings(EXAMPLES, max_examples=8, stateful_step_count=6))
