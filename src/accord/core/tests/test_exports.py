import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from accord.core.exports import Column, Table, parse_format, table_csv, table_response, table_xlsx


def _table():
    return Table(
        title="Scorecard 2026-03 × review",
        columns=["Indicator", Column("Value", "#,##0.00"), "Period", "Note"],
        rows=[
            ["CSAT — patient", Decimal("261449.44"), datetime.date(2026, 3, 1), "=HYPERLINK(\"x\")"],
            ["Café", None, datetime.date(2026, 4, 1), "bell\x07 ok"],
        ],
    )


def test_csv_starts_with_a_bom_and_keeps_non_ascii_text():
    text = table_csv(_table())
    assert text.startswith("\ufeff")
    assert "Scorecard" not in text  # the title names the file, not a row
    lines = text.lstrip("\ufeff").splitlines()
    assert lines[0] == "Indicator,Value,Period,Note"
    assert lines[1].startswith("CSAT — patient,261449.44,2026-03-01,")
    assert lines[2].startswith("Café,,2026-04-01,")


def test_cells_never_run_as_formulas():
    text = table_csv(_table())
    assert "'=HYPERLINK" in text
    sheet = load_workbook(io.BytesIO(table_xlsx(_table()))).active
    assert sheet["D2"].value.startswith("'=")


def test_xlsx_keeps_numbers_and_dates_typed_and_drops_characters_xml_cannot_hold():
    sheet = load_workbook(io.BytesIO(table_xlsx(_table()))).active
    assert sheet.title == "Scorecard 2026-03 × review"
    assert [c.value for c in sheet[1]] == ["Indicator", "Value", "Period", "Note"]
    assert sheet["A1"].font.bold
    assert sheet["B2"].value == pytest.approx(261449.44)
    assert sheet["B2"].number_format == "#,##0.00"
    assert sheet["C2"].value == datetime.datetime(2026, 3, 1)
    assert sheet["D3"].value == "bell ok"


def test_response_names_the_file_after_the_title():
    response = table_response(_table(), "xlsx")
    assert response["Content-Disposition"] == 'attachment; filename="scorecard-2026-03-review.xlsx"'
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    response = table_response(_table(), "csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith("\ufeff".encode())


def test_unknown_format_is_refused_naming_the_field():
    assert parse_format(None) == "csv"
    assert parse_format("XLSX") == "xlsx"
    with pytest.raises(ValidationError) as caught:
        parse_format("pdf")
    assert "format" in caught.value.message_dict
