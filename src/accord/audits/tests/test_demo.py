from accord.audits.models import Audit, AuditTemplate
from accord.core.demo import build_demo
from accord.governance.models import ActionItem
from accord.metrics.models import Measurement
from accord.pricing.models import PricePoint, ServiceLine


def test_demo_facilities_partnership_has_audits_and_prices_once(db):
    world = build_demo()
    facilities = world.partnerships["northwind-meridian"]
    assert AuditTemplate.objects.filter(partnership=facilities).count() == 4
    audits = Audit.objects.filter(partnership=facilities)
    assert audits.count() == 7 and all(audit.is_completed and audit.score is not None for audit in audits)
    assert ActionItem.objects.filter(partnership=facilities, source="audit").count() == 4
    assert Measurement.objects.filter(partnership=facilities, source="audit", indicator__code="QAS").exists()
    assert ServiceLine.objects.filter(partnership=facilities).count() == 3
    assert PricePoint.objects.filter(partnership=facilities).count() == 3 * 4 * 3  # lines × markets × months
    build_demo()
    assert Audit.objects.filter(partnership=facilities).count() == 7
    assert PricePoint.objects.filter(partnership=facilities).count() == 3 * 4 * 3
