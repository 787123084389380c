"""A round's results: computed live from the answers while it is open, read from the frozen copy once closed.

The only way out of the answers table: every page, API answer and export of results reads ``round_results``,
which returns per-party aggregates only (and nothing but a count for a party below the threshold).
"""

from decimal import Decimal

from .calculations import OK, gaps, party_mean, party_result
from .models import RoundStatus, SurveyResponse, SurveyRound

DECIMAL_KEYS = {"mean", "score", "gap", "first", "second", "value", "overall"}


def results_compute(survey: SurveyRound) -> dict:
    """Per party (in the partnership's order) its aggregates; the gaps between the first two parties."""
    rows = {}
    for party_id, answers, comments in SurveyResponse.objects.filter(round=survey).values_list(
            "party_id", "answers", "comments"):
        rows.setdefault(party_id, ([], []))
        rows[party_id][0].append(answers)
        rows[party_id][1].append(comments)
    parties = []
    for party in survey.partnership.accepted_parties():
        answers, comments = rows.get(party.pk, ([], []))
        result = party_result(answers, comments, survey.questions, threshold=survey.threshold)
        parties.append({"party": party.pk, "name": party.organization.name, "role": party.role, **result,
                        "overall": party_mean(result) if result["status"] == OK else None})
    found = []
    if len(parties) >= 2 and parties[0]["status"] == OK and parties[1]["status"] == OK:
        found = gaps(parties[0], parties[1], first_party=parties[0]["party"], second_party=parties[1]["party"])
    return {"threshold": survey.threshold, "parties": parties, "gaps": found}


def _convert(value, to_text: bool):
    if isinstance(value, dict):
        return {key: (_decimal(item, to_text) if key in DECIMAL_KEYS else _convert(item, to_text))
                for key, item in value.items()}
    if isinstance(value, list):
        return [_convert(item, to_text) for item in value]
    return value


def _decimal(value, to_text: bool):
    if value is None or isinstance(value, dict | list):
        return _convert(value, to_text)
    return str(value) if to_text else Decimal(value)


def results_for_storage(results: dict) -> dict:
    return _convert(results, to_text=True)


def round_results(survey: SurveyRound) -> dict:
    """The results of a round: frozen at close, live while open. Aggregates only."""
    if survey.status == RoundStatus.CLOSED and survey.results:
        return _convert(survey.results, to_text=False)
    return results_compute(survey)
