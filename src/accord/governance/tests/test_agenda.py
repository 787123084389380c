import datetime

from accord.governance.agenda import OpenAction, agenda_from

D = datetime.date
SCORECARD = {
    "period_label": "Oct 2026",
    "cpi_breaches": ["SAFE"],
    "indicators": [
        {"id": 1, "code": "OTD", "name": "On-time delivery", "status": "red"},
        {"id": 2, "code": "CSAT", "name": "Satisfaction", "status": "amber"},
        {"id": 3, "code": "COST", "name": "Cost", "status": "green"},
        {"id": 4, "code": "SAFE", "name": "Safety incidents", "status": "red"},
    ],
    "warnings": [{"code": "CSAT", "rule": "declining", "message": "CSAT fell three months running"}],
}


def test_each_source_of_the_scorecard_and_actions():
    actions = [OpenAction(7, "Send the staffing plan", D(2026, 11, 20), "Meridian"),
               OpenAction(8, "Book the QBR room", D(2026, 12, 3), "Northwind"),
               OpenAction(9, "Later", D(2027, 1, 10), "Northwind")]
    items = agenda_from(scorecard=SCORECARD, actions=actions, meeting_day=D(2026, 12, 5), today=D(2026, 11, 29))
    assert [(i.source, i.ref_type, i.ref_id, i.ref_code) for i in items] == [
        ("cpi_breach", "indicator", "4", "SAFE"),
        ("indicator_red", "indicator", "1", "OTD"),
        ("indicator_amber", "indicator", "2", "CSAT"),
        ("warning", "indicator", "2:declining", "CSAT"),
        ("action_overdue", "action", "7", ""),
        ("action_due", "action", "8", ""),
    ]
    assert items[1].title == "OTD On-time delivery is red in Oct 2026"
    assert "Meridian" in items[4].title and "20 Nov 2026" in items[4].title


def test_no_scorecard_and_no_actions_give_no_items():
    assert agenda_from(scorecard=None, actions=[], meeting_day=D(2026, 12, 5), today=D(2026, 11, 29)) == []


def test_keys_stay_the_same_across_refreshes():
    first = agenda_from(scorecard=SCORECARD, actions=[], meeting_day=D(2026, 12, 5), today=D(2026, 11, 29))
    again = agenda_from(scorecard={**SCORECARD, "period_label": "Nov 2026"}, actions=[], meeting_day=D(2026, 12, 5),
                        today=D(2026, 11, 30))
    assert [i.key for i in first] == [i.key for i in again]
