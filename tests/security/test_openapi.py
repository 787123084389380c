"""The published API schema is exact: valid OpenAPI, one schema class per name."""

import collections
import importlib
import pkgutil

import pytest
from ninja import Schema
from openapi_spec_validator import validate

import accord


def _schema_classes():
    for module in pkgutil.walk_packages(accord.__path__, "accord."):
        if ".tests" not in module.name and ".migrations" not in module.name and module.name.rsplit(".", 1)[-1] in {
            "api", "schemas", "api_imports",
        }:
            importlib.import_module(module.name)
    seen, stack = [], list(Schema.__subclasses__())
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        if cls.__module__.startswith("accord.") and ".tests" not in cls.__module__:
            seen.append(cls)
    return seen


def test_every_schema_class_name_is_unique():
    # ninja keys the OpenAPI components by class name: two classes with one name overwrite each other.
    by_name = collections.defaultdict(set)
    for cls in _schema_classes():
        by_name[cls.__name__].add(f"{cls.__module__}.{cls.__qualname__}")
    assert {name: sorted(where) for name, where in by_name.items() if len(where) > 1} == {}


@pytest.mark.django_db
def test_openapi_document_is_valid(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    validate(response.json())


@pytest.mark.django_db
def test_party_organization_is_described_as_it_is(client):
    components = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    assert components["PartyOut"]["properties"]["organization"]["$ref"].endswith("/OrganizationRef")
    assert components["AgreementPartyOut"]["properties"]["organization"]["type"] == "string"
    assert "CharterVersionOut" in components and "AgreementVersionOut" in components
