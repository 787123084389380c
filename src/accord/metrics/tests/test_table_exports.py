"""Every metrics table downloads as CSV (UTF-8 with a BOM) and XLSX with the rows its page shows."""

import csv
import io

from openpyxl import load_workbook

from .conftest import month_text


def _csv(response):
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def _xlsx(response):
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_portfolio_csv_and_xlsx_on_both_urls(world, web, metrics):
    alice = web("alice")
    for url in ("/portfolio/export/", "/portfolio/export.csv"):
        rows = _csv(alice.get(url))
        assert rows[0][:10] == ["partnership", "slug", "engagement_type", "phase", "your_role", "latest_period", "score",
                                "status", "cpi_breaches", "warnings"]
        assert rows[1][1] == world.partnership.slug
    cells = _xlsx(alice.get("/portfolio/export/", {"format": "xlsx"}))
    assert cells[0][0] == "partnership" and cells[1][1] == world.partnership.slug and cells[1][6] == 100
    assert world.partnership.slug not in web("charlie").get("/portfolio/export/").content.decode()
    response = alice.get("/portfolio/export/", {"format": "doc"})
    assert response.status_code == 400 and b"format" in response.content


def test_indicators_export_holds_own_private_rows_only(world, web, metrics):
    url = f"/partnerships/{world.partnership.slug}/indicators/export/"
    alice = _csv(web("alice").get(url))
    assert alice[0][:4] == ["Code", "Name", "Kind", "Unit"]
    assert {row[0] for row in alice[1:]} == {"OTD", "PRIV", "SECRET"}
    bob = _xlsx(web("bob").get(url, {"format": "xlsx"}))
    assert {row[0] for row in bob[1:]} == {"OTD", "PRIV"}
    assert "SECRET" not in str(bob) and "Our internal cost" not in str(bob)
    assert web("charlie").get(url).status_code == 404


def test_measurements_export_rows_and_isolation(world, web, metrics, last_month):
    url = f"/partnerships/{world.partnership.slug}/measurements/export/"
    rows = _csv(web("alice").get(url, {"indicator": "OTD"}))
    assert rows[0][:4] == ["Indicator", "Indicator name", "Period", "Value"]
    assert rows[1][0] == "OTD" and rows[1][2] == last_month.isoformat() and rows[1][3] == "95.000000"
    bob = _xlsx(web("bob").get(url, {"format": "xlsx"}))
    assert "SECRET" not in str(bob) and {row[0] for row in bob[1:]} == {"OTD", "PRIV"}
    assert len(_csv(web("bob").get(url, {"indicator": str(metrics["secret"].pk)}))) == 1  # headers only
    assert web("charlie").get(url).status_code == 404


def test_indicator_history_export(world, web, metrics, last_month):
    slug, secret = world.partnership.slug, metrics["secret"]
    rows = _csv(web("alice").get(f"/partnerships/{slug}/indicators/{secret.pk}/history/export/"))
    assert rows[0][:4] == ["Period", "Period start", "Value is", "Value"]
    assert rows[1][1] == last_month.isoformat() and rows[1][2] == "current" and rows[1][3] == "4000.000000"
    assert month_text(last_month) in " ".join(rows[1])
    assert web("bob").get(f"/partnerships/{slug}/indicators/{secret.pk}/history/export/").status_code == 404
    assert web("charlie").get(
        f"/partnerships/{slug}/indicators/{metrics['otd'].pk}/history/export/").status_code == 404


def test_notes_export_never_holds_the_other_partys_private_notes(world, web, metrics):
    from accord.partnerships.notes import PARTY_NOTES, note_create

    note_create(kind=PARTY_NOTES, access=world.access(world.bob), text="BOB-PRIVATE-NOTE margin")
    note_create(kind=PARTY_NOTES, access=world.access(world.alice), text="Shared × note", visibility="shared")
    url = f"/partnerships/{world.partnership.slug}/notes/export/"
    alice = _csv(web("alice").get(url))
    assert alice[0] == ["Written (UTC)", "Party", "Author", "Visibility", "Text"]
    assert [row[4] for row in alice[1:]] == ["Shared × note"]
    bob = _xlsx(web("bob").get(url, {"format": "xlsx"}))
    assert {row[4] for row in bob[1:]} == {"Shared × note", "BOB-PRIVATE-NOTE margin"}
    assert web("charlie").get(url).status_code == 404


def test_activity_export_leaves_out_the_other_partys_private_records(world, web, metrics):
    url = f"/partnerships/{world.partnership.slug}/activity/export/"
    alice = _csv(web("alice").get(url))
    bob = _csv(web("bob").get(url))
    assert alice[0] == ["When (UTC)", "Who", "Party", "Action", "Record kind", "Record", "Changes"]
    assert "SECRET" in str(alice) and "SECRET" not in str(bob)
    assert any(row[5] and "OTD" in row[5] + row[6] for row in bob[1:])
    assert web("charlie").get(url).status_code == 404


def test_activity_export_words_changes_as_the_page_does(world, web, api):
    """A change reads ``Label: before → after`` with the field's label, not its stored key."""
    pid = world.partnership.pk
    detail = api("alice").get(f"/api/v1/partnerships/{pid}").json()
    response = api("alice").patch(f"/api/v1/partnerships/{pid}", {"description": "Wider scope", "revision": detail["revision"]})
    assert response.status_code == 200, response.content
    rows = _csv(web("bob").get(f"/partnerships/{world.partnership.slug}/activity/export/"))
    changes = next(row[6] for row in rows[1:] if "Wider scope" in row[6])
    assert changes.startswith("Description: ") and changes.endswith("→ Wider scope")
