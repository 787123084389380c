"""Demo relationship health: the hospital partnership gets more people (at least four on each side), two closed
survey rounds — one where the provider stayed below the threshold — and an open one. Its health is computed
for every scored month from these and from the scorecard and governance the earlier seeders made."""

import datetime

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from accord.accounts.models import Role, User
from accord.accounts.services import user_create
from accord.core.demo import DEMO_PASSWORD, DemoWorld
from accord.partnerships.access import partnership_access

from . import surveys
from .models import SurveyRound

HOSPITAL = "northwind-meridian"
# username, organization key, role, first name, last name
PEOPLE = [
    ("ines", "northwind", Role.CONTRIBUTOR, "Ines", "Carvalho"),
    ("tom", "meridian", Role.CONTRIBUTOR, "Tom", "Adeyemi"),
    ("lena", "meridian", Role.MANAGER, "Lena", "Vogel"),
]
CLIENT = ("alice", "nora", "victor", "ines")
PROVIDER = ("bob", "maya", "tom", "lena")

# (template, title, months ago it closed, who answers, base score per side, comments)
CLOSED_ROUNDS = [
    ("nine-practices", "Partnering practices review", 5, CLIENT + PROVIDER[:3], {"client": 4, "provider": 3},
     {"works": "Monthly operational reviews keep both teams on the same page.",
      "change": "Share the staffing plan earlier."}),
    ("six-characteristics", "Relationship pulse", 2, CLIENT + PROVIDER[:2], {"client": 3, "provider": 4},
     {"works": "Problems are raised early.", "change": "More joint improvement work on food waste."}),
]


def _people(world: DemoWorld) -> None:
    for username, org_key, role, first, last in PEOPLE:
        user = User.objects.filter(username=username).first() or user_create(
            username=username, email=f"{username}@{world.organizations[org_key].slug}.example",
            password=DEMO_PASSWORD, organization=world.organizations[org_key], role=role, first_name=first,
            last_name=last, check_password=False)
        world.users[username] = user
        world.logins.append((username, world.organizations[org_key].name, Role(role).label.lower(), "1 partnership"))


def _answers(survey, base: int, index: int) -> dict:
    """Varied but plausible answers around the side's base level: some practices stronger, some weaker."""
    answers = {}
    for position, question in enumerate(survey.questions):
        if question["scale"] == "0-10":
            answers[question["code"]] = min(10, 6 + base // 2 + index % 3)
        else:
            step = (position * 7 + index) % 5 - 2  # −2 … +2, a different mix per question
            answers[question["code"]] = max(1, min(5, base + step))
    return answers


def _answer_all(world, partnership, survey, usernames, bases, comments):
    for index, username in enumerate(usernames):
        user = world.users[username]
        side = "client" if username in CLIENT else "provider"
        surveys.response_submit(access=partnership_access(user, partnership_id=partnership.pk), survey=survey,
                                answers=_answers(survey, bases[side], index),
                                comments=comments if index % 2 == 0 else {})


def seed(world: DemoWorld) -> None:
    _people(world)
    partnership = world.partnerships[HOSPITAL]
    if SurveyRound.objects.filter(partnership=partnership).exists():
        return
    manager = partnership_access(world.users["alice"], partnership_id=partnership.pk)
    today = timezone.localdate()
    for template, title, months_ago, usernames, bases, comments in CLOSED_ROUNDS:
        survey = surveys.round_create(access=manager, template=template, title=title, opens=today,
                                      closes=today + datetime.timedelta(days=14))
        _answer_all(world, partnership, survey, usernames, bases, comments)
        # The round ran in the past: date it there, then let the calendar close it (results frozen that day).
        closes = today - relativedelta(months=months_ago)
        SurveyRound.objects.filter(pk=survey.pk).update(
            opens=closes - datetime.timedelta(days=14), closes=closes, period=closes.replace(day=1))
        survey.refresh_from_db()
        surveys.round_close_if_due(survey=survey, today=today)
    copy = surveys.template_copy_create(access=manager, based_on="nps", name="Quarterly pulse", questions=[{
        "code": "site_visits", "text": "Joint site visits: they lead to changes on the wards.", "scale": "1-5",
        "anchors": ["We never visit together.", "Visits happen but change nothing.",
                    "Visits lead to a few agreed fixes.", "Most visits lead to changes within a month.",
                    "Visits are where we plan improvements together."]}])
    survey = surveys.round_create(access=manager, template=copy.code, title="Quarterly pulse",
                                  opens=today, closes=today + datetime.timedelta(days=21))
    _answer_all(world, partnership, survey, ("alice", "nora", "bob"), {"client": 4, "provider": 4}, {})


__all__ = ["seed"]
