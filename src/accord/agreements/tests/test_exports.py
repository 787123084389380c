"""The agreement's tables download as one workbook, or one section as CSV (UTF-8 with a BOM) or XLSX."""

import csv
import io

from openpyxl import load_workbook

from accord.agreements import services

from .conftest import fill_draft


def test_agreement_tables_download(world, web):
    alice = world.access(world.alice)
    version = fill_draft(world, services.agreement_draft_create(access=alice))
    url = f"/partnerships/{world.partnership.slug}/agreement/export/"
    deliverable = version.deliverables.first()
    for name in ("alice", "bob"):
        workbook = load_workbook(io.BytesIO(web(name).get(url).content))
        assert workbook.sheetnames == ["Responsibilities", "Communications", "Deliverables", "Milestones",
                                       "Legal items", "Shared costs", "Exit clauses"]
        rows = [[cell.value for cell in row] for row in workbook["Deliverables"].iter_rows()]
        assert rows[0][:3] == ["Title", "Owner", "Due"] and rows[1][0] == deliverable.title
    text = web("bob").get(url, {"version": version.number, "section": "deliverables", "format": "csv"}).content
    assert text.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))
    assert rows[0][0] == "Title" and rows[1][0] == deliverable.title
    assert web("alice").get(url, {"section": "nothing"}).status_code == 400
    assert web("alice").get(url, {"section": "milestones", "format": "doc"}).status_code == 400
    assert web("charlie").get(url).status_code == 404
    assert web("alice").get(url, {"version": "999"}).status_code == 404


def test_the_raci_matrix_and_communications_download_with_party_names(world, web):
    alice = world.access(world.alice)
    version = fill_draft(world, services.agreement_draft_create(access=alice))
    area = version.areas.prefetch_related("assignments__party__organization").first()
    channel = version.channels.first()
    url = f"/partnerships/{world.partnership.slug}/agreement/export/"
    text = web("bob").get(url, {"version": version.number, "section": "responsibilities", "format": "csv"}).content
    rows = list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))
    assert rows[0][:2] == ["Area", "RACI"] and rows[1][0] == area.name
    for cell in area.assignments.all():
        assert f"{cell.party.organization.name}: {cell.get_role_display()}" in rows[1][1]
    sheet = load_workbook(io.BytesIO(web("alice").get(url, {"version": version.number}).content))["Communications"]
    assert [c.value for c in sheet[2]][:2] == [channel.get_purpose_display(), channel.channel]
