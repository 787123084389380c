"""Reads of relationship health, each scoped to the caller's access (or, for the index, to a partnership).

``health_for_period`` and ``health_for_periods`` (in ``index.py``) are re-exported here: the portfolio
calls them for many partnerships at once.
"""

from django.db.models import Count, Q, QuerySet

from accord.partnerships.access import PartnershipAccess, record_get, records_shared, records_visible_to

from . import calculations, catalog
from .index import health_for_period, health_for_periods, health_settings
from .models import RoundStatus, SurveyRespondent, SurveyResponse, SurveyRound, SurveyTemplate
from .results import round_results


def template_list() -> list[dict]:
    """The shipped templates, with their questions and anchors."""
    return [{"code": code, **template} for code, template in catalog.TEMPLATES.items()]


def template_copy_list(*, access: PartnershipAccess) -> QuerySet[SurveyTemplate]:
    return records_visible_to(SurveyTemplate.objects.all(), access)


def round_list(*, access: PartnershipAccess) -> QuerySet[SurveyRound]:
    """The partnership's rounds with how many were asked and how many answered (counts only)."""
    return records_visible_to(SurveyRound.objects.all(), access).annotate(
        asked=Count("respondents"), answered=Count("respondents", filter=Q(respondents__answered=True)))


def round_get(*, access: PartnershipAccess, survey_id) -> SurveyRound:
    return record_get(round_list(access=access), access, survey_id)


def my_answer_state(*, access: PartnershipAccess, survey: SurveyRound) -> dict:
    """Whether the caller was asked in the round and has answered (their own row only)."""
    mine = SurveyRespondent.objects.filter(round=survey, user=access.user).first()
    return {"asked": mine is not None, "answered": bool(mine and mine.answered)}


def my_answer(*, access: PartnershipAccess, survey: SurveyRound) -> dict:
    """The caller's own answer while the round is open (to change it), found by their keyed link: ``{}`` when
    they have none or the round has closed (the link is gone by then)."""
    from .surveys import respondent_key

    if not survey.is_open:
        return {}
    mine = SurveyResponse.objects.filter(round=survey, respondent_key=respondent_key(survey.pk, access.user.pk)) \
        .values("answers", "comments").first()
    return mine or {}


def _labels(survey: SurveyRound) -> dict:
    return {question["code"]: question["text"].split(":")[0] for question in survey.questions}


def results_view(*, access: PartnershipAccess, survey: SurveyRound) -> dict:
    """A round's results for a page or the API: per-party aggregates, gaps, the alerts that may become actions,
    and the trend of each dimension over the partnership's rounds."""
    results = round_results(survey)
    settings = health_settings(access.partnership)
    labels = _labels(survey)
    names = {row["party"]: row["name"] for row in results["parties"]}
    alerts = []
    for row in results["parties"]:
        for dimension in row["dimensions"]:
            if dimension["mean"] is not None and dimension["mean"] < settings.low_score_alert:
                alerts.append({"kind": "low_score", "code": dimension["code"], "party": row["party"],
                               "text": f"{labels[dimension['code']]}: {row['name']} scores it {dimension['mean']}"})
    for gap in results["gaps"]:
        gap["label"] = labels.get(gap["code"], gap["code"])
        gap["higher_name"] = names.get(gap["higher"], "")
        if abs(gap["gap"]) >= settings.gap_alert:
            alerts.append({"kind": "gap", "code": gap["code"], "party": gap["higher"],
                           "text": f"{gap['label']}: perception gap {gap['gap']:+} ({gap['higher_name']} "
                                   f"sees it higher)"})
    for row in results["parties"]:
        for dimension in row["dimensions"]:
            dimension["label"] = labels.get(dimension["code"], dimension["code"])
    return {**results, "alerts": alerts, "labels": labels, "trend": [{**series, "label": labels[series["code"]]}
                                                                  for series in trend(access=access, codes=list(labels))]}


def trend(*, access: PartnershipAccess, codes: list[str]) -> list[dict]:
    """Per dimension, its 0–100 score per party in each round that asked it (closed rounds frozen, the open
    ones live), oldest first; a party below the threshold has no value."""
    rounds = records_shared(SurveyRound.objects.all(), access).select_related("partnership").order_by("opens", "id")
    series = {code: [] for code in codes}
    for survey in rounds:
        asked = {question["code"] for question in survey.questions}
        if not asked & set(codes):
            continue
        results = round_results(survey)
        for code in asked & set(codes):
            points = {}
            for row in results["parties"]:
                found = [d["score"] for d in row["dimensions"] if d["code"] == code]
                points[row["name"]] = found[0] if found else None
            series[code].append({"round": survey.title, "period": survey.period.isoformat(),
                                 "round_id": survey.pk, "scores": points})
    return [{"code": code, "points": points} for code, points in series.items()]


def latest_closed_round(*, access: PartnershipAccess, template: str = "") -> SurveyRound | None:
    rounds = records_shared(SurveyRound.objects.filter(status=RoundStatus.CLOSED), access)
    if template:
        rounds = rounds.filter(template__startswith=template)
    return rounds.order_by("-closed_on", "-id").select_related("partnership").first()


def maturity(*, access: PartnershipAccess) -> dict:
    """Maturity per best practice from the latest closed nine-practice round (each party above its threshold
    counting equally), grouped as the pyramid's tiers: business at the base, accelerators, relationship on top."""
    survey = latest_closed_round(access=access, template="nine-practices")
    practices = {question["code"]: question for question in catalog.PRACTICES}
    per_code = {code: [] for code in practices}
    parties = []
    if survey is not None:
        for row in round_results(survey)["parties"]:
            if row["status"] != calculations.OK:
                continue
            parties.append(row["name"])
            for dimension in row["dimensions"]:
                if dimension["code"] in per_code and dimension["mean"] is not None:
                    per_code[dimension["code"]].append(dimension["mean"])
    tiers = []
    for group in (catalog.RELATIONSHIP, catalog.ACCELERATOR, catalog.BUSINESS):  # top of the pyramid first
        rows = []
        for code, question in practices.items():
            if question["group"] != group:
                continue
            value = calculations.mean(per_code[code]) if per_code[code] else None
            level = calculations.maturity_level(value)
            rows.append({"code": code, "label": question["text"].split(":")[0], "mean": value,
                         "level": level[0] if level else "no_data", "level_label": level[1] if level else "No data"})
        tiers.append({"group": group, "label": catalog.GROUP_LABELS[group], "practices": rows})
    return {"round": survey, "parties": parties, "tiers": tiers}


__all__ = ["health_for_period", "health_for_periods", "health_settings"]


def people_of_parties(*, access: PartnershipAccess) -> list[tuple[int, int, str]]:
    """(party id, user id, "name · organization") for everyone an action may be given to."""
    from accord.accounts.models import User

    parties = {party.organization_id: party for party in access.partnership.accepted_parties()}
    users = User.objects.filter(membership__organization_id__in=parties, is_active=True).select_related(
        "membership").order_by("first_name", "username")
    return [(parties[user.membership.organization_id].pk, user.pk,
             f"{user.get_full_name() or user.username} · {parties[user.membership.organization_id].organization.name}")
            for user in users]
