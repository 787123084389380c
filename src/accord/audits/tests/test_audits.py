"""Audits through the API and services: templates and versions, scoring, feeding an indicator, findings,
photos, locking, bad input, isolation and roles."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accord.audits import services, templates_service
from accord.audits.models import Audit, AuditPhoto, TemplateVersion
from accord.governance.models import ActionItem
from accord.metrics.models import Measurement, MeasurementRevision

from .conftest import SECTIONS, last_month_day

pytestmark = pytest.mark.django_db

ANSWERS = [{"item": "A1", "answer": 3}, {"item": "A2", "answer": "na"}, {"item": "B1", "answer": "yes"},
           {"item": "B2", "answer": 1, "comment": "streaks"}]
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


def _url(world, tail=""):
    return f"/api/v1/partnerships/{world.partnership.pk}/{tail}"


def _audit(api, world, answers=ANSWERS, day=None, who="alice", **extra):
    body = {"template": "CLEAN", "site": "BER-1", "date": (day or last_month_day()).isoformat(), "answers": answers,
            **extra}
    return api(who).post(_url(world, "audits"), body)


def test_template_api_and_shipped_examples(world, api, setup):
    answer = api("alice").get(_url(world, "audit-templates"))
    assert answer.status_code == 200
    template = answer.json()["items"][0]
    assert template["indicator"] == "CLEAN" and template["version"] == 1
    assert template["sections"][0]["items"][0] == {"code": "A1", "text": "Floors clean", "weight": "2.000",
                                                   "scale": "0-4", "allow_na": False}
    added = templates_service.templates_add_shipped(access=world.access(world.alice))
    # CLEAN exists already: only the missing kinds are added, once.
    assert {v.template.kind for v in added} == {"security", "food_service", "workplace_experience"}
    assert templates_service.templates_add_shipped(access=world.access(world.alice)) == []


def test_changing_a_used_template_makes_a_new_version_and_audits_keep_theirs(world, api, setup):
    first = _audit(api, world).json()
    changed = [dict(SECTIONS[0]), SECTIONS[1]]
    changed[0] = {**SECTIONS[0], "name": "Floors and surfaces"}
    answer = api("alice").post(_url(world, "audit-templates"), {"code": "CLEAN", "name": "Cleaning v2",
                                                               "indicator": "CLEAN", "sections": changed})
    assert answer.status_code == 201 and answer.json()["version"] == 2
    assert api("alice").get(_url(world, f"audits/{first['id']}")).json()["version"] == 1
    assert _audit(api, world).json()["version"] == 2
    assert TemplateVersion.objects.filter(template__code="CLEAN").count() == 2


def test_complete_scores_feeds_and_second_audit_corrects(world, api, setup):
    audit = _audit(api, world).json()
    assert audit["status"] == "draft" and audit["score"] is None
    done = api("alice").post(_url(world, f"audits/{audit['id']}/complete"))
    assert done.status_code == 200, done.json()
    body = done.json()
    # (2×3/4 + 3×1 + 1×1/4) ÷ (2 + 3 + 1) × 100 = 79.1666… → 79.2; A: 75.0 (A2 N/A); B: 3.25 ÷ 4 = 81.25 → 81.3
    assert body["score"] == "79.2"
    assert body["sections"] == [{"code": "A", "score": "75.0"}, {"code": "B", "score": "81.3"}]
    period = last_month_day().replace(day=1)
    assert body["measurement"]["indicator"] == "CLEAN" and body["measurement"]["period"] == period.isoformat()
    measurement = Measurement.objects.get(indicator=setup, period=period)
    assert measurement.source == "audit" and measurement.value == Decimal("79.166667")
    assert f"/audits/{audit['id']}/" in measurement.comment  # the link back
    # A second audit in the month: all yes/max → 100; average of the two = 89.583333…
    perfect = [{"item": "A1", "answer": 4}, {"item": "A2", "answer": "yes"}, {"item": "B1", "answer": "yes"},
               {"item": "B2", "answer": 4}]
    second = _audit(api, world, answers=perfect, day=last_month_day(20), who="bob").json()
    body = api("bob").post(_url(world, f"audits/{second['id']}/complete")).json()
    assert body["score"] == "100.0" and body["measurement"]["audits"] == [audit["id"], second["id"]]
    measurement.refresh_from_db()
    assert measurement.value == Decimal("89.583333")
    assert MeasurementRevision.objects.filter(indicator=setup, period=period).get().value == Decimal("79.166667")


def test_completed_audit_is_locked(world, api, setup):
    audit = _audit(api, world).json()
    api("alice").post(_url(world, f"audits/{audit['id']}/complete"))
    again = api("alice").post(_url(world, f"audits/{audit['id']}/answers"), {"answers": [{"item": "A1", "answer": 0}]})
    assert again.status_code == 409
    assert api("alice").post(_url(world, f"audits/{audit['id']}/complete")).status_code == 409


def test_complete_needs_every_item(world, api, setup):
    audit = _audit(api, world, answers=ANSWERS[:2]).json()
    answer = api("alice").post(_url(world, f"audits/{audit['id']}/complete"))
    assert answer.status_code == 400 and "B1" in answer.json()["errors"]["answers"][0]
    assert Audit.objects.get(pk=audit["id"]).status == "draft"


def test_findings_become_actions_in_the_one_action_list(world, api, setup):
    finding = {"text": "Restock soap in washroom 2", "owner": world.bob.pk,
               "owner_party": world.access(world.bob).party.pk, "due_date": "2030-01-31", "item": "B1"}
    audit = _audit(api, world, findings=[finding]).json()
    assert audit["findings"][0]["status"] == "open"
    action = ActionItem.objects.get(pk=audit["findings"][0]["action"])
    assert action.source == "audit" and action.assignee == world.bob
    listed = api("bob").get(_url(world, "actions")).json()["items"]
    assert [row["source"] for row in listed] == ["audit"]


@pytest.mark.parametrize(("answers", "field", "words"), [
    ([{"item": "A1", "answer": 5}], "answers.0.answer", "0 to 4"),
    ([{"item": "B1", "answer": "na"}], "answers.0.answer", "cannot be answered N/A"),
    ([{"item": "B1", "answer": 1}], "answers.0.answer", '"yes" or "no"'),
    ([{"item": "ZZ", "answer": 1}], "answers.0.item", "No item ZZ"),
])
def test_bad_answers_are_named_and_nothing_is_written(world, api, setup, answers, field, words):
    answer = _audit(api, world, answers=answers)
    assert answer.status_code == 400 and words in answer.json()["errors"][field][0]
    assert not Audit.objects.exists()


def test_bad_places_and_templates(world, api, setup):
    assert "site" in _audit(api, world, site="NOPE").json()["errors"]
    assert "template" in api("alice").post(_url(world, "audits"), {"template": "X", "site": "BER-1",
                                                                   "date": "2026-01-05"}).json()["errors"]
    bad = api("alice").post(_url(world, "audit-templates"), {"code": "T", "name": "T", "indicator": "NOPE",
                                                            "sections": [{"code": "S", "name": "S", "items": [
                                                                {"code": "I", "text": "t", "scale": "0-0"}]}]})
    assert bad.status_code == 400 and "sections.0.items.0.scale" in bad.json()["errors"]


def _photo(world, api, audit_id, content, name="photo.jpg"):
    upload = SimpleUploadedFile(name, content, content_type="image/jpeg")
    client = api("alice")  # multipart, not JSON: the test client's own encoding, with the token
    return client.client.post(_url(world, f"audits/{audit_id}/photos"), {"item": "A1", "file": upload},
                              headers=client._headers())


def test_photos_checked_by_content_and_size(world, api, setup, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    audit = _audit(api, world).json()
    assert _photo(world, api, audit["id"], JPEG).status_code == 201
    fake = _photo(world, api, audit["id"], b"<?php echo 'not a photo'; ?>", name="holiday.jpg")
    assert fake.status_code == 400 and "not a JPEG" in fake.json()["errors"]["file"][0]
    big = _photo(world, api, audit["id"], JPEG + b"\x00" * (10 * 1024 * 1024))
    assert big.status_code == 400 and "10 MB" in big.json()["errors"]["file"][0]
    assert AuditPhoto.objects.count() == 1
    assert len(list(tmp_path.rglob("*.jpg"))) == 1


def test_isolation_and_roles(world, api, setup):
    audit = _audit(api, world).json()
    for path in ("audit-templates", "audits", f"audits/{audit['id']}"):
        assert api("charlie").get(_url(world, path)).status_code == 404
    assert api("charlie").post(_url(world, f"audits/{audit['id']}/complete")).status_code == 404
    assert api("victor").get(_url(world, f"audits/{audit['id']}")).status_code == 200
    assert api("victor").post(_url(world, f"audits/{audit['id']}/complete")).status_code == 403
    assert _audit(api, world, who="victor").status_code == 403


def test_pages(world, web, setup, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    access = world.access(world.alice)
    audit = services.audit_create(access=access, template="CLEAN", site="BER-1", date=last_month_day())
    slug = world.partnership.slug
    for url in (f"/partnerships/{slug}/audits/", f"/partnerships/{slug}/audits/templates/",
                f"/partnerships/{slug}/audits/trend/", f"/partnerships/{slug}/audits/{audit.pk}/"):
        assert web("alice").get(url).status_code == 200
        assert web("charlie").get(url).status_code == 404
    items = {item.code: item for item in TemplateVersion.objects.get().sections.first().items.all()}
    items.update({item.code: item for item in TemplateVersion.objects.get().sections.last().items.all()})
    post = {f"answer-{items['A1'].pk}": "3", f"answer-{items['A2'].pk}": "na", f"answer-{items['B1'].pk}": "yes",
            f"answer-{items['B2'].pk}": "1", "complete": "1",
            f"photo-{items['A1'].pk}": SimpleUploadedFile("x.jpg", JPEG, content_type="image/jpeg")}
    answer = web("alice").post(f"/partnerships/{slug}/audits/{audit.pk}/", post, follow=True)
    assert answer.status_code == 200 and "79.2" in answer.content.decode()
    audit.refresh_from_db()
    assert audit.status == "completed" and audit.photos.count() == 1
    pdf = web("alice").get(f"/partnerships/{slug}/audits/{audit.pk}/report.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    trend = web("alice").get(f"/partnerships/{slug}/audits/trend/?site=BER-1").content.decode()
    assert "79.2" in trend and "<svg" in trend


def test_completion_refused_when_the_auditors_party_may_not_enter_the_indicator(world, api, setup):
    # Were CLEAN entered by its owner (bob's party) only, alice's completion could not write it.
    setup.entry_by = "owner"
    setup.save()
    audit = _audit(api, world).json()
    answer = api("alice").post(_url(world, f"audits/{audit['id']}/complete"))
    assert answer.status_code == 400 and "indicator" in answer.json()["errors"]
    assert Audit.objects.get(pk=audit["id"]).status == "draft" and not Measurement.objects.exists()


def test_lists_take_a_fixed_number_of_queries(world, api, setup, django_assert_max_num_queries):
    for day in (3, 4, 5, 6):
        audit = _audit(api, world, day=last_month_day(day)).json()
        api("alice").post(_url(world, f"audits/{audit['id']}/complete"))
    client = api("bob")
    client.get(_url(world, "audits"))  # the token's first use writes its last-used time
    with django_assert_max_num_queries(12):
        listed = client.get(_url(world, "audits")).json()
    assert listed["count"] == 4 and all(row["score"] == "79.2" for row in listed["items"])
    with django_assert_max_num_queries(20):
        assert client.get(_url(world, f"audits/{audit['id']}")).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(_url(world, "audit-templates")).status_code == 200


def test_starting_an_audit_from_the_page(world, web, setup):
    url = f"/partnerships/{world.partnership.slug}/audits/"
    answer = web("maya").post(url, {"template": "CLEAN", "site": "site:BER-1", "date": last_month_day().isoformat()})
    audit = Audit.objects.get()
    assert answer.status_code == 302 and answer["Location"].endswith(f"/audits/{audit.pk}/")
    assert audit.auditor == world.maya and audit.site.code == "BER-1" and audit.market.code == "DE"
    future = web("maya").post(url, {"template": "CLEAN", "site": "market:DE", "date": "2999-01-01"})
    assert future.status_code == 422 and "future" in future.content.decode()
    assert web("victor").post(url, {"template": "CLEAN", "site": "market:DE", "date": "2026-01-01"}).status_code == 403
    assert Audit.objects.count() == 1


def test_a_refused_form_leaves_no_photo_file(world, setup, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    access = world.access(world.alice)
    audit = services.audit_create(access=access, template="CLEAN", site="BER-1", date=last_month_day())
    upload = SimpleUploadedFile("x.jpg", JPEG, content_type="image/jpeg")
    with pytest.raises(services.ValidationError, match="missing"):  # completing with items unanswered
        services.audit_submit(access=access, audit=audit, answers=ANSWERS[:1], findings=[], photos={"A1": upload},
                              complete=True)
    assert not AuditPhoto.objects.exists() and not list(tmp_path.rglob("*.jpg"))
    assert not audit.answers.exists()


def test_a_per_market_indicator_gets_a_value_per_market_from_that_markets_audits(world, api):
    from accord.core.testing import indicator_agreed

    from .conftest import place

    place(world)
    place(world, market="FR", site="PAR-1")
    indicator_agreed(owner_access=world.access(world.bob), other_access=world.access(world.alice), code="CLEANM",
                     name="Cleaning per market", kind="kpi", target=Decimal("90"), unit="score",
                     aggregation="average", entry_by="both", scope="market", rollup="average")
    templates_service.template_save(access=world.access(world.bob), code="CLEAN", name="Cleaning", kind="cleaning",
                                    indicator="CLEANM", sections=SECTIONS)
    perfect = [{"item": "A1", "answer": 4}, {"item": "A2", "answer": "yes"}, {"item": "B1", "answer": "yes"},
               {"item": "B2", "answer": 4}]
    berlin = _audit(api, world).json()
    paris = _audit(api, world, answers=perfect, site="PAR-1").json()
    for one in (berlin, paris):
        assert api("alice").post(_url(world, f"audits/{one['id']}/complete")).status_code == 200
    values = {m.market.code: m.value for m in Measurement.objects.filter(indicator__code="CLEANM")
              .select_related("market")}
    # Each market's value comes from its own audit only: Berlin's 79.17 is not averaged with Paris's 100.
    assert values == {"DE": Decimal("79.166667"), "FR": Decimal("100")}


def test_a_market_wide_audit_cannot_feed_a_per_site_indicator(world, api):
    from accord.core.testing import indicator_agreed

    from .conftest import place

    place(world)
    indicator_agreed(owner_access=world.access(world.bob), other_access=world.access(world.alice), code="CLEANS",
                     name="Cleaning per site", kind="kpi", target=Decimal("90"), unit="score",
                     aggregation="average", entry_by="both", scope="site", rollup="average")
    templates_service.template_save(access=world.access(world.bob), code="CLEAN", name="Cleaning", kind="cleaning",
                                    indicator="CLEANS", sections=SECTIONS)
    audit = api("alice").post(_url(world, "audits"), {"template": "CLEAN", "market": "DE",
                                                      "date": last_month_day().isoformat(), "answers": ANSWERS}).json()
    done = api("alice").post(_url(world, f"audits/{audit['id']}/complete"))
    assert done.status_code == 400 and "per site" in str(done.json()["errors"]["site"])
    assert not Measurement.objects.filter(indicator__code="CLEANS").exists()
    assert Audit.objects.get(pk=audit["id"]).status == "draft"
