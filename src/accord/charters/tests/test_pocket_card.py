"""The pocket card says what the parties signed: every field, in full or in the card version they wrote,
set in a readable size — or refused with what to shorten. Never cut."""

import io

import pytest
from django.template.loader import render_to_string
from pypdf import PdfReader

from accord.charters import services
from accord.charters.calculations import charter_diff
from accord.charters.card_layout import MIN_SIZE_PT, CardText, card_fit
from accord.charters.pocket_card import card_context, pocket_card_for
from accord.charters.selectors import version_content
from accord.charters.templates_library import TEMPLATES

LONG_VALUES = [{"name": f"Principle number {i}", "description": "A long description of how we work " * 6}
               for i in range(8)]
LONG = {"purpose": "We exist so that every patient is cared for by one team that shares one set of numbers. " * 5,
        "mission": "Together we run the services to the standards we agreed and publish the scorecard. " * 6,
        "vision": "The best-run support services in the region by the end of the decade.", "values": LONG_VALUES}


def _flat(text: str) -> str:
    return " ".join(text.split())


def _pdf_text(pdf: bytes) -> str:
    # A line that breaks after a hyphen extracts as "patient- experience".
    return _flat(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)).replace("- ", "-")


def _boxes(box):
    if type(box).__name__ == "AbsolutePlaceholder":  # an absolutely positioned box (the panels, the feet)
        box = box._box
    yield box
    for child in getattr(box, "children", None) or []:
        yield from _boxes(child)


def _panel_overflows(version) -> list[tuple[float, float]]:
    """For each panel, (bottom of its text, top of its foot) as laid out by WeasyPrint itself."""
    from weasyprint import HTML

    html = render_to_string("charters/pocket_card.html", card_context(version, ["A", "B"], "A × B"))
    page = HTML(string=html).render().pages[0]._page_box
    found = {"body": [], "foot": []}
    for box in _boxes(page):
        element = getattr(box, "element", None)
        if type(box).__name__ == "BlockBox" and element is not None and element.get("class") in found:
            found[element.get("class")].append(box)
    return [(body.position_y + body.margin_height(), foot.position_y)
            for body, foot in zip(found["body"], found["foot"], strict=True)]


@pytest.mark.parametrize("template", [t.slug for t in TEMPLATES])
def test_every_shipped_template_fits_in_full(world, template):
    version = services.charter_version_create(access=world.access(world.alice), template=template)
    fit = card_fit(CardText(tagline=version.tagline, purpose=version.purpose, vision=version.vision,
                            mission=version.mission, values=tuple((v["name"], v["description"])
                                                                  for v in version.values)))
    assert fit.fits and fit.front.size_pt >= MIN_SIZE_PT and fit.back.size_pt >= MIN_SIZE_PT
    text = _pdf_text(pocket_card_for(version))
    for field in ("tagline", "purpose", "vision", "mission"):
        assert _flat(getattr(version, field)) in text, field
    for value in version.values:
        assert _flat(f"{value['name']} — {value['description']}") in text
    for bottom, foot_top in _panel_overflows(version):
        assert bottom <= foot_top  # the engine's own layout: no text under the foot or off the panel


def test_a_long_charter_is_refused_naming_each_field_and_how_much_to_cut(world):
    version = services.charter_version_create(access=world.access(world.alice), **LONG)
    fit = card_fit(CardText(tagline="", purpose=_flat(version.purpose), vision=version.vision,
                            mission=_flat(version.mission),
                            values=tuple((v["name"], v["description"]) for v in version.values)))
    assert not fit.fits
    assert fit.problems["mission"].startswith("Mission: about ")
    assert fit.problems["mission"].endswith("characters too long for the card — write a shorter card version")
    assert "values" in fit.problems
    with pytest.raises(Exception) as refused:
        pocket_card_for(version)
    assert set(refused.value.message_dict) >= {"card_mission", "card_values"}


def test_the_amount_to_cut_is_enough_and_not_much_more(world):
    mission = LONG["mission"] * 2
    card = CardText(tagline="One team.", purpose="Short purpose.", vision="", mission=_flat(mission),
                    values=(("Trust", "We keep our word."),))
    problem = card_fit(card).problems["mission"]
    cut = int(problem.split("about ")[1].split(" ")[0])
    shorter = CardText(**{**card.__dict__, "mission": _flat(mission)[: len(_flat(mission)) - cut]})
    assert card_fit(shorter).fits
    less_cut = CardText(**{**card.__dict__, "mission": _flat(mission)[: len(_flat(mission)) - cut + 40]})
    assert not card_fit(less_cut).fits


def test_card_versions_make_a_long_charter_fit_and_are_what_the_card_says(world):
    version = services.charter_version_create(
        access=world.access(world.alice), **LONG, card_purpose="One team, one set of numbers, every patient.",
        card_mission="Run the services to standard and publish the scorecard.",
        card_values=[{"name": v["name"], "description": "How we work."} for v in LONG_VALUES])
    text = _pdf_text(pocket_card_for(version))
    assert "One team, one set of numbers, every patient." in text
    assert "Run the services to standard and publish the scorecard." in text
    assert _flat(LONG["mission"]) not in text
    assert "The best-run support services in the region" in text  # no card version: the vision in full
    for bottom, foot_top in _panel_overflows(version):
        assert bottom <= foot_top


def test_card_versions_are_part_of_the_signed_content_and_the_diff(world):
    access = world.access(world.alice)
    first = services.charter_version_create(access=access, **LONG, card_mission="Run it to standard.")
    second = services.charter_version_create(access=access, from_version=first.number)
    assert second.card_mission == "Run it to standard."
    services.charter_version_update(access=access, version=second, card_mission="Run it well, together.",
                                    card_values=[{"name": "Trust", "description": "Our word holds."}])
    second.refresh_from_db()
    changes = charter_diff(version_content(first), version_content(second))
    assert {"field": "card_mission", "before": "Run it to standard.", "after": "Run it well, together."} in changes
    assert any(c["field"] == "card_values" and c["name"] == "Trust" for c in changes)


def test_bad_card_values_are_refused_naming_the_field(world):
    with pytest.raises(Exception) as refused:
        services.charter_version_create(access=world.access(world.alice), card_values=[{"name": ""}])
    assert "card_values" in refused.value.message_dict


def _edit_url(world, number, suffix="edit/"):
    return f"/partnerships/{world.partnership.slug}/charter/versions/{number}/{suffix}"


def test_the_draft_editor_previews_the_card_live(world, web):
    version = services.charter_version_create(access=world.access(world.alice), template=TEMPLATES[0].slug)
    page = web("alice").get(_edit_url(world, version.number)).content.decode()
    assert "Fits on the pocket card." in page and "card-preview/" in page and 'name="card_mission"' in page
    preview = web("alice").post(_edit_url(world, version.number, "card-preview/"),
                                {"purpose": "Why.", "mission": LONG["mission"] * 2, "values": "Trust — We keep our word."},
                                HTTP_HX_REQUEST="true")
    assert preview.status_code == 200
    body = preview.content.decode()
    assert "Does not fit on the pocket card" in body and "Mission: about" in body
    with_card = web("alice").post(_edit_url(world, version.number, "card-preview/"),
                                  {"purpose": "Why.", "mission": LONG["mission"] * 2, "card_mission": "Run it well.",
                                   "values": "Trust — We keep our word."})
    assert "Fits on the pocket card." in with_card.content.decode()
    version.refresh_from_db()
    assert version.card_mission == "" and version.mission != LONG["mission"] * 2  # a preview saves nothing


def test_the_preview_is_for_the_partnership_editors_only(world, web):
    version = services.charter_version_create(access=world.access(world.alice), template=TEMPLATES[0].slug)
    assert web("charlie").post(_edit_url(world, version.number, "card-preview/"), {}).status_code == 404
    assert web("victor").post(_edit_url(world, version.number, "card-preview/"), {}).status_code == 403


def test_a_card_that_cannot_fit_is_a_message_on_the_version_page(world, web):
    version = services.charter_version_create(access=world.access(world.alice), **LONG)
    response = web("alice").get(f"/partnerships/{world.partnership.slug}/charter/pocket-card.pdf",
                                {"version": version.number}, follow=True)
    assert response.redirect_chain[-1][0].endswith(f"/versions/{version.number}/")
    assert "Mission: about" in response.content.decode()
    page = web("bob").get(f"/partnerships/{world.partnership.slug}/charter/versions/{version.number}/")
    body = page.content.decode()
    assert "Does not fit on the pocket card" in body and "pocket-card.pdf" not in body
