"""The financial model's pages: draft, edit every section, propose, sign — the same rules as the API."""

import pytest

from accord.incentives.models import FinancialModelVersion
from accord.incentives.services import model_draft_create

from .conftest import MODEL, months_back


def page(world, tail=""):
    return f"/partnerships/{world.partnership.slug}/incentives/{tail}"


EVERY_SECTION = {
    "currency": "EUR", "base_fee__kind": "cost_plus", "base_fee__cost_indicator": "COST",
    "base_fee__return_percent": "8",
    "at_risk__percent": "10", "at_risk__earn_back_periods": "3",
    "at_risk__allocations__0__indicator": "SL1", "at_risk__allocations__0__share": "60",
    "at_risk__allocations__0__mode": "graded",
    "at_risk__allocations__1__indicator": "SAFE", "at_risk__allocations__1__share": "40",
    "at_risk__allocations__1__mode": "red",
    "bonus__floor_score": "100", "bonus__stretch_score": "110", "bonus__cap_percent": "5",
    "cpi_penalty__percent": "1",
    "gainshare__indicator": "COST", "gainshare__baseline": "80000", "gainshare__pain_cap": "10000",
    "gainshare__bands__0__provider_share_percent": "50", "gainshare__bands__0__up_to_percent": "10",
    "gainshare__bands__1__provider_share_percent": "25",
    "revenue_share__indicator": "COST", "revenue_share__provider_percent": "40",
    "innovation__percent": "10",
    "caps__max_deduction_percent": "15", "caps__max_bonus_percent": "5",
}


@pytest.fixture
def draft(money_world):
    return model_draft_create(access=money_world.access(money_world.alice))


def test_the_form_saves_every_section_as_the_api_would(money_world, draft, web, month):
    url = page(money_world, f"model/{draft.number}/edit/")
    assert web("alice").get(url).status_code == 200
    response = web("alice").post(url, EVERY_SECTION | {"applies_from": month.isoformat(), "revision": "1"})
    assert response.status_code == 302, response.content.decode()[:3000]
    draft.refresh_from_db()
    assert draft.terms == {
        "currency": "EUR",
        "base_fee": {"kind": "cost_plus", "cost_indicator": "COST", "return_percent": "8"},
        "at_risk": {"percent": "10", "earn_back_periods": 3,
                    "allocations": [{"indicator": "SL1", "share": "60", "mode": "graded"},
                                    {"indicator": "SAFE", "share": "40", "mode": "red"}]},
        "bonus": {"floor_score": "100", "stretch_score": "110", "cap_percent": "5"},
        "cpi_penalty": {"percent": "1"},
        "gainshare": {"indicator": "COST", "baseline": "80000", "pain_cap": "10000",
                      "bands": [{"provider_share_percent": "50", "up_to_percent": "10"},
                                {"provider_share_percent": "25"}]},
        "revenue_share": {"indicator": "COST", "provider_percent": "40"},
        "innovation": {"percent": "10"},
        "caps": {"max_deduction_percent": "15", "max_bonus_percent": "5"},
    }
    assert draft.applies_from == month
    # The form shows the saved model again, field by field (a third band row is offered empty).
    text = web("alice").get(url).content.decode()
    assert 'name="gainshare__bands__1__provider_share_percent" value="25"' in text
    assert 'name="gainshare__bands__2__provider_share_percent"' in text
    version_page = web("bob").get(page(money_world, f"model/{draft.number}/")).content.decode()
    assert "50% up to 10% of the baseline, 25% beyond" in version_page


@pytest.mark.parametrize("change, field, message", [
    ({"at_risk__allocations__1__share": "30"}, None, "add up to exactly 100"),
    ({"bonus__stretch_score": "90"}, "bonus__stretch_score", "must be above the floor"),
    ({"caps__max_bonus_percent": "-1"}, "caps__max_bonus_percent", "Must not be negative"),
    ({"currency": "XXX"}, "currency", "Select a valid choice"),
    ({"at_risk__allocations__0__indicator": "COST"}, "at_risk__allocations__0__indicator", "Select a valid choice"),
    ({"base_fee__return_amount": "100"}, "base_fee__return_percent", "one of them"),
])
def test_bad_input_is_shown_beside_its_field_and_nothing_is_saved(money_world, draft, web, change, field, message):
    response = web("alice").post(page(money_world, f"model/{draft.number}/edit/"), EVERY_SECTION | change)
    assert response.status_code == 400
    form = response.context["form"]
    errors = form.errors.get(field or "__all__", [])
    assert any(message in error for error in errors), form.errors
    draft.refresh_from_db()
    assert draft.terms == {} and draft.revision == 1


def test_propose_then_each_signatory_signs_and_it_comes_into_force(money_world, draft, web, month):
    web("alice").post(page(money_world, f"model/{draft.number}/edit/"),
                      {"currency": "EUR", "applies_from": month.isoformat(), "base_fee__kind": "fixed",
                       "base_fee__amount": "1000"})
    version_url = page(money_world, f"model/{draft.number}/")
    assert web("alice").post(version_url + "propose/").status_code == 302
    assert "Sign for Meridian" in web("bob").get(version_url).content.decode()
    first = web("alice").post(version_url + "sign/", follow=True).content.decode()
    assert "Waiting for the other signatures." in first
    last = web("bob").post(version_url + "sign/", follow=True).content.decode()
    assert f"Every party has signed: version {draft.number} is now in force." in last
    draft.refresh_from_db()
    assert draft.status == "in_force" and draft.signatures.count() == 2


def test_roles_outsider_viewer_contributor_and_the_other_partys_signatory(money_world, draft, web, month):
    for user in ("charlie",):
        for tail in (f"model/{draft.number}/", f"model/{draft.number}/edit/"):
            assert web(user).get(page(money_world, tail)).status_code == 404
    # Managers draft, edit and propose; a viewer and a contributor may not.
    for user in ("victor", "maya"):
        assert web(user).get(page(money_world, f"model/{draft.number}/edit/")).status_code == 403
        assert web(user).post(page(money_world, f"model/{draft.number}/edit/"), EVERY_SECTION).status_code == 403
        assert web(user).post(page(money_world, f"model/{draft.number}/propose/")).status_code == 403
        assert web(user).post(page(money_world, "model/new/")).status_code == 403
    draft.refresh_from_db()
    assert draft.terms == {} and draft.status == "draft"
    assert FinancialModelVersion.objects.count() == 1


def test_a_contributor_cannot_draft_through_the_api_either(money_world, api):
    response = api("maya").post(f"/api/v1/partnerships/{money_world.partnership.pk}/financial-model/versions")
    assert response.status_code == 403
    assert FinancialModelVersion.objects.count() == 0


def test_revenue_share_defaults_to_the_agreements_provider_share(money_world, draft, api):
    from accord.agreements import services as agreements
    from accord.agreements.tests.conftest import fill_draft

    world = money_world
    alice, bob = world.access(world.alice), world.access(world.bob)
    agreement = fill_draft(world, agreements.agreement_draft_create(access=alice))
    agreements.agreement_propose(access=alice, version=agreement)
    agreements.agreement_sign(access=alice, version=agreement)
    agreements.agreement_sign(access=bob, version=agreement)
    response = api("alice").patch(f"/api/v1/partnerships/{world.partnership.pk}/financial-model/versions/"
                                  f"{draft.number}", MODEL | {"revenue_share": {"indicator": "COST"}})
    assert response.status_code == 200, response.json()
    assert response.json()["terms"]["revenue_share"] == {"indicator": "COST", "provider_percent": "40.00"}
    # A share given explicitly is kept.
    response = api("alice").patch(f"/api/v1/partnerships/{world.partnership.pk}/financial-model/versions/"
                                  f"{draft.number}", MODEL | {"revenue_share": {"indicator": "COST",
                                                                                "provider_percent": "55"}})
    assert response.json()["terms"]["revenue_share"]["provider_percent"] == "55"


def test_revenue_share_without_an_agreement_asks_for_the_share(money_world, draft, web):
    response = web("alice").post(page(money_world, f"model/{draft.number}/edit/"),
                                 {"currency": "EUR", "revenue_share__indicator": "COST"})
    assert response.status_code == 400
    assert response.context["form"].errors["revenue_share__provider_percent"] == ["Required."]


def test_versions_on_the_home_page_link_to_their_page(model_in_force, money_world, web, month):
    text = web("bob").get(page(money_world)).content.decode()
    assert f'href="/partnerships/{money_world.partnership.slug}/incentives/model/{model_in_force.number}/"' in text
    assert months_back(month, 2).strftime("%B %Y") in text


def test_a_posted_row_number_cannot_blow_the_form_up(money_world, draft, web):
    response = web("alice").post(page(money_world, f"model/{draft.number}/edit/"),
                                 {"currency": "XXX", "at_risk__allocations__999999__share": "5",
                                  "gainshare__bands__5000__up_to_percent": "1"})
    form = response.context["form"]
    assert form.allocation_rows == 51 and form.band_rows == 11
