import datetime

from accord.governance.agenda import DueDate, OpenAction, OpenEscalation, agenda_from

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


def test_escalations_at_the_bodys_level_come_after_the_red_indicators():
    escalations = [OpenEscalation(3, "Reports stopped", "operational", "medium", "Northwind"),
                   OpenEscalation(5, "Invoice dispute", "operational", "critical", "Meridian")]
    items = agenda_from(scorecard=SCORECARD, actions=[], escalations=escalations, meeting_day=D(2026, 12, 5),
                        today=D(2026, 11, 29))
    assert [(i.source, i.ref_type, i.ref_id) for i in items][1:4] == [
        ("indicator_red", "indicator", "1"), ("escalation", "escalation", "5"), ("escalation", "escalation", "3")]
    assert items[2].title == "Escalation (critical, raised by Meridian): Invoice dispute"
    alone = agenda_from(scorecard=None, actions=[], escalations=escalations[:1], meeting_day=D(2026, 12, 5),
                        today=D(2026, 11, 29))
    assert [i.source for i in alone] == ["escalation"]


def test_deliverables_and_milestones_due_by_the_meeting():
    due = [DueDate("deliverable", "11", "Cleaning audit", D(2026, 11, 1)),
           DueDate("deliverable", "12", "Menu panel report", D(2026, 12, 4)),
           DueDate("deliverable", "13", "Delivered already", D(2026, 11, 2), done=True),
           DueDate("deliverable", "14", "Next year", D(2027, 3, 1)),
           DueDate("milestone", "21", "Surgical wing opens", D(2026, 12, 1))]
    items = agenda_from(scorecard=None, actions=[], due=due, meeting_day=D(2026, 12, 5), today=D(2026, 11, 29))
    assert [(i.source, i.ref_type, i.ref_id) for i in items] == [
        ("deliverable_due", "deliverable", "11"), ("deliverable_due", "milestone", "21"),
        ("deliverable_due", "deliverable", "12")]
    assert items[0].title == "Deliverable overdue since 1 Nov 2026: Cleaning audit"


def test_review_due_by_the_meeting():
    overdue = [DueDate("charter", "2026-10-01", "Charter review", D(2026, 10, 1))]
    items = agenda_from(scorecard=None, actions=[], due=overdue, meeting_day=D(2026, 12, 5), today=D(2026, 11, 29))
    assert [(i.source, i.ref_type, i.title) for i in items] == [
        ("review_due", "charter", "The charter's review was due 1 Oct 2026")]
    later = [DueDate("charter", "2027-06-01", "Charter review", D(2027, 6, 1))]
    assert agenda_from(scorecard=None, actions=[], due=later, meeting_day=D(2026, 12, 5), today=D(2026, 11, 29)) == []


def test_notice_and_renewal_dates_within_ninety_days_of_the_meeting():
    due = [DueDate("notice_deadline", "2", "Last day to give notice", D(2027, 3, 5)),
           DueDate("renewal_decision", "2", "Renewal decision due", D(2027, 3, 6)),
           DueDate("notice_deadline", "3", "Passed", D(2026, 11, 1))]
    items = agenda_from(scorecard=None, actions=[], due=due, meeting_day=D(2026, 12, 5), today=D(2026, 11, 29))
    assert [(i.source, i.ref_type, i.ref_id, i.ref_code) for i in items] == [
        ("notice_date", "agreement", "2", "notice_deadline")]
    assert items[0].title == "Last day to give notice: 5 Mar 2027"
