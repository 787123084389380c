import datetime
import io

import pytest
from django.utils import timezone
from pptx import Presentation
from pypdf import PdfReader

from accord.governance import actions, proceedings
from accord.governance import services as governance
from accord.governance.ladder import escalation_raise
from accord.governance.models import GovernanceBody
from accord.metrics import periods
from accord.metrics.scorecards.charts import format_value
from accord.metrics.scorecards.selectors import scorecard_for_period, scorecard_history
from accord.metrics.tests.conftest import last_month, metrics  # noqa: F401 (fixtures)
from accord.reviews.deck import CELL_CHARACTERS, ROWS_PER_SLIDE
from accord.reviews.selectors import review_pack


@pytest.fixture
def quarter(last_month):  # noqa: F811
    this_month = periods.period_start(timezone.localdate(), periods.MONTHLY)
    return periods.shift(last_month, periods.MONTHLY, -2), this_month


@pytest.fixture
def governed(world, metrics):  # noqa: F811
    """A meeting yesterday with a decision, an action done and one open (owed by bob), an open escalation."""
    alice, bob = world.access(world.alice), world.access(world.bob)
    body = GovernanceBody.objects.get(partnership=world.partnership, tier="operational")
    meeting = governance.meeting_create(access=alice, body=body, kind="qbr",
                                        starts_at=timezone.now() - datetime.timedelta(days=1))
    proceedings.decision_add(access=alice, meeting=meeting, text="Extend the pilot to the east wing.")
    today = timezone.localdate()
    done = actions.action_create(access=alice, title="Share the audit findings", owner=world.bob.pk,
                                 owner_party=bob.party.pk, due_date=today)
    actions.action_update(access=bob, action=done, status="done")
    actions.action_create(access=alice, title="Draft the east-wing rota", owner=world.bob.pk,
                          owner_party=bob.party.pk, due_date=today + datetime.timedelta(days=20))
    escalation_raise(access=alice, category="communication_breakdown", severity="high",
                     description="Night-shift handovers are not reported")
    return world


def _url(world, suffix, start, end, pid=None):
    return (f"/api/v1/partnerships/{pid or world.partnership.pk}/review-pack.{suffix}"
            f"?from={start:%Y-%m}&to={end:%Y-%m}")


def _slide_text(slide) -> str:
    parts = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            parts.append(shape.text_frame.text)
        if shape.has_table:
            parts += [cell.text for row in shape.table.rows for cell in row.cells]
    return "\n".join(parts)


def test_the_deck_has_a_title_slide_a_native_score_chart_matching_the_scorecard_and_a_slide_per_section(
        governed, api, quarter, last_month):  # noqa: F811
    world = governed
    start, end = quarter
    response = api("bob").get(_url(world, "pptx", start, end))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.presentationml.presentation"
    assert response["Content-Disposition"].endswith(f'-review-{start:%Y-%m}-to-{end:%Y-%m}.pptx"')
    deck = Presentation(io.BytesIO(response.content))
    titles = [slide.shapes.title.text for slide in deck.slides]
    assert titles[0] == "Quarterly business review: Patient Experience Partnership"
    assert titles[1:] == ["Shared scorecard", "Shared scorecard (continued)", "Early warnings", "Relationship health",
                          "Decisions", "Escalations", "Open actions", "Actions done", "Upcoming dates"]
    charts = [shape.chart for shape in deck.slides[1].shapes if shape.has_chart]
    assert len(charts) == 1
    access = world.access(world.bob)
    history = scorecard_history(access, 4, end)
    plot = charts[0].plots[0]
    assert list(plot.categories) == [row["period_label"] for row in history]
    assert list(plot.series[0].values) == [None if row["score"] is None else float(row["score"]) for row in history]
    card = scorecard_for_period(access, last_month)  # the latest month of the range with data
    assert card["score"] is not None
    facts = _slide_text(deck.slides[1])
    assert f"Overall score: {format_value(card['score'])}" in facts and f"Month: {card['period_label']}" in facts
    text = "\n".join(_slide_text(slide) for slide in deck.slides)
    for expected in ("OTD On-time delivery", "Extend the pilot to the east wing.", "Draft the east-wing rota",
                     "Share the audit findings", "Night-shift handovers are not reported", "Health index"):
        assert expected in text
    assert "Our internal cost" not in text and "SECRET" not in text  # alice's private indicator


def test_the_scorecard_numbers_of_the_pack_are_the_shared_scorecards(governed, quarter, last_month):  # noqa: F811
    world = governed
    start, end = quarter
    for user in (world.alice, world.bob):  # every party gets the same pack numbers
        access = world.access(user)
        scorecard = review_pack(access, start, end).sections[0]
        card = scorecard_for_period(access, last_month)
        assert scorecard.key == "scorecard"
        assert [row[0] for row in scorecard.rows] == [f"{r['code']} {r['name']}" for r in card["indicators"]]
        assert scorecard.series == [(row["period_label"], None if row["score"] is None else float(row["score"]))
                                    for row in scorecard_history(access, 4, end)]
    assert review_pack(world.access(world.alice), start, end).sections[0].rows == \
        review_pack(world.access(world.bob), start, end).sections[0].rows


def _pdf_text(content: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())


def test_the_pdf_has_the_sections_in_text(governed, api, quarter):
    world = governed
    start, end = quarter
    response = api("alice").get(_url(world, "pdf", start, end))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    for expected in ("Quarterly business review: Patient Experience Partnership", "Shared scorecard",
                     "On-time delivery", "Decisions", "Extend the pilot to the east wing.", "Open actions",
                     "Upcoming dates"):
        assert expected in text
    assert "Our internal cost" not in text


def test_outsider_gets_404_viewer_and_other_party_read(governed, api, web, quarter):
    world = governed
    start, end = quarter
    for suffix in ("pdf", "pptx"):
        mine, missing = api("charlie").get(_url(world, suffix, start, end)), \
            api("charlie").get(_url(world, suffix, start, end, pid=999999))
        assert mine.status_code == missing.status_code == 404 and mine.json() == missing.json()
        assert api("victor").get(_url(world, suffix, start, end)).status_code == 200
    page = f"/partnerships/{world.partnership.slug}/review-pack/?from={start:%Y-%m}&to={end:%Y-%m}"
    assert web("charlie").get(page).status_code == 404
    assert web("charlie").get(page.replace("/?", "/pack.pptx?")).status_code == 404
    for name in ("victor", "bob"):
        response = web(name).get(page)
        assert response.status_code == 200 and "Extend the pilot to the east wing." in response.content.decode()
    assert web("bob").get(page.replace("/?", "/pack.pdf?"))["Content-Type"] == "application/pdf"


@pytest.mark.parametrize(("query", "field", "words"), [
    ("from=2026-05&to=2026-03", "to", "on or after"),
    ("from=2023-01&to=2026-03", "to", "at most 24 months"),
    ("from=2026-13&to=2026-03", "from", "not a month"),
    ("from=nonsense&to=2026-03", "from", "not a month"),
    ("from=2026-01&to=9999-12", "to", "in the future"),
    ("from=1800-01&to=1800-02", "from", "before 1900"),
    ("from=" + "2" * 30 + "&to=2026-03", "from", "at most 20 characters"),
])
def test_a_bad_range_is_a_400_naming_the_field(world, api, web, query, field, words):
    response = api("alice").get(f"/api/v1/partnerships/{world.partnership.pk}/review-pack.pptx?{query}")
    assert response.status_code == 400
    assert field in response.json()["errors"] and words in response.json()["errors"][field][0]
    page = web("alice").get(f"/partnerships/{world.partnership.slug}/review-pack/?{query}")
    assert page.status_code == 400 and words in page.content.decode()
    download = web("alice").get(f"/partnerships/{world.partnership.slug}/review-pack/pack.pdf?{query}")
    assert download.status_code == 400 and download["Content-Type"].startswith("text/html")


def test_24_months_is_allowed_and_makes_an_annual_review(world, api):
    end = periods.period_start(timezone.localdate(), periods.MONTHLY)
    start = periods.shift(end, periods.MONTHLY, -23)
    response = api("alice").get(_url(world, "pptx", start, end))
    assert response.status_code == 200
    deck = Presentation(io.BytesIO(response.content))
    assert deck.slides[0].shapes.title.text.startswith("Annual review:")


def test_long_sections_continue_on_further_slides_and_long_text_is_cut_to_fit(world, api):
    alice, bob = world.access(world.alice), world.access(world.bob)
    due = timezone.localdate() + datetime.timedelta(days=5)
    for number in range(ROWS_PER_SLIDE + 3):
        actions.action_create(access=alice, title=f"Action {number} " + "very long words " * 15, owner=world.bob.pk,
                              owner_party=bob.party.pk, due_date=due)
    end = periods.period_start(timezone.localdate(), periods.MONTHLY)
    deck = Presentation(io.BytesIO(api("alice").get(_url(world, "pptx", end, end)).content))
    slides = [slide for slide in deck.slides if slide.shapes.title.text.startswith("Open actions")]
    assert [slide.shapes.title.text for slide in slides] == ["Open actions", "Open actions (continued)"]
    tables = [shape.table for slide in slides for shape in slide.shapes if shape.has_table]
    assert [len(table.rows) - 1 for table in tables] == [ROWS_PER_SLIDE, 3]
    cells = [cell.text for table in tables for row in table.rows for cell in row.cells]
    assert max(len(text) for text in cells) <= CELL_CHARACTERS and any(text.endswith("…") for text in cells)


def test_the_page_offers_the_last_full_quarter_by_default(world, web):
    response = web("alice").get(f"/partnerships/{world.partnership.slug}/review-pack/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Quarterly business review" in body and "pack.pptx?from=" in body


def test_the_pack_is_read_in_a_bounded_number_of_queries(governed, quarter, django_assert_max_num_queries):
    world = governed
    start, end = quarter
    access = world.access(world.alice)
    # 28 today: the scorecard, warnings, health, statements, decisions, escalations, actions, calendar dates.
    with django_assert_max_num_queries(28):
        review_pack(access, start, end)
    for number in range(5):  # more actions and decisions cost no more queries
        actions.action_create(access=access, title=f"More {number}", owner=world.bob.pk,
                              owner_party=world.access(world.bob).party.pk, due_date=timezone.localdate())
    with django_assert_max_num_queries(28):
        review_pack(access, start, end)


def test_the_pdfs_charts_carry_their_own_styles(governed, quarter):
    # WeasyPrint ignores the page's stylesheet inside an inline SVG: bands would print solid black.
    from accord.metrics.scorecards.charts import PRINT_STYLE as CHART_STYLE
    from accord.reviews.downloads import _printable

    pack = _printable(review_pack(governed.access(governed.alice), *quarter))
    charts = [svg for section in pack.sections for _, svg in section.charts]
    assert charts and all(svg.startswith("<svg ") and svg.index(CHART_STYLE) < svg.index("<title>")
                          for svg in charts)


def test_the_health_section_is_the_health_index_of_each_month(governed, quarter, last_month):  # noqa: F811
    from accord.health.index import health_for_period

    start, end = quarter
    pack = review_pack(governed.access(governed.bob), start, end)
    health = next(section for section in pack.sections if section.key == "health")
    expected = health_for_period(governed.partnership, last_month.strftime("%Y-%m"))
    row = next(row for row in health.rows if row[0] == periods.label(last_month, periods.MONTHLY))
    assert row[1] == format_value(expected["index"]) and expected["index"] is not None
    assert [r[0] for r in health.rows] == [periods.label(m, periods.MONTHLY) for m in periods.months_back(end, 4)]
