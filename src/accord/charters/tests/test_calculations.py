import datetime

from accord.charters.calculations import (
    add_months,
    charter_diff,
    parse_values_text,
    review_schedule,
    values_problems,
    values_to_text,
)

D = datetime.date


def test_add_months_clamps_to_month_end():
    assert add_months(D(2025, 1, 31), 1) == D(2025, 2, 28)
    assert add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert add_months(D(2025, 9, 15), 6) == D(2026, 3, 15)
    assert add_months(D(2025, 11, 30), 12) == D(2026, 11, 30)
    assert add_months(D(2025, 12, 1), 1) == D(2026, 1, 1)


def test_review_schedule_due_dates_and_flags():
    schedule = review_schedule(in_force_at=D(2025, 9, 15), purpose_values_months=12, mission_vision_months=6,
                               today=D(2026, 1, 1))
    assert schedule["purpose_values_due"] == D(2026, 9, 15)
    assert schedule["mission_vision_due"] == D(2026, 3, 15)
    assert not schedule["overdue"] and not schedule["due_soon"]
    assert schedule["next_due"] == D(2026, 3, 15)


def test_review_overdue_only_after_the_due_day():
    on_the_day = review_schedule(in_force_at=D(2025, 9, 15), purpose_values_months=12, mission_vision_months=6,
                                 today=D(2026, 3, 15))
    assert not on_the_day["overdue"] and on_the_day["due_soon"]
    day_after = review_schedule(in_force_at=D(2025, 9, 15), purpose_values_months=12, mission_vision_months=6,
                                today=D(2026, 3, 16))
    assert day_after["overdue"] and day_after["mission_vision_overdue"] and not day_after["purpose_values_overdue"]
    late = review_schedule(in_force_at=D(2025, 9, 15), purpose_values_months=12, mission_vision_months=6,
                           today=D(2026, 11, 1))
    assert late["purpose_values_overdue"] and late["mission_vision_overdue"]


def test_review_due_soon_within_thirty_days():
    schedule = review_schedule(in_force_at=D(2026, 6, 1), purpose_values_months=12, mission_vision_months=6,
                               today=D(2026, 11, 5))
    assert schedule["due_soon"] and not schedule["overdue"]


def test_review_without_a_version_in_force():
    schedule = review_schedule(in_force_at=None, purpose_values_months=12, mission_vision_months=6, today=D(2026, 1, 1))
    assert schedule["purpose_values_due"] is None and schedule["overdue"] is False


def test_diff_fields_and_values_by_name():
    before = {"tagline": "Old", "purpose": "Why", "vision": "", "vision_horizon": None, "mission": "What",
              "values": [{"name": "Trust", "description": "Keep our word."},
                         {"name": "Speed", "description": "Fast."}]}
    after = {"tagline": "New", "purpose": "Why ", "vision": "Far", "vision_horizon": "2028-06-30", "mission": "What",
             "values": [{"name": "trust", "description": "Keep our word, always."},
                        {"name": "Kaizen", "description": "Improve."}]}
    changes = charter_diff(before, after)
    assert {"field": "tagline", "before": "Old", "after": "New"} in changes
    assert {"field": "vision", "before": None, "after": "Far"} in changes
    assert {"field": "vision_horizon", "before": None, "after": "2028-06-30"} in changes
    assert not any(c["field"] in ("purpose", "mission") for c in changes)  # spacing is no change
    values = [c for c in changes if c["field"] == "values"]
    assert {"field": "values", "name": "trust", "before": "Keep our word.", "after": "Keep our word, always."} in values
    assert {"field": "values", "name": "Speed", "before": "Fast.", "after": None} in values
    assert {"field": "values", "name": "Kaizen", "before": None, "after": "Improve."} in values
    assert len(values) == 3


def test_diff_of_identical_versions_is_empty_and_order_is_reported():
    content = {"purpose": "P", "values": [{"name": "A", "description": "a"}, {"name": "B", "description": "b"}]}
    assert charter_diff(content, dict(content)) == []
    swapped = {**content, "values": list(reversed(content["values"]))}
    assert charter_diff(content, swapped) == [{"field": "values_order", "before": ["A", "B"], "after": ["B", "A"]}]


def test_parse_values_text_accepts_dashes_and_colons_and_names_bad_lines():
    text = "Trust — Keep our word\n\nTransparency – Open books\nKaizen - Improve daily\nRespect: For people\nSpeed\n"
    values, errors = parse_values_text(text)
    assert errors == []
    assert [v["name"] for v in values] == ["Trust", "Transparency", "Kaizen", "Respect", "Speed"]
    assert values[0]["description"] == "Keep our word"
    assert values[4]["description"] == ""
    _, errors = parse_values_text("Trust — ok\n— no name here\n" + "x" * 70)
    assert errors[0].startswith("Line 2:") and errors[1].startswith("Line 3:")


def test_values_round_trip_and_problems():
    values = [{"name": "Trust", "description": "Keep our word"}, {"name": "Speed", "description": ""}]
    assert parse_values_text(values_to_text(values)) == (values, [])
    assert values_problems(values) == []
    assert "appears twice" in values_problems(values + [{"name": "trust", "description": ""}])[0]
    assert "name is missing" in values_problems([{"name": " ", "description": "x"}])[0]
    assert values_problems("Trust") == ["Give the values as a list of {name, description}."]
    assert values_problems([{"name": f"V{i}", "description": ""} for i in range(13)])
