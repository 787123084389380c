from accord.core.demo import build_demo
from accord.health.index import health_for_periods, scored_months
from accord.health.models import SurveyRound
from accord.health.results import round_results
from accord.partnerships.access import partnership_access


def test_demo_hospital_has_people_rounds_and_health(db):
    world = build_demo()
    hospital = world.partnerships["northwind-meridian"]
    organizations = {}
    for party in hospital.accepted_parties():
        organizations[party.organization.name] = party.organization.memberships.count()
    assert all(count >= 4 for count in organizations.values()), organizations
    rounds = list(SurveyRound.objects.filter(partnership=hospital).order_by("opens"))
    assert [r.status for r in rounds] == ["closed", "closed", "open"]
    statuses = [[row["status"] for row in round_results(r)["parties"]] for r in rounds[:2]]
    assert statuses == [["ok", "ok"], ["ok", "not_enough_responses"]]
    health = health_for_periods(hospital, scored_months(hospital, count=12))
    scored = [row for row in health if row["components"]["operational"]["status"] == "ok"]
    assert scored and all(row["index"] is not None for row in scored)
    assert health[-1]["components"]["relationship"]["status"] == "ok"
    alice = partnership_access(world.users["alice"], partnership_id=hospital.pk)
    assert alice.partnership.phase == "execution"
    build_demo()  # idempotent
    assert SurveyRound.objects.filter(partnership=hospital).count() == 3
