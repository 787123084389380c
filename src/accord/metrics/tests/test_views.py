from decimal import Decimal

import pytest

from accord.core.testing import indicator_agreed
from accord.metrics.indicators import services as indicator_services
from accord.metrics.measurements import services as measurement_services
from accord.metrics.models import Indicator, Measurement, ScorecardSettings

from .conftest import month_text


def _pages(slug, metrics):
    return [f"/partnerships/{slug}/scorecard/", f"/partnerships/{slug}/indicators/",
            f"/partnerships/{slug}/indicators/new/", f"/partnerships/{slug}/measurements/",
            f"/partnerships/{slug}/indicators/{metrics['otd'].pk}/edit/", f"/partnerships/{slug}/scorecard/settings/"]


def test_pages_render_for_alice(world, web, metrics):
    alice = web("alice")
    for path in _pages(world.partnership.slug, metrics) + ["/portfolio/", f"/partnerships/{world.partnership.slug}/"]:
        response = alice.get(path)
        assert response.status_code == 200, path
        assert b"style=" not in response.content, path


def test_outsider_gets_404_everywhere(world, web, metrics):
    charlie = web("charlie")
    for path in _pages(world.partnership.slug, metrics):
        assert charlie.get(path).status_code == 404, path
        assert charlie.post(path, {}).status_code == 404, path
    assert b"Patient Experience" not in charlie.get("/portfolio/").content


def test_viewer_cannot_write(world, web, metrics, last_month):
    victor = web("victor")
    slug = world.partnership.slug
    assert victor.get(f"/partnerships/{slug}/scorecard/").status_code == 200
    assert victor.get(f"/partnerships/{slug}/indicators/new/").status_code == 403
    key = f"v-{metrics['cpi'].pk}-{last_month.isoformat()}"
    assert victor.post(f"/partnerships/{slug}/measurements/", {key: "1"}).status_code == 403
    assert victor.post(f"/partnerships/{slug}/indicators/library/", {"codes": ["CSAT"]}).status_code == 403
    assert victor.post(f"/partnerships/{slug}/scorecard/settings/", {"green_at": 1, "amber_at": 1}).status_code == 403
    assert not Indicator.objects.filter(code="CSAT").exists()


def test_bob_never_sees_alices_private_indicator(world, web, metrics):
    bob = web("bob")
    slug = world.partnership.slug
    for path in _pages(slug, metrics)[:4] + ["/portfolio/", f"/partnerships/{slug}/", "/portfolio/export.csv"]:
        content = bob.get(path).content.decode()
        assert "SECRET" not in content and "Our internal cost" not in content, path
        assert "62.5" not in content, path  # alice's score, which counts her private KFI
    assert bob.get(f"/partnerships/{slug}/indicators/{metrics['secret'].pk}/edit/").status_code == 404
    alices = web("alice").get(f"/partnerships/{slug}/scorecard/").content.decode()
    assert "Our private indicators" in alices and "Private score (our KPIs and KFIs only): <strong>25</strong>" in alices
    assert "Our private indicators" not in bob.get(f"/partnerships/{slug}/scorecard/").content.decode()


def test_scorecard_page_shows_formula_charts_and_warnings(world, web, metrics, last_month):
    measurement_services.measurement_record(access=world.access(world.bob), indicator=metrics["cpi"], period=last_month,
                                value=Decimal("97"))
    page = web("bob").get(f"/partnerships/{world.partnership.slug}/scorecard/", {"period": month_text(last_month)})
    content = page.content.decode()
    assert "Critical breach" in content and "actual ÷ target = 95 ÷ 95 = 1" in content
    assert content.count("<svg") == 1 + 2  # the overall trend and one per indicator
    assert "(a) a CPI is red" in content
    overview = web("bob").get(f"/partnerships/{world.partnership.slug}/").content.decode()
    assert "CPI breach: PRIV" in overview and "(a) a CPI is red" in overview


def test_bad_period_falls_back_with_a_message(world, web, metrics):
    response = web("alice").get(f"/partnerships/{world.partnership.slug}/scorecard/", {"period": "2026-13"})
    assert response.status_code == 200 and "not a real date" in response.content.decode()


def test_grid_saves_and_corrects(world, web, metrics, last_month):
    key = f"v-{metrics['otd'].pk}-{last_month.isoformat()}"
    response = web("maya").post(f"/partnerships/{world.partnership.slug}/measurements/", {key: "88"})
    assert response.status_code == 302
    assert Measurement.objects.get(indicator=metrics["otd"], period=last_month).value == Decimal("88")


def test_grid_errors_name_the_cell_and_save_nothing(world, web, metrics, last_month):
    good = f"v-{metrics['cpi'].pk}-{last_month.isoformat()}"
    bad = f"v-{metrics['otd'].pk}-{last_month.isoformat()}"
    response = web("bob").post(f"/partnerships/{world.partnership.slug}/measurements/", {good: "99", bad: "lots"})
    assert response.status_code == 422
    assert "OTD, " in response.content.decode() and "is not a number" in response.content.decode()
    assert Measurement.objects.get(indicator=metrics["cpi"], period=last_month).value == Decimal("100")


def test_grid_ignores_cells_the_party_may_not_enter(world, web, metrics, last_month):
    key = f"v-{metrics['otd'].pk}-{last_month.isoformat()}"  # bob's, entry by owner only
    assert web("alice").post(f"/partnerships/{world.partnership.slug}/measurements/", {key: "1"}).status_code == 302
    assert Measurement.objects.get(indicator=metrics["otd"], period=last_month).value == Decimal("95")


def _indicator_form(**overrides):
    data = {"code": "CSAT", "name": "Customer satisfaction", "kind": "kpi", "direction": "higher_is_better",
            "target": "90", "frequency": "monthly", "aggregation": "average", "weight": "1", "entry_by": "owner",
            "visibility": "shared"}
    data.update(overrides)
    return data


def test_indicator_form_creates_with_bands(world, web, metrics):
    party = world.access(world.alice).party.pk
    response = web("alice").post(f"/partnerships/{world.partnership.slug}/indicators/new/", _indicator_form(
        owner_party=party, band_1_high="80", band_1_status="red", band_2_low="80", band_2_high="90",
        band_2_status="amber", band_3_low="90", band_3_status="green"))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert [b["status"] for b in Indicator.objects.get(code="CSAT").bands] == ["red", "amber", "green"]


def test_indicator_form_errors_name_the_band_row_and_the_code(world, web, metrics):
    party = world.access(world.alice).party.pk
    url = f"/partnerships/{world.partnership.slug}/indicators/new/"
    response = web("alice").post(url, _indicator_form(owner_party=party, band_1_high="80", band_1_status="red",
                                                      band_3_low="70", band_3_status="green"))
    assert response.status_code == 422 and "Band row 3" in response.content.decode()
    response = web("alice").post(url, _indicator_form(owner_party=party, code="OTD"))
    assert response.status_code == 422 and "already exists" in response.content.decode()
    assert not Indicator.objects.filter(code="CSAT").exists()


def test_library_and_settings_pages(world, web, metrics):
    slug = world.partnership.slug
    assert web("alice").post(f"/partnerships/{slug}/indicators/library/", {"codes": ["CSAT", "NPS"]}).status_code == 302
    assert Indicator.objects.filter(code__in=["CSAT", "NPS"]).count() == 2
    response = web("alice").post(f"/partnerships/{slug}/scorecard/settings/", {"green_at": "95", "amber_at": "97"})
    assert response.status_code == 200 and "must not be above green" in response.content.decode()
    assert not ScorecardSettings.objects.exists()


def test_portfolio_sort_paginate_and_csv(world, web, metrics):
    alice = web("alice")
    for sort in ("name", "-name", "score", "status", "warnings", "-cpi_breaches", "health"):
        assert alice.get("/portfolio/", {"sort": sort}).status_code == 200
    response = alice.get("/portfolio/", {"sort": "bogus"})
    assert response.status_code == 400 and "Sort by one of" in response.content.decode()
    csv = alice.get("/portfolio/export.csv").content.decode()
    assert csv.splitlines()[0].startswith("\ufeffpartnership,slug,engagement_type,phase,your_role,latest_period,score,")
    assert "100.00" in csv  # the shared score: alice's private KFI never counts


@pytest.mark.parametrize("extra", [0, 6])
def test_scorecard_page_query_count_is_flat(world, web, metrics, last_month, django_assert_max_num_queries, extra):
    bob = world.access(world.bob)
    for i in range(extra):
        indicator = indicator_agreed(owner_access=bob, other_access=world.access(world.alice), code=f"K{i}",
                                     name=f"K{i}", target=Decimal("10"))
        measurement_services.measurement_record(access=bob, indicator=indicator, period=last_month, value=Decimal("9"))
    client = web("bob")
    # session, user, membership, party; shared definitions (+ thresholds) and values; private definitions; …
    with django_assert_max_num_queries(10):
        assert client.get(f"/partnerships/{world.partnership.slug}/scorecard/").status_code == 200


@pytest.mark.parametrize("extra", [0, 6])
def test_portfolio_page_query_count_is_flat(world, web, metrics, last_month, django_assert_max_num_queries, extra):
    from accord.partnerships.access import partnership_access
    from accord.partnerships.services import partnership_create

    for i in range(extra):
        partnership = partnership_create(acting_user=world.alice, name=f"Extra {i}", role="client")
        access = partnership_access(world.alice, partnership_id=partnership.pk)
        indicator = indicator_services.indicator_create(access=access, code="X", name="X", target=Decimal("10"))
        measurement_services.measurement_record(access=access, indicator=indicator, period=last_month, value=Decimal("9"))
    client = web("alice")
    # session, user, membership (twice); totals, count, the page of seats (with their stored latest month),
    # its 12 months, next meetings, open escalations, agreement dates, latest statements: stored rows only,
    # whatever their number.
    with django_assert_max_num_queries(12):
        assert client.get("/portfolio/").status_code == 200


@pytest.mark.parametrize("extra", [0, 6])
def test_grid_and_indicator_pages_query_count_is_flat(world, web, metrics, django_assert_max_num_queries, extra):
    bob = world.access(world.bob)
    for i in range(extra):
        indicator_agreed(owner_access=bob, other_access=world.access(world.alice), code=f"K{i}", name=f"K{i}",
                         target=Decimal("10"))
    client = web("bob")
    # The indicators page also reads pending changes and definitions (one query each) and clashing codes (two).
    for page, queries in (("measurements", 9), ("indicators", 11)):
        with django_assert_max_num_queries(queries):
            assert client.get(f"/partnerships/{world.partnership.slug}/{page}/").status_code == 200


def test_portfolio_reads_the_stored_rows_and_shows_a_change_at_once(world, web, metrics, last_month,
                                                                   django_assert_max_num_queries):
    alice = web("alice")
    before = alice.get("/portfolio/export.csv").content.decode()
    # A new value moves the score: it is stored in the writing transaction, so the next read shows it.
    access = world.access(world.alice)
    indicator = indicator_agreed(owner_access=access, other_access=world.access(world.bob), code="NEW", name="New KPI",
                                 target=Decimal("10"))
    measurement_services.measurement_record(access=access, indicator=indicator, period=last_month, value=Decimal("1"))
    after = alice.get("/portfolio/export.csv").content.decode()
    assert after != before
    # The other party reads the same stored numbers (only its own role differs).
    bob_rows = web("bob").get("/portfolio/export.csv").content.decode()
    assert bob_rows.splitlines()[0] == after.splitlines()[0]
    assert bob_rows.splitlines()[1].replace("provider", "client") == after.splitlines()[1]
