import pytest

from accord.incentives.models import FinancialModelVersion, Statement, StatementNote
from accord.incentives.services import statement_note_create

from .conftest import MODEL, months_back, record


def base(world):
    return f"/api/v1/partnerships/{world.partnership.pk}/financial-model"


def statement_url(world, period):
    return f"/api/v1/partnerships/{world.partnership.pk}/statements/{period:%Y-%m}"


def test_model_journey_draft_propose_sign(money_world, api, month):
    world = money_world
    url = base(world)
    assert api("alice").get(url).status_code == 404
    response = api("alice").post(f"{url}/versions")
    assert response.status_code == 201 and response.json()["status"] == "draft"
    response = api("bob").patch(f"{url}/versions/1", MODEL | {"applies_from": f"{month:%Y-%m}-01"})
    assert response.status_code == 200, response.content
    assert response.json()["terms"]["at_risk"]["allocations"][0]["indicator"] == "SL1"
    assert api("alice").post(f"{url}/versions/1/propose").json()["status"] == "proposed"
    assert api("alice").post(f"{url}/versions/1/sign").json()["status"] == "proposed"
    body = api("bob").post(f"{url}/versions/1/sign").json()
    assert body["status"] == "in_force" and len(body["signatures"]) == 2
    assert api("bob").get(url).json()["number"] == 1
    assert api("alice").get(f"{url}/versions").json()["count"] == 1


@pytest.mark.parametrize(("change", "field"), [
    ({"currency": "ZZZ"}, "currency"),
    ({"at_risk": {"percent": "10", "allocations": [{"indicator": "SL1", "share": "60", "mode": "red"}]}},
     "at_risk.allocations"),
    ({"at_risk": {"percent": "10", "allocations": [{"indicator": "SECRET", "share": "100", "mode": "red"}]}},
     "at_risk.allocations[0].indicator"),
    ({"gainshare": {"indicator": "SL1", "baseline": "1", "provider_share_percent": "50"}}, "gainshare.indicator"),
    ({"bonus": {"floor_score": "110", "stretch_score": "100", "cap_percent": "5"}}, "bonus.stretch_score"),
    ({"cpi_penalty": {"percent": "-1"}}, "cpi_penalty.percent"),
])
def test_bad_model_is_400_naming_the_field_and_nothing_changes(money_world, api, change, field):
    world = money_world
    api("alice").post(f"{base(world)}/versions")
    response = api("alice").patch(f"{base(world)}/versions/1", MODEL | change)
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert FinancialModelVersion.objects.get().terms == {}


def test_a_private_indicator_is_unknown_to_the_model(money_world, api):
    # alice's private KFI: the same message as a code that does not exist, so nothing is confirmed
    api("alice").post(f"{base(money_world)}/versions")
    secret = api("alice").patch(f"{base(money_world)}/versions/1",
                                MODEL | {"revenue_share": {"indicator": "SECRET", "provider_percent": "40"}})
    nothing = api("alice").patch(f"{base(money_world)}/versions/1",
                                 MODEL | {"revenue_share": {"indicator": "NOPE", "provider_percent": "40"}})
    assert secret.json()["errors"]["revenue_share.indicator"][0].replace("SECRET", "X") == \
        nothing.json()["errors"]["revenue_share.indicator"][0].replace("NOPE", "X")


def test_outsider_gets_404_and_viewer_403(model_in_force, api, month):
    url = f"/api/v1/partnerships/{model_in_force.partnership_id}"
    for path in ("/financial-model", "/financial-model/versions", "/financial-model/versions/1",
                 f"/statements/{month:%Y-%m}", f"/statements/{month:%Y-%m}/notes"):
        assert api("charlie").get(url + path).status_code == 404
    assert api("charlie").post(f"{url}/statements/{month:%Y-%m}/approve").status_code == 404
    assert api("victor").post(f"{url}/financial-model/versions").status_code == 403
    assert api("victor").post(f"{url}/statements/{month:%Y-%m}/approve").status_code == 403
    assert api("victor").get(f"{url}/statements/{month:%Y-%m}").status_code == 200


def test_statement_is_the_same_for_both_parties(model_in_force, api, month):
    world_url = f"/api/v1/partnerships/{model_in_force.partnership_id}/statements/{month:%Y-%m}"
    alice, bob = api("alice").get(world_url), api("bob").get(world_url)
    assert alice.status_code == 200, alice.content
    assert alice.content == bob.content
    body = alice.json()
    # score (1.05 + 1.3333) ÷ 2 = 119.17 → the whole 5 % bonus; COST 60,000 against 80,000 → gainshare 10,000
    assert [(line["kind"], line["amount"]) for line in body["lines"]] == [
        ("base_fee", "100000.00"), ("bonus", "5000.00"), ("gainshare", "10000.00")]
    assert body["net_payable"] == "115000.00" and body["status"] == "draft"
    assert "SECRET" not in alice.content.decode()


def test_no_model_for_the_period_is_404_with_a_message(model_in_force, api, month):
    url = f"/api/v1/partnerships/{model_in_force.partnership_id}/statements/{months_back(month, 5):%Y-%m}"
    response = api("alice").get(url)
    assert response.status_code == 404 and "No signed financial model applies" in response.json()["detail"]


def test_both_parties_approve_then_locked_and_a_correction_becomes_an_adjustment(model_in_force, money_world, api,
                                                                                  month):
    world_pk = model_in_force.partnership_id
    earlier = months_back(month, 1)
    url = f"/api/v1/partnerships/{world_pk}/statements/{earlier:%Y-%m}"
    body = api("alice").post(f"{url}/approve").json()
    assert body["status"] == "draft" and len(body["approvals"]) == 1
    assert api("alice").post(f"{url}/approve").status_code == 400  # once per party
    body = api("bob").post(f"{url}/approve").json()
    assert body["status"] == "approved" and len(body["approvals"]) == 2
    assert api("bob").post(f"{url}/approve").status_code == 400
    approved = api("alice").get(url).content
    # a CPI corrected to red in the approved month: the approved statement stays as it was…
    assert Statement.objects.get().status == "approved"
    record(money_world, "SAFE", earlier, "90")
    assert api("alice").get(url).content == approved
    # …and the next month's statement carries the difference: 30 % of 10,000 forfeited, the bonus and a penalty
    next_body = api("bob").get(f"/api/v1/partnerships/{world_pk}/statements/{month:%Y-%m}").json()
    adjustment = [line for line in next_body["lines"] if line["kind"] == "adjustment"]
    assert len(adjustment) == 1
    assert adjustment[0]["amount"] == "-10000.00"  # −3,000 forfeit, −5,000 bonus lost, −2,000 penalty
    assert "SAFE 100" in adjustment[0]["formula"] and "→ 90" in adjustment[0]["formula"]


def test_simulate_changes_lines_and_saves_nothing(model_in_force, api, month):
    url = f"/api/v1/partnerships/{model_in_force.partnership_id}/financial-model/simulate"
    response = api("bob").post(url, {"period": f"{month:%Y-%m}-01", "values": {"SAFE": 50}})
    assert response.status_code == 200, response.content
    kinds = [(line["kind"], line["amount"]) for line in response.json()["lines"]]
    assert ("at_risk_forfeit", "-3000.00") in kinds and ("cpi_penalty", "-2000.00") in kinds
    assert ("bonus", "0.00") in kinds
    other = api("bob").post(url, {"period": f"{month:%Y-%m}-01",
                                  "model": MODEL | {"bonus": {"floor_score": "100", "stretch_score": "140",
                                                              "cap_percent": "5"}}})
    # 100,000 × 5 % × (119.17 − 100) ÷ 40 = 2,396.25
    assert ("bonus", "2396.25") in [(line["kind"], line["amount"]) for line in other.json()["lines"]]
    assert Statement.objects.count() == 0
    bad = api("bob").post(url, {"period": f"{month:%Y-%m}-01", "values": {"SECRET": 1}})
    assert bad.status_code == 400 and "values" in bad.json()["errors"]


def test_private_statement_notes_never_reach_the_other_party(model_in_force, api, month, world):
    statement_note_create(access=world.access(world.bob), period=month, text="Margin thin this month")
    url = f"/api/v1/partnerships/{world.partnership.pk}/statements/{month:%Y-%m}/notes"
    assert "Margin thin" in api("bob").get(url).content.decode()
    assert "Margin thin" not in api("alice").get(url).content.decode()
    response = api("alice").post(url, {"text": ""})
    assert response.status_code == 400 and "text" in response.json()["errors"]
    assert StatementNote.objects.count() == 1


def test_held_allocation_released_when_the_late_value_arrives(model_in_force, api, month, world):
    earlier = months_back(month, 1)
    from accord.metrics.models import Measurement
    Measurement.objects.filter(indicator__code="SL1", period=earlier).delete()
    url = f"/api/v1/partnerships/{world.partnership.pk}/statements"
    api("alice").post(f"{url}/{earlier:%Y-%m}/approve")
    body = api("bob").post(f"{url}/{earlier:%Y-%m}/approve").json()
    assert ("at_risk_held", "-7000.00") in [(line["kind"], line["amount"]) for line in body["lines"]]
    record(world, "SL1", earlier, "100")
    lines = [(line["kind"], line["amount"]) for line in api("alice").get(f"{url}/{month:%Y-%m}").json()["lines"]]
    assert ("at_risk_released", "7000.00") in lines
    assert not [kind for kind, _ in lines if kind == "adjustment"]
