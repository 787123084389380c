import pytest

from accord.agreements.models import AgreementSignature, AgreementVersion, Deliverable, TermNote
from accord.agreements.notes import TERM_NOTES
from accord.partnerships import notes

from .conftest import parties


def put(client, path, data):
    # The shared ApiClient has no put(); send the same JSON with the same token.
    return client.client.put(path, data, content_type="application/json", headers=client._headers())


def base(world):
    return f"/api/v1/partnerships/{world.partnership.pk}/agreement"


def test_in_force_agreement_shape(signed_world, in_force, api):
    body = api("bob").get(base(signed_world)).json()
    assert body["number"] == 1 and body["status"] == "in_force"
    assert {s["organization"] for s in body["signatures"]} == {"Northwind Health", "Meridian Facility Services"}
    assert sorted(s["share_percent"] for s in body["revenue_shares"]) == ["40.00", "60.00"]
    assert body["licence_fee_amount"] == "1200.00" and body["licence_fee_currency"] == "EUR"
    assert body["key_dates"]["term_end"] == "2028-12-31"
    assert body["key_dates"]["notice_deadline"] == "2028-10-02"
    assert body["key_dates"]["renewal_decision_date"] == "2028-10-02"
    assert body["deliverables"][0]["overdue"] is True
    assert [a["name"] for a in body["responsibilities"]] == ["Environmental services", "Patient transport"]
    assert list(body["responsibilities"][0]["roles"].values()).count("A") == 1
    assert body["legal_items"][0]["regime"] == "hipaa"
    assert len(body["liaisons"]) == 2 and body["communications"][0]["purpose"] == "formal_updates"


def test_no_agreement_in_force_is_404(world, api):
    assert api("alice").get(base(world)).status_code == 404


def test_full_journey_through_the_api(signed_world, api):
    world = signed_world
    client, provider = parties(world)
    url = base(world)
    response = api("alice").post(f"{url}/versions")
    assert response.status_code == 201 and response.json()["status"] == "draft"
    v = f"{url}/versions/1"
    response = api("alice").patch(v, {"start_date": "2026-01-01", "duration_months": 36, "notice_period_days": 60,
                                      "renewal": "automatic", "renewal_term_months": 12,
                                      "revenue_shares": {str(client.pk): "60", str(provider.pk): "40"}})
    assert response.status_code == 200, response.content
    assert response.json()["key_dates"]["term_end"] == "2029-01-01"
    response = put(api("alice"), f"{v}/responsibilities", {"areas": [
        {"name": "Campaign strategy", "roles": {str(client.pk): "A", str(provider.pk): "C"}}]})
    assert response.status_code == 200, response.content
    response = api("bob").post(f"{v}/deliverables", {"title": "Loyalty app beta", "owner_party": provider.pk,
                                                     "due_date": "2026-06-30"})
    assert response.status_code == 201, response.content
    item = response.json()["id"]
    response = api("bob").patch(f"{v}/deliverables/{item}", {"status": "delivered"})
    assert response.status_code == 200 and response.json()["status"] == "delivered"
    response = api("alice").post(f"{v}/milestones", {"title": "Pilot", "date": "2026-04-01"})
    assert response.status_code == 201
    assert api("alice").delete(f"{v}/milestones/{response.json()['id']}").status_code == 204
    assert api("alice").post(f"{v}/legal-items", {"kind": "ip_ownership", "title": "Loyalty engine IP",
                                                  "ip_ownership": "party", "ip_owner_party": provider.pk}
                             ).status_code == 201
    assert api("alice").post(f"{v}/exit-clauses", {"trigger": "Change of control"}).status_code == 201
    assert api("alice").post(f"{v}/shared-costs", {"description": "Launch marketing", "amount": "50000.00",
                                                   "currency": "EUR", "split": "50/50"}).status_code == 201
    response = put(api("alice"), f"{v}/communications", {
        "channels": [{"purpose": "quick_queries", "channel": "Shared Slack channel", "cadence": "as needed"}],
        "liaisons": {str(client.pk): world.alice.pk, str(provider.pk): world.maya.pk}})
    assert response.status_code == 200, response.content
    assert api("alice").post(f"{v}/propose").status_code == 200
    assert api("bob").post(f"{v}/sign").status_code == 201
    assert api("bob").get(url).status_code == 404  # one signature is not enough
    assert api("alice").post(f"{v}/sign", {"party": client.pk}).status_code == 201
    body = api("bob").get(url).json()
    assert body["status"] == "in_force" and len(body["signatures"]) == 2
    assert [v["status"] for v in api("bob").get(f"{url}/versions").json()] == ["in_force"]


def test_patch_in_force_is_400_naming_status(signed_world, in_force, api):
    response = api("alice").patch(f"{base(signed_world)}/versions/1", {"notice_period_days": 30})
    assert response.status_code == 400 and "status" in response.json()["errors"]
    in_force.refresh_from_db()
    assert in_force.notice_period_days == 90


@pytest.mark.parametrize("payload, field", [
    ({"revenue_shares": {"PLACEHOLDER_CLIENT": "70", "PLACEHOLDER_PROVIDER": "40"}}, "revenue_shares"),
    ({"notice_period_days": 5000}, "notice_period_days"),
    ({"end_date": "2025-06-01"}, "end_date"),
    ({"renewal": "forever"}, "renewal"),
    ({"licence_fee_amount": "-5"}, "licence_fee_amount"),
    ({"color": "red"}, None),
])
def test_bad_terms_name_the_field_and_change_nothing(signed_world, draft, api, payload, field):
    client, provider = parties(signed_world)
    if "revenue_shares" in payload:
        payload = {"revenue_shares": {str(client.pk): "70", str(provider.pk): "40"}}
    revision = draft.revision
    response = api("alice").patch(f"{base(signed_world)}/versions/1", payload)
    if field is None:  # unknown fields are ignored by the schema: nothing to change
        assert response.status_code == 200
    else:
        assert response.status_code == 400, response.content
        assert field in response.json()["errors"]
    draft.refresh_from_db()
    assert draft.revision == revision and draft.notice_period_days == 90
    assert sorted(str(s.share_percent) for s in draft.revenue_shares.all()) == ["40.00", "60.00"]


def test_matrix_without_one_accountable_is_400(signed_world, draft, api):
    client, provider = parties(signed_world)
    response = put(api("alice"), f"{base(signed_world)}/versions/1/responsibilities", {"areas": [
        {"name": "Customer support", "roles": {str(client.pk): "R", str(provider.pk): "R"}}]})
    assert response.status_code == 400
    assert "Row 1 (Customer support)" in response.json()["errors"]["areas"][0]
    assert draft.areas.count() == 2


def test_bad_deliverable_names_the_field(signed_world, draft, api):
    count = Deliverable.objects.count()
    response = api("alice").post(f"{base(signed_world)}/versions/1/deliverables",
                                 {"title": "X", "owner_party": 999999})
    assert response.status_code == 400 and "owner_party" in response.json()["errors"]
    response = api("alice").post(f"{base(signed_world)}/versions/1/deliverables", {"owner_party": 1})
    assert response.status_code == 400 and "title" in response.json()["errors"]
    assert Deliverable.objects.count() == count


def test_signing_rules_over_the_api(signed_world, draft, api):
    url = f"{base(signed_world)}/versions/1"
    assert api("bob").post(f"{url}/sign").status_code == 400  # not proposed yet
    api("alice").post(f"{url}/propose")
    assert api("maya").post(f"{url}/sign").status_code == 403  # not bob's party's signatory
    bob_party = signed_world.access(signed_world.bob).party
    assert api("alice").post(f"{url}/sign", {"party": bob_party.pk}).status_code == 403
    assert AgreementSignature.objects.count() == 0


def _every_endpoint(world):
    url = base(world)
    v = f"{url}/versions/1"
    return [
        ("get", url, None), ("get", f"{url}/versions", None), ("post", f"{url}/versions", None),
        ("get", v, None), ("patch", v, {"notice_period_days": 30}),
        ("put", f"{v}/responsibilities", {"areas": []}), ("put", f"{v}/communications", {"channels": []}),
        ("post", f"{v}/deliverables", {"title": "x", "owner_party": 1}), ("patch", f"{v}/deliverables/1", {}),
        ("delete", f"{v}/deliverables/1", None), ("post", f"{v}/milestones", {"title": "x", "date": "2026-01-01"}),
        ("post", f"{v}/legal-items", {"kind": "nda", "title": "x"}), ("post", f"{v}/exit-clauses", {"trigger": "x"}),
        ("post", f"{v}/shared-costs", {"description": "x", "amount": "1", "currency": "EUR", "split": "50/50"}),
        ("post", f"{v}/propose", None), ("post", f"{v}/sign", None), ("get", f"{url}/notes", None),
        ("post", f"{url}/notes", {"term": "exit", "text": "x"}), ("get", f"{url}/document.pdf", None),
    ]


def _call(client, method, path, data):
    if method == "put":
        return put(client, path, data or {})
    if method in ("get", "delete"):
        return getattr(client, method)(path)
    return getattr(client, method)(path, data)


def test_charlie_gets_404_like_a_missing_partnership_everywhere(signed_world, in_force, api):
    world = signed_world
    missing = str(world.partnership.pk)
    for method, path, data in _every_endpoint(world):
        theirs = _call(api("charlie"), method, path, data)
        absent = _call(api("charlie"), method, path.replace(f"/partnerships/{missing}/", "/partnerships/999999/"),
                       data)
        assert theirs.status_code == absent.status_code == 404, (method, path)
        assert theirs.json() == absent.json()
    assert AgreementVersion.objects.count() == 1 and TermNote.objects.count() == 0


def test_viewer_gets_403_on_every_write(signed_world, draft, api):
    for method, path, data in _every_endpoint(signed_world):
        if method == "get":
            continue
        assert _call(api("victor"), method, path, data).status_code == 403, (method, path)
    assert api("victor").get(f"{base(signed_world)}/versions/1").status_code == 200


def test_private_term_notes_never_reach_bob(world, api):
    notes.note_create(kind=TERM_NOTES, access=world.access(world.alice), term="revenue_sharing", text="BATNA: re-tender below 55%")
    response = api("alice").post(f"{base(world)}/notes", {"term": "exit", "text": "Keep the exit short"})
    assert response.status_code == 201 and response.json()["visibility"] == "private"
    api("alice").post(f"{base(world)}/notes", {"term": "exit", "text": "Shared view", "visibility": "shared"})
    bob = api("bob").get(f"{base(world)}/notes").json()
    assert bob["count"] == 1 and [n["text"] for n in bob["items"]] == ["Shared view"]
    assert api("bob").get(f"{base(world)}/notes", {"term": "revenue_sharing"}).json() == {"count": 0, "items": []}
    assert api("alice").get(f"{base(world)}/notes").json()["count"] == 3
    activity = api("bob").get(f"/api/v1/partnerships/{world.partnership.pk}/activity").content.decode()
    assert "BATNA" not in activity and "Keep the exit short" not in activity


def test_document_pdf(signed_world, in_force, api):
    response = api("bob").get(f"{base(signed_world)}/document.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


@pytest.mark.parametrize("terms, field", [
    ({"start_date": "2026-01-01", "duration_months": 1000000}, "duration_months"),
    ({"start_date": "9999-12-01", "duration_months": 12}, "start_date"),
    ({"start_date": "2026-01-01", "end_date": "9999-12-31"}, "end_date"),
    ({"start_date": "0001-01-01", "end_date": "2026-12-31", "notice_period_days": 30}, "start_date"),
    ({"start_date": "2026-01-01", "duration_months": 12, "renewal": "automatic", "renewal_term_months": 99999},
     "renewal_term_months"),
    ({"start_date": "2026-01-01", "duration_months": 12, "notice_period_days": 2000000000}, "notice_period_days"),
])
def test_far_dates_and_huge_durations_are_a_clear_400(world, api, terms, field):
    url = base(world)
    assert api("alice").post(f"{url}/versions").status_code == 201
    response = api("alice").patch(f"{url}/versions/1", terms)
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]
    draft = AgreementVersion.objects.get(partnership=world.partnership, number=1)
    assert draft.start_date is None and draft.duration_months is None


def test_a_liaison_for_no_party_is_a_400_not_a_crash(world, api):
    url = base(world)
    assert api("alice").post(f"{url}/versions").status_code == 201
    response = put(api("alice"), f"{url}/versions/1/communications", {"channels": [], "liaisons": {"": world.alice.pk}})
    assert response.status_code == 400 and "liaisons" in response.json()["errors"]
