"""The one writer: the same rules for the grid, the form, the file, the CLI and the bulk API;
far-off periods refused everywhere and harmless on every read path; import limits."""

import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from accord.metrics.indicators import services as indicator_services
from accord.metrics.measurements import files, rows, writing
from accord.metrics.measurements import services as measurement_services
from accord.metrics.models import Measurement, MeasurementBatch

pytestmark = pytest.mark.django_db

FAR_MONTHLY = ["9999-12", "2999-01", "1001-01"]


@pytest.fixture
def kpi(world):
    """A shared monthly KPI and a weekly one owned by alice's party; alice's party enters both."""
    alice = world.access(world.alice)
    world.kpi = indicator_services.indicator_create(access=alice, code="KPI", name="KPI", target=Decimal("10"))
    world.weekly = indicator_services.indicator_create(access=alice, code="WEEK", name="Weekly", target=Decimal("10"),
                                                       frequency="weekly")
    world.window = indicator_services.indicator_create(access=alice, code="Y24", name="Only 2024", target=Decimal("1"),
                                                       active_from=datetime.date(2024, 1, 1),
                                                       active_to=datetime.date(2024, 12, 31))
    return world


def _csv(text: str):
    return io.BytesIO(("indicator,period,value,comment\n" + text).encode())


@pytest.mark.parametrize("period", FAR_MONTHLY)
def test_far_periods_are_refused_by_the_form(kpi, period):
    with pytest.raises(ValidationError) as caught:
        measurement_services.measurement_record(access=kpi.access(kpi.alice), indicator=kpi.kpi, period=period,
                                                value="1")
    assert "period" in caught.value.message_dict
    assert Measurement.objects.count() == 0


@pytest.mark.parametrize("period", FAR_MONTHLY)
def test_far_periods_are_refused_by_the_grid_naming_the_cell(kpi, period):
    key = f"v-{kpi.kpi.pk}-x"
    with pytest.raises(ValidationError) as caught:
        measurement_services.measurements_record_many(access=kpi.access(kpi.alice), entries=[
            {"key": key, "indicator": kpi.kpi, "period": period, "value": "1"}])
    assert caught.value.message_dict[key][0].startswith(f"KPI, {period}: ")


@pytest.mark.parametrize("indicator,period", [("KPI", p) for p in FAR_MONTHLY] + [("WEEK", "9999-12-27")])
def test_far_periods_are_refused_by_the_file_and_the_bulk_api(kpi, api, indicator, period):
    alice = kpi.access(kpi.alice)
    result = measurement_services.measurements_import(user=kpi.alice, access=alice, source="file",
                                                      rows_or_file=_csv(f"{indicator},{period},1,\n"))
    assert [(error.row, error.column) for error in result.errors] == [(2, "period")]
    answer = api("alice").post(f"/api/v1/partnerships/{kpi.partnership.pk}/measurements/bulk",
                               [{"indicator": indicator, "period": period, "value": 1}])
    assert answer.status_code == 400
    assert answer.json()["errors"]["rows"][0]["column"] == "period"
    single = api("alice").post(f"/api/v1/partnerships/{kpi.partnership.pk}/measurements",
                               {"indicator": kpi.kpi.pk if indicator == "KPI" else kpi.weekly.pk, "period": period,
                                "value": 1})
    assert single.status_code == 400 and "period" in single.json()["errors"]
    assert Measurement.objects.count() == 0


def test_far_periods_are_refused_by_the_cli(kpi, tmp_path):
    path = tmp_path / "far.csv"
    path.write_text(f"partnership,indicator,period,value\n{kpi.partnership.slug},KPI,9999-12,1\n")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import-measurements", str(path), "--user", "alice", stdout=io.StringIO(), stderr=err)
    assert "row 2, period: 9999-12-01 is in the future" in err.getvalue()
    assert Measurement.objects.count() == 0


def test_the_file_keeps_to_the_indicators_active_dates_like_the_form(kpi):
    """Issue 8: the import once stored 2030-01 and 2020-01 for an indicator active only in 2024."""
    alice = kpi.access(kpi.alice)
    result = measurement_services.measurements_import(user=kpi.alice, access=alice, source="file",
                                                      rows_or_file=_csv("Y24,2020-01,1,\nY24,2030-01,1,\nY24,2024-05,1,\n"))
    assert [(error.row, error.column) for error in result.errors] == [(2, "period"), (3, "period")]
    assert "not active" in result.errors[0].message and "future" in result.errors[1].message
    with pytest.raises(ValidationError) as caught:
        measurement_services.measurement_record(access=alice, indicator=kpi.window, period="2020-01", value="1")
    assert "not active" in caught.value.message_dict["period"][0]
    assert Measurement.objects.count() == 0


@pytest.mark.parametrize("comment", ["nul\x00byte", "lone \ud800 surrogate"])
def test_comments_must_be_plain_text_everywhere(kpi, api, comment):
    answer = api("alice").post(f"/api/v1/partnerships/{kpi.partnership.pk}/measurements/bulk",
                               [{"indicator": "KPI", "period": "2024-01", "value": 1, "comment": comment}])
    # The API's JSON parser refuses such text before any handler runs, naming the row's field.
    assert answer.status_code == 400 and list(answer.json()["errors"]) == ["0.comment"]
    with pytest.raises(ValidationError) as caught:
        measurement_services.measurement_record(access=kpi.access(kpi.alice), indicator=kpi.kpi, period="2024-01",
                                                value="1", comment=comment)
    assert "comment" in caught.value.message_dict
    assert Measurement.objects.count() == 0


def test_every_way_in_goes_through_the_one_writer(kpi, web, api, monkeypatch):
    calls = []
    real = writing.measurements_save

    def spy(**kwargs):
        calls.append(kwargs["source"])
        return real(**kwargs)

    monkeypatch.setattr(writing, "measurements_save", spy)
    monkeypatch.setattr(measurement_services, "measurements_save", spy)
    alice = kpi.access(kpi.alice)
    measurement_services.measurement_record(access=alice, indicator=kpi.kpi, period="2024-01", value="1")
    api("alice").post(f"/api/v1/partnerships/{kpi.partnership.pk}/measurements",
                      {"indicator": kpi.kpi.pk, "period": "2024-02", "value": 2})
    api("alice").post(f"/api/v1/partnerships/{kpi.partnership.pk}/measurements/bulk",
                      [{"indicator": "KPI", "period": "2024-03", "value": 3}])
    measurement_services.measurements_import(user=kpi.alice, access=alice, source="file",
                                             rows_or_file=_csv("KPI,2024-04,4,\n"))
    assert calls == ["manual", "api", "api", "file"]
    assert Measurement.objects.count() == 4


# -- reads stay sane whatever is stored ---------------------------------------------------------

def test_reads_survive_a_far_off_value_stored_before_the_rules(kpi, web, api):
    """A value from before the writer refused far periods must not break any page (it used to: 500)."""
    Measurement.objects.create(partnership=kpi.partnership, indicator=kpi.kpi, period=datetime.date(9999, 12, 1),
                               value=Decimal("5"))
    Measurement.objects.create(partnership=kpi.partnership, indicator=kpi.kpi, period=datetime.date(1001, 1, 1),
                               value=Decimal("5"))
    pid, slug = kpi.partnership.pk, kpi.partnership.slug
    for path in ("/portfolio/", "/portfolio/export.csv", f"/partnerships/{slug}/", f"/partnerships/{slug}/scorecard/",
                 f"/partnerships/{slug}/scorecard/?period=9999-12", f"/partnerships/{slug}/scorecard/?period=0001-01",
                 f"/partnerships/{slug}/measurements/", f"/partnerships/{slug}/indicators/{kpi.kpi.pk}/history/"):
        assert web("alice").get(path).status_code == 200, path
    assert api("alice").get("/api/v1/portfolio").status_code == 200
    for path in ("scorecards/9999-12", "scorecards/0001-01", "warnings?period=9999-12", "warnings?period=0001-01"):
        answer = api("alice").get(f"/api/v1/partnerships/{pid}/{path}")
        assert answer.status_code == 400 and "period" in answer.json()["errors"], path
    assert api("alice").get(f"/api/v1/partnerships/{pid}/warnings").status_code == 200


# -- limits ---------------------------------------------------------------------------------------

def test_problems_beyond_the_first_thousand_are_counted_not_kept(kpi):
    alice = kpi.access(kpi.alice)
    result = measurement_services.measurements_import(
        user=kpi.alice, access=alice, source="file", rows_or_file=_csv("KPI,2024-01,bad,\n" * 1500))
    assert len(result.errors) == 1000 and result.problems == 1500 and result.bad_rows == 1500
    assert result.errors_not_shown == 500 and "The first 1000 are listed" in result.summary()


def test_row_limits_stop_reading(kpi, monkeypatch):
    monkeypatch.setattr(rows, "MAX_ROWS", 3)
    monkeypatch.setattr(rows, "MAX_BLANK_ROWS", 2)
    alice = kpi.access(kpi.alice)
    many = measurement_services.measurements_import(user=kpi.alice, access=alice, source="file",
                                                    rows_or_file=_csv("KPI,2024-01,1,\n" * 10))
    assert not many.ok and "more than 3 rows" in many.errors[-1].message
    blank = measurement_services.measurements_import(user=kpi.alice, access=alice, source="file",
                                                     rows_or_file=_csv(",,,\n" * 10))
    assert not blank.ok and "more than 2 blank rows" in blank.errors[-1].message
    assert Measurement.objects.count() == 0


def test_a_file_over_the_size_limit_is_refused_with_the_limit(kpi, monkeypatch):
    monkeypatch.setattr(files, "MAX_FILE_BYTES", 10)
    with pytest.raises(ValidationError) as caught:
        measurement_services.measurements_import(user=kpi.alice, access=kpi.access(kpi.alice), source="file",
                                                 rows_or_file=_csv("KPI,2024-01,1,\n"))
    assert "the limit is 0 MB" in caught.value.message_dict["file"][0]


def test_a_zip_bomb_is_refused_before_it_is_unpacked(kpi):
    workbook = Workbook()
    workbook.active.append(["indicator", "period", "value"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    # The same workbook with a sheet of 50 MB of one repeated byte: a tiny file that unpacks huge.
    bomb = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            out.writestr(item, source.read(item.filename))
        out.writestr("xl/padding.xml", b" " * (50 * 1024 * 1024))
    with pytest.raises(ValidationError) as caught:
        measurement_services.measurements_import(user=kpi.alice, access=kpi.access(kpi.alice), source="file",
                                                 rows_or_file=io.BytesIO(bomb.getvalue()))
    assert "times the file's size" in caught.value.message_dict["file"][0]


def test_a_large_import_commits_in_parts_and_all_of_it_lands(kpi, monkeypatch):
    monkeypatch.setattr(writing, "COMMIT_EVERY", 2)
    parts = []
    real = writing._insert_unchecked_rows

    def count_parts(created, **kwargs):
        parts.append(len(created))
        return real(created, **kwargs)

    monkeypatch.setattr(writing, "_insert_unchecked_rows", count_parts)
    text = "".join(f"KPI,2023-{month:02d},{month},\n" for month in range(1, 6))
    result = measurement_services.measurements_import(user=kpi.alice, access=kpi.access(kpi.alice), source="file",
                                                      rows_or_file=_csv(text))
    assert result.ok and result.created == 5 and parts == [2, 2, 1]
    assert Measurement.objects.count() == 5 and MeasurementBatch.objects.count() == 1


def test_an_odd_file_name_is_stored_plainly(kpi):
    measurement_services.measurements_import(user=kpi.alice, access=kpi.access(kpi.alice), source="file",
                                             file_name="bad\x00name\ud800.csv", rows_or_file=_csv("KPI,2024-01,1,\n"))
    assert MeasurementBatch.objects.get().file_name == "badname?.csv"
