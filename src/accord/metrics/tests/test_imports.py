"""Measurement import: the service, the CLI, the upload page and the bulk API."""

import datetime
import io
import os
import subprocess
import sys
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from accord.core.models import AuditEvent
from accord.metrics.measurements.services import measurements_import
from accord.metrics.models import Indicator, Measurement, MeasurementRevision
from accord.partnerships import services as partnership_services

pytestmark = pytest.mark.django_db

HEADER = "partnership,indicator,period,value,comment\n"


@pytest.fixture
def setup(world):
    """Indicators of the world's partnership: alice's (client) and bob's (provider) parties."""
    alice_party = world.access(world.alice).party
    bob_party = world.access(world.bob).party

    def indicator(code, party, **extra):
        fields = {"name": code, "target": Decimal("95"), "kind": "kpi", "frequency": "monthly", **extra}
        return Indicator.objects.create(partnership=world.partnership, owner_party=party, code=code, **fields)

    world.ontime = indicator("ONTIME", alice_party, entry_by="both")
    world.quarterly = indicator("CSAT", alice_party, frequency="quarterly")
    world.provider_only = indicator("RESP", bob_party)  # shared, entered by bob's party only
    world.bob_private = indicator("MARGIN", bob_party, visibility="private", entry_by="both")
    world.alice_private = indicator("BATNA", alice_party, visibility="private")
    world.slug = world.partnership.slug
    return world


def csv_file(text: str, name="values.csv"):
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def run(world, user, text, **kwargs):
    return measurements_import(user=user, rows_or_file=io.BytesIO(text.encode()), source="file", **kwargs)


def test_good_file_is_imported_with_one_audit_event_per_partnership(setup):
    w = setup
    events = AuditEvent.objects.count()
    result = run(w, w.alice, HEADER + f"{w.slug},ONTIME,2025-01,97.5,January\n{w.slug},ONTIME,2025-02,98\n"
                                      f"{w.slug},CSAT,2025-Q1,4.2,\n")
    assert result.ok, result.errors
    assert (result.rows, result.created, result.corrected, result.unchanged) == (3, 3, 0, 0)
    value = Measurement.objects.get(indicator=w.ontime, period=datetime.date(2025, 1, 1))
    assert value.value == Decimal("97.5") and value.comment == "January" and value.source == "file"
    assert value.entered_by == w.alice and value.partnership == w.partnership
    assert Measurement.objects.get(indicator=w.quarterly).period == datetime.date(2025, 1, 1)
    new_events = list(AuditEvent.objects.order_by("-id")[: AuditEvent.objects.count() - events])
    assert [e.record_label for e in new_events] == ["measurement import (3 values)"]
    assert new_events[0].visibility == "shared"


def test_every_bad_row_is_reported_and_nothing_is_written(setup):
    w = setup
    text = HEADER + "\n".join([
        f"{w.slug},ONTIME,2025-01,97,",          # 2: good
        "no-such-partnership,ONTIME,2025-01,1,",  # 3
        f"{w.slug},NOPE,2025-01,1,",              # 4
        f"{w.slug},ONTIME,2025-13,1,",            # 5
        f"{w.slug},CSAT,2025-02,1,",              # 6: a month for a quarterly indicator
        f"{w.slug},ONTIME,2025-03,lots,",         # 7
        f"{w.slug},ONTIME,2025-01,98,",           # 8: same indicator and period as row 2
        f"{w.slug},ONTIME,2025-04,1.1234567,",    # 9: too many decimals
        f"{w.slug},MARGIN,2025-01,5,",            # 10: bob's private indicator is unknown to alice
        f"{w.slug},RESP,2025-01,5,",              # 11: entered by bob's party only
    ]) + "\n"
    result = run(w, w.alice, text)
    assert not result.ok
    found = [(e.row, e.column) for e in result.errors]
    assert found == [(3, "partnership"), (4, "indicator"), (5, "period"), (6, "period"), (7, "value"),
                     (8, "period"), (9, "value"), (10, "indicator"), (11, "indicator")]
    messages = {e.row: e.message for e in result.errors}
    assert messages[3] == "no partnership with slug 'no-such-partnership'"
    assert messages[4] == messages[10].replace("MARGIN", "NOPE")
    assert "already appears on row 2" in messages[8]
    assert "does not start a quarterly period" in messages[6]
    assert "Meridian Facility Services" in messages[11]
    assert Measurement.objects.count() == 0
    assert "Nothing imported" in result.summary()


def test_partnership_not_visible_reads_exactly_like_a_missing_one(setup):
    w = setup
    other = partnership_services.partnership_create(acting_user=w.charlie, name="Harborview Alliance", role="client")
    Indicator.objects.create(partnership=other, owner_party=other.parties.get(), code="ONTIME", name="x",
                             target=1, kind="kpi", frequency="monthly")
    result = run(w, w.alice, HEADER + f"{other.slug},ONTIME,2025-01,1,\nghost,ONTIME,2025-01,1,\n")
    assert [e.message for e in result.errors] == [f"no partnership with slug '{other.slug}'",
                                                 "no partnership with slug 'ghost'"]
    assert Measurement.objects.count() == 0


def test_missing_column_and_empty_file(setup):
    w = setup
    result = run(w, w.alice, "Partnership,Indicator,Value\nx,y,1\n")
    assert [(e.row, e.column) for e in result.errors] == [(1, "period")]
    assert "'period' is missing" in result.errors[0].message
    assert run(w, w.alice, "").errors[0].row == 1


def test_headers_are_case_insensitive_and_semicolons_work(setup):
    w = setup
    result = run(w, w.alice, f"PERIOD;Value;Indicator;Partnership\n2025-01;12,5;ONTIME;{w.slug}\n")
    assert result.errors[0].message == "'12,5' is not a number"
    result = run(w, w.alice, f"PERIOD;Value;Indicator;Partnership\n2025-01;12.5;ONTIME;{w.slug}\n")
    assert result.ok and result.created == 1


def test_reimport_is_a_no_op_and_a_correction_keeps_history(setup):
    w = setup
    text = HEADER + f"{w.slug},ONTIME,2025-01,97.5,\n{w.slug},ONTIME,2025-02,98.25,\n"
    run(w, w.alice, text)
    events = AuditEvent.objects.count()
    again = run(w, w.alice, text)
    assert (again.created, again.corrected, again.unchanged) == (0, 0, 2)
    assert AuditEvent.objects.count() == events and MeasurementRevision.objects.count() == 0

    fixed = run(w, w.bob, HEADER + f"{w.slug},ONTIME,2025-01,96.75,recount\n{w.slug},ONTIME,2025-02,98.250,\n")
    assert (fixed.created, fixed.corrected, fixed.unchanged) == (0, 1, 1)
    measurement = Measurement.objects.get(indicator=w.ontime, period=datetime.date(2025, 1, 1))
    assert measurement.value == Decimal("96.75") and measurement.entered_by == w.bob
    assert measurement.comment == "recount"
    revision = measurement.revisions.get()
    assert revision.value == Decimal("97.5") and revision.entered_by == w.alice and revision.source == "file"
    event = AuditEvent.objects.latest("id")
    assert event.action == "update" and event.record_label == "measurement import (1 values)"


def test_raw_writes_read_back_through_the_orm_as_django_writes_them(setup):
    w = setup
    values = ["0.1", "123456789.123456", "-42", "1E+3", "0.000001", "99999999999999.5", "7.10"]
    text = HEADER + "".join(f"{w.slug},ONTIME,2024-{i + 1:02d},{v},\n" for i, v in enumerate(values))
    assert run(w, w.alice, text).ok
    imported = list(Measurement.objects.filter(indicator=w.ontime).order_by("period").values_list("value", flat=True))
    # The same values written by the ORM itself, read back the same way.
    for i, v in enumerate(values):
        Measurement.objects.create(partnership=w.partnership, indicator=w.quarterly,
                                   period=datetime.date(2000 + i, 1, 1), value=Decimal(v))
    by_orm = list(Measurement.objects.filter(indicator=w.quarterly).order_by("period").values_list("value", flat=True))
    assert imported == by_orm
    assert imported[0] == Decimal("0.1") and imported[-1] == Decimal("7.1")
    assert all(isinstance(v, Decimal) for v in imported)
    # ... and importing them again finds them unchanged.
    assert run(w, w.alice, text).unchanged == len(values)


def test_xlsx_file(setup):
    w = setup
    book = Workbook()
    sheet = book.active
    sheet.append(["Partnership", "Indicator", "Period", "Value", "Comment"])
    sheet.append([w.slug, "ONTIME", datetime.datetime(2025, 3, 1), 96.5, "from the spreadsheet"])
    sheet.append([w.slug, "CSAT", "2025-Q2", 4, None])
    sheet.append([None, None, None, None, None])
    sheet.append([w.slug, "ONTIME", "2025-04", "n/a", None])
    buffer = io.BytesIO()
    book.save(buffer)
    bad = measurements_import(user=w.alice, rows_or_file=io.BytesIO(buffer.getvalue()), source="file")
    assert [(e.row, e.column) for e in bad.errors] == [(5, "value")]
    sheet.delete_rows(5)
    buffer = io.BytesIO()
    book.save(buffer)
    result = measurements_import(user=w.alice, rows_or_file=io.BytesIO(buffer.getvalue()), source="file")
    assert result.ok and result.created == 2
    assert Measurement.objects.get(indicator=w.ontime).value == Decimal("96.5")
    assert Measurement.objects.get(indicator=w.quarterly).period == datetime.date(2025, 4, 1)


def test_viewer_is_refused_and_private_values_get_their_own_private_event(setup):
    w = setup
    with pytest.raises(PermissionDenied):
        run(w, w.victor, HEADER + f"{w.slug},ONTIME,2025-01,1,\n")
    result = run(w, w.alice, HEADER + f"{w.slug},ONTIME,2025-01,1,\n{w.slug},BATNA,2025-01,2,\n")
    assert result.ok
    events = AuditEvent.objects.filter(record_type="metrics.measurementbatch")
    shared, private = events.get(visibility="shared"), events.get(visibility="private")
    assert shared.record_label == "measurement import (1 values)" and shared.record_id != private.record_id
    assert private.visibility == "private" and private.owner_party == w.access(w.alice).party
    bob_party = w.access(w.bob).party
    assert not AuditEvent.objects.visible_to(bob_party).filter(visibility="private").exists()


def test_dry_run_counts_but_writes_nothing(setup):
    w = setup
    result = run(w, w.alice, HEADER + f"{w.slug},ONTIME,2025-01,1,\n", dry_run=True)
    assert result.ok and result.created == 1 and result.dry_run
    assert Measurement.objects.count() == 0


# -- CLI ---------------------------------------------------------------------------------------

def test_cli_imports_and_reports(setup, tmp_path):
    w = setup
    good = tmp_path / "good.csv"
    good.write_text(HEADER + f"{w.slug},ONTIME,2025-01,97.5,\n")
    out, err = io.StringIO(), io.StringIO()
    call_command("import-measurements", str(good), "--user", "alice", stdout=out, stderr=err)
    assert "1 created, 0 corrected, 0 unchanged" in out.getvalue()
    assert "checking 100%" in err.getvalue()

    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + f"{w.slug},ONTIME,2025-02,x,\nghost,ONTIME,2025-02,1,\n")
    err = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("import-measurements", str(bad), "--user", "alice", stdout=io.StringIO(), stderr=err)
    assert caught.value.returncode == 1
    assert "row 2, value: 'x' is not a number" in err.getvalue()
    assert "row 3, partnership: no partnership with slug 'ghost'" in err.getvalue()
    assert Measurement.objects.count() == 1

    with pytest.raises(CommandError, match="Viewers cannot"):
        call_command("import-measurements", str(good), "--user", "victor", stdout=io.StringIO(), stderr=io.StringIO())


@pytest.mark.django_db(transaction=True)
def test_cli_as_a_real_process(tmp_path):
    data_dir = tmp_path / "data"
    env = {**os.environ, "ACCORD_DATA_DIR": str(data_dir), "DATABASE_URL": ""}
    accord = [sys.executable, "-m", "accord.cli"]
    subprocess.run([*accord, "migrate", "-v0"], env=env, check=True)
    script = ("from accord.core.testing import build_world; from accord.metrics.models import Indicator; "
              "w = build_world(); Indicator.objects.create(partnership=w.partnership, "
              "owner_party=w.partnership.parties.first(), code='ONTIME', name='On time', target=95, "
              "frequency='monthly'); print(w.partnership.slug)")
    slug = subprocess.run([*accord, "shell", "-c", script], env=env, check=True, capture_output=True,
                          text=True).stdout.strip().splitlines()[-1]
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + f"{slug},ONTIME,2025-02,x,\n")
    done = subprocess.run([*accord, "import-measurements", str(bad), "--user", "alice"], env=env,
                          capture_output=True, text=True)
    assert done.returncode == 1
    assert "row 2, value: 'x' is not a number" in done.stderr and "Traceback" not in done.stderr
    good = tmp_path / "good.csv"
    good.write_text(HEADER + f"{slug},ONTIME,2025-02,98,\n")
    done = subprocess.run([*accord, "import-measurements", str(good), "--user", "alice"], env=env,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "1 created" in done.stdout


# -- upload page -------------------------------------------------------------------------------

def test_upload_page_imports_and_shows_the_summary(setup, web, django_assert_max_num_queries):
    w = setup
    url = f"/partnerships/{w.slug}/measurements/import/"
    page = web("alice").get(url)
    assert page.status_code == 200 and b'type="file"' in page.content
    alice = web("alice")
    # The same for 1 row or 10,000: the write, then the stored portfolio's refresh (definitions, first and
    # last periods, values, thresholds, one delete, one insert, the standing; a savepoint around them).
    with django_assert_max_num_queries(24):
        answer = alice.post(url, {"file": csv_file("indicator,period,value\nONTIME,2025-01,97\n")})
    assert answer.status_code == 200
    assert b"Import done" in answer.content and b"1 created" in answer.content
    assert Measurement.objects.get().source == "file"


def test_upload_page_shows_every_problem_and_imports_nothing(setup, web):
    w = setup
    url = f"/partnerships/{w.slug}/measurements/import/"
    text = "indicator,period,value,partnership\nONTIME,2025-01,97,\nONTIME,2025-02,abc,\nONTIME,2025-03,1,elsewhere\n"
    answer = web("alice").post(url, {"file": csv_file(text)})
    assert answer.status_code == 400
    body = answer.content.decode()
    assert "Nothing was imported" in body and "&#x27;abc&#x27; is not a number" in body
    assert "this import is for" in body
    assert Measurement.objects.count() == 0


def test_upload_page_isolation_and_roles(setup, web):
    w = setup
    url = f"/partnerships/{w.slug}/measurements/import/"
    assert web("charlie").get(url).status_code == 404
    assert web("charlie").get("/partnerships/no-such/measurements/import/").status_code == 404
    assert web("victor").get(url).status_code == 200
    assert web("victor").post(url, {"file": csv_file("indicator,period,value\nONTIME,2025-01,1\n")}).status_code == 403
    assert Measurement.objects.count() == 0


def test_upload_page_rejects_an_unreadable_file(setup, web):
    w = setup
    url = f"/partnerships/{w.slug}/measurements/import/"
    answer = web("alice").post(url, {"file": SimpleUploadedFile("x.csv", b"\xff\xfe\x00bad")})
    assert b"Row 1 is not UTF-8 text" in answer.content
    assert Measurement.objects.count() == 0


# -- bulk API ----------------------------------------------------------------------------------

def bulk_url(world, partnership_id=None):
    return f"/api/v1/partnerships/{partnership_id or world.partnership.pk}/measurements/bulk"


def test_bulk_api_imports_and_reimport_is_a_no_op(setup, api):
    w = setup
    rows = [{"indicator": "ONTIME", "period": "2025-01", "value": 97.5, "comment": "api"},
            {"indicator": "CSAT", "period": "2025-Q1", "value": "4.25"}]
    answer = api("alice").post(bulk_url(w), rows)
    assert answer.status_code == 200, answer.json()
    assert answer.json()["created"] == 2
    assert Measurement.objects.get(indicator=w.ontime).source == "api"
    again = api("alice").post(bulk_url(w), rows).json()
    assert (again["created"], again["corrected"], again["unchanged"]) == (0, 0, 2)


def test_bulk_api_bad_rows_give_400_with_the_row_report(setup, api):
    w = setup
    rows = [{"indicator": "ONTIME", "period": "2025-01", "value": 1},
            {"indicator": "MARGIN", "period": "2025-01", "value": 1},
            {"indicator": "ONTIME", "period": "2025-02", "value": "many"},
            {"indicator": "ONTIME", "period": "2025-03"}]
    answer = api("alice").post(bulk_url(w), rows)
    assert answer.status_code == 400
    body = answer.json()
    assert body["detail"].startswith("Nothing imported")
    assert body["errors"]["rows"] == [
        {"row": 2, "column": "indicator", "message": f"no indicator with code 'MARGIN' in '{w.slug}'"},
        {"row": 3, "column": "value", "message": "'many' is not a number"},
        {"row": 4, "column": "value", "message": "a value is required"},
    ]
    assert Measurement.objects.count() == 0


def test_bulk_api_isolation_and_roles(setup, api):
    w = setup
    rows = [{"indicator": "ONTIME", "period": "2025-01", "value": 1}]
    outsider = api("charlie").post(bulk_url(w), rows)
    missing = api("charlie").post(bulk_url(w, 999999), rows)
    assert outsider.status_code == missing.status_code == 404
    assert outsider.json() == missing.json()
    assert api("victor").post(bulk_url(w), rows).status_code == 403
    # maya (bob's contributor) may enter ONTIME (both parties) but not alice's private BATNA.
    assert api("maya").post(bulk_url(w), rows).status_code == 200
    refused = api("maya").post(bulk_url(w), [{"indicator": "BATNA", "period": "2025-01", "value": 1}])
    assert refused.status_code == 400 and "no indicator with code 'BATNA'" in refused.content.decode()


def test_a_second_world_partnership_is_not_reachable_through_another_url(setup, api):
    w = setup
    rows = [{"indicator": "ONTIME", "period": "2025-01", "value": 1, "partnership": "other-slug"}]
    answer = api("alice").post(bulk_url(w), rows)
    assert answer.status_code == 400 and answer.json()["errors"]["rows"][0]["column"] == "partnership"

