import datetime

import pytest
from django.utils import timezone

from accord.accounts.models import Role
from accord.core.testing import make_user

from .. import surveys


@pytest.fixture
def people(world):
    """Three more people on each side: client alice, victor, carla, chris, cora; provider bob, maya, pia, pete,
    paul."""
    for names, organization in ((("carla", "chris", "cora"), world.client_org),
                                (("pia", "pete", "paul"), world.provider_org)):
        for name in names:
            setattr(world, name, make_user(name, organization, Role.CONTRIBUTOR))
    return world


def start_round(world, *, template="six-characteristics", threshold=3, respondents=None, days=14, title="Q1 pulse"):
    today = timezone.localdate()
    return surveys.round_create(access=world.access(world.alice), template=template, title=title, opens=today,
                                closes=today + datetime.timedelta(days=days), threshold=threshold,
                                respondents=respondents)


def answer(world, user, survey, value=4, *, nps=None, comments=None):
    answers = {q["code"]: (value if q["scale"] == "1-5" else (nps if nps is not None else 9))
               for q in survey.questions}
    surveys.response_submit(access=world.access(user), survey=survey, answers=answers, comments=comments)
