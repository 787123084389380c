"""An auditor completes an audit on a phone-sized screen, with a photo, and sees the score."""

import datetime

import pytest
from playwright.sync_api import expect

from accord.audits import templates_service
from accord.audits.models import Audit
from accord.audits.tests.conftest import SECTIONS, place
from accord.core.testing import build_world

from .conftest import confirm

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 256


@pytest.mark.django_db(transaction=True)
def test_auditor_completes_an_audit_on_a_phone_with_a_photo(browser, live_server, page_for, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    world = build_world()
    place(world)
    templates_service.template_save(access=world.access(world.bob), code="CLEAN", name="Cleaning walk-through",
                                    sections=SECTIONS)
    photo = tmp_path / "washroom.jpg"
    photo.write_bytes(JPEG)
    slug = world.partnership.slug

    bob = page_for("bob")
    bob.set_viewport_size({"width": 390, "height": 844})
    bob.goto(f"/partnerships/{slug}/audits/")
    bob.get_by_label("Date").fill((datetime.date.today() - datetime.timedelta(days=1)).isoformat())
    bob.get_by_role("button", name="Start").click()
    expect(bob.get_by_role("heading", name="Cleaning walk-through")).to_be_visible()
    # Nothing wider than the phone.
    assert bob.evaluate("document.documentElement.scrollWidth") <= 390

    bob.get_by_role("group", name="A1 Floors clean").get_by_label("3").check()
    bob.get_by_role("group", name="A2 Bins emptied").get_by_label("N/A").check()
    bob.get_by_role("group", name="B1 Soap stocked").get_by_label("Yes").check()
    b2 = bob.get_by_role("group", name="B2 Mirrors clean")
    b2.get_by_label("1", exact=True).check()
    b2.get_by_label("Comment").fill("Streaks on the mirrors")
    b2.get_by_label("Photo").set_input_files(str(photo))
    bob.get_by_role("button", name="Save and complete").click()
    confirm(bob, "Confirm")

    expect(bob.get_by_text("Audit completed: score 79.2.")).to_be_visible()
    expect(bob.locator(".score-big")).to_have_text("79.2")
    audit = Audit.objects.get()
    assert audit.is_completed and audit.photos.count() == 1 and audit.photos.get().content_type == "image/jpeg"
    assert bob.evaluate("document.documentElement.scrollWidth") <= 390
