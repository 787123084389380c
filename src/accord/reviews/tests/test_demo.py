import io

from pptx import Presentation

from accord.core.demo import build_demo
from accord.partnerships.access import partnership_access
from accord.partnerships.models import Party
from accord.reviews.deck import review_pack_pptx
from accord.reviews.downloads import review_pack_pdf
from accord.reviews.selectors import default_range, review_pack


def test_the_hospital_partnerships_qbr_pack_renders_on_the_demo_data(db):
    world = build_demo()
    hospital = world.partnerships["northwind-meridian"]
    party = Party.objects.filter(partnership=hospital).select_related("organization").first()
    person = party.organization.memberships.select_related("user").first().user
    access = partnership_access(person, partnership_id=hospital.pk)
    pack = review_pack(access, *default_range())
    sections = {section.key: section for section in pack.sections}
    assert sections["scorecard"].rows and any(score is not None for _, score in sections["scorecard"].series)
    assert sections["decisions"].rows or sections["actions_open"].rows
    assert "incentives" in sections  # the hospital partnership has a financial model
    deck = Presentation(io.BytesIO(review_pack_pptx(pack)))
    assert deck.slides[0].shapes.title.text == f"Quarterly business review: {hospital.name}"
    assert review_pack_pdf(pack).startswith(b"%PDF")
