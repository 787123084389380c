"""How the route sweep exercises each route: ONE entry per page (URL name) and per API operation.

Adding a route means adding its entry here; the sweep fails on a route that has none, and on an
entry whose route is gone. An entry says which world ids fill the URL and what the route reaches:

- ``shared(...)``: something of the partnership that every party sees. The outsider gets the
  404 of a partnership that does not exist; the other party may read; a viewer may not write.
- ``private(target, ...)``: one of bob's private records (``target`` names the id in the URL).
  The outsider, the other party and its viewer get the 404 of an id that does not exist.
- ``foreign(target, ...)``: something of bob's organization outside the partnership (a token,
  a membership, an invitation): everybody else gets what a nonexistent id gets.
- ``account(...)``: the caller's own things (profile, portfolio, lists): sign-in needed.
- ``public(...)``: reachable without signing in (sign-in, password reset, API docs).

Each takes a function of the sweep world returning the URL's kwargs, and optionally ``data``:
the form fields or JSON body of a write (else a minimal body valid for the schema is sent), and
``query``: query parameters that name a record.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Route:
    scope: str
    kwargs: Callable = lambda s: {}
    target: str | None = None  # the kwarg replaced by a nonexistent id for the "does not exist" answer
    data: dict = field(default_factory=dict)
    query: Callable = lambda s: {}  # query parameters that name a record (e.g. ``?indicator=``)


def shared(kwargs, *, target="slug", data=None, query=lambda s: {}):
    return Route("shared", kwargs, target, data or {}, query)


def private(target, kwargs, *, data=None):
    return Route("private", kwargs, target, data or {})


def foreign(target, kwargs, *, data=None):
    return Route("foreign", kwargs, target, data or {})


def account(kwargs=lambda s: {}, *, data=None):
    return Route("account", kwargs, None, data or {})


def public(kwargs=lambda s: {}):
    return Route("public", kwargs, None, {})


def slug(s):
    return {"slug": s.slug}


def draft(s):
    return {"slug": s.slug, "number": s.agreement_draft}


def item(path):
    return lambda s: {**draft(s), "section_path": path, "item_id": s.items[path]}


def pid(s):
    return {"partnership_id": s.partnership_id}


def api_draft(s):
    return {**pid(s), "number": s.agreement_draft}


def api_item(path):
    return lambda s: {**api_draft(s), "item_id": s.items[path]}


REVIEW_RANGE = {"from": "2026-01", "to": "2026-03"}


PAGES = {
    "home": account(),  # "waiting on you"
    "accounts:login": public(),
    "accounts:logout": public(),
    "accounts:password_reset": public(),
    "accounts:password_reset_done": public(),
    "accounts:password_reset_confirm": public(lambda s: {"uidb64": "MQ", "token": "set-password"}),
    "accounts:password_reset_complete": public(),
    "accounts:profile": account(),
    "accounts:token_revoke": foreign("token_id", lambda s: {"token_id": s.bob_token}),
    "accounts:organization": account(),
    "accounts:organization_audit": account(),
    "accounts:password_change": account(),
    "accounts:member_role": foreign("membership_id", lambda s: {"membership_id": s.maya_membership},
                                    data={"role": "viewer"}),
    "accounts:invitation_accept": public(lambda s: {"token": s.organization_invitation}),
    "partnerships:list": account(),
    "partnerships:join": public(lambda s: {"token": "no-such-invitation"}),
    "partnerships:create": account(),
    "partnerships:invitation_respond": foreign("party_id", lambda s: {"party_id": s.bob_invitation},
                                               data={"answer": "decline"}),
    "partnerships:detail": shared(slug),
    "partnerships:edit": shared(slug),
    "partnerships:party_invite": shared(slug),
    "partnerships:party_members": shared(slug),
    "partnerships:party_member_remove": private("member_id", lambda s: {"slug": s.slug, "member_id": s.bob_member}),
    "partnerships:notes": shared(slug),
    "partnerships:notes_export": shared(slug),
    "partnerships:activity_export": shared(slug),
    "partnerships:note_create": shared(slug, data={"text": "hello", "visibility": "shared"}),
    "partnerships:note_edit": private("note_id", lambda s: {"slug": s.slug, "note_id": s.private_note},
                                      data={"text": "taken", "visibility": "shared"}),
    "partnerships:note_delete": private("note_id", lambda s: {"slug": s.slug, "note_id": s.private_note}),
    "partnerships:activity": shared(slug),
    "charters:home": shared(slug),
    "charters:versions": shared(slug),
    "charters:version_new": shared(slug, data={"source": "empty"}),
    "charters:version": shared(lambda s: {"slug": s.slug, "number": s.charter_in_force}),
    "charters:version_edit": shared(lambda s: {"slug": s.slug, "number": s.charter_draft}),
    "charters:version_propose": shared(lambda s: {"slug": s.slug, "number": s.charter_draft}),
    "charters:version_withdraw": shared(lambda s: {"slug": s.slug, "number": s.charter_draft}),
    "charters:version_sign": shared(lambda s: {"slug": s.slug, "number": s.charter_draft}),
    "charters:card_preview": shared(lambda s: {"slug": s.slug, "number": s.charter_draft}),
    "charters:compare": shared(slug),
    "charters:review_cadence": shared(slug),
    "charters:pocket_card_pdf": shared(slug),
    "charters:pocket_card_png": shared(slug),
    "incentives:home": shared(slug),
    **{f"incentives:{name}": shared(lambda s: {"slug": s.slug, "period": s.period})
       for name in ("statement", "export", "pdf", "approve", "note_create", "simulate", "innovation_add")},
    "incentives:year_export": shared(lambda s: {"slug": s.slug, "year": s.period[:4]}),
    "incentives:model_create": shared(slug),
    **{f"incentives:{name}": shared(lambda s: {"slug": s.slug, "number": s.financial_model_draft})
       for name in ("model_version", "model_edit", "model_propose", "model_sign")},
    "agreements:overview": shared(slug),
    "agreements:versions": shared(slug),
    "agreements:version_create": shared(slug),
    "agreements:version": shared(draft),
    "agreements:terms": shared(draft),
    "agreements:responsibilities": shared(draft),
    "agreements:communications": shared(draft),
    "agreements:propose": shared(draft),
    "agreements:sign": shared(draft),
    "agreements:section": shared(lambda s: {**draft(s), "section_path": "deliverables"}),
    "agreements:section_item": shared(item("deliverables")),
    "agreements:section_item_delete": shared(item("milestones")),
    "agreements:notes": shared(slug),
    "agreements:note_edit": private("note_id", lambda s: {"slug": s.slug, "note_id": s.private_term_note},
                                    data={"term": "deliverables", "text": "taken", "visibility": "shared"}),
    "agreements:note_delete": private("note_id", lambda s: {"slug": s.slug, "note_id": s.private_term_note}),
    "agreements:document": shared(slug),
    "agreements:document_pdf": shared(slug),
    "agreements:export": shared(slug),
    "metrics:portfolio": account(),
    "metrics:portfolio_export": account(),
    "metrics:portfolio_export_csv": account(),
    "metrics:indicators_export": shared(slug),
    "metrics:measurements_export": shared(slug, query=lambda s: {"indicator": s.private_indicator}),
    "metrics:indicator_history_export": private("indicator_id",
                                                lambda s: {"slug": s.slug, "indicator_id": s.private_indicator}),
    "metrics:scorecard": shared(slug),
    "metrics:scorecard_settings": shared(slug),
    "metrics:scorecard_export": shared(slug),
    "metrics:scorecard_comment_create": shared(lambda s: {"slug": s.slug, "period": s.period},
                                               data={"text": "taken", "visibility": "shared"}),
    "metrics:scorecard_comment_delete": private(
        "comment_id", lambda s: {"slug": s.slug, "period": s.period, "comment_id": s.private_scorecard_note}),
    "metrics:indicators": shared(slug),
    "metrics:indicator_create": shared(slug),
    "metrics:indicators_library": shared(slug),
    "metrics:indicators_copy": shared(slug),
    "metrics:indicator_edit": private("indicator_id", lambda s: {"slug": s.slug, "indicator_id": s.private_indicator},
                                      data={"visibility": "shared", "name": "taken"}),
    "metrics:measurements": shared(slug),
    "metrics:indicator": private("indicator_id", lambda s: {"slug": s.slug, "indicator_id": s.private_indicator}),
    "metrics:indicator_change_accept": private("change_id", lambda s: {"slug": s.slug, "indicator_id": s.private_indicator, "change_id": s.private_change}),
    "metrics:indicator_change_decline": private("change_id", lambda s: {"slug": s.slug, "indicator_id": s.private_indicator, "change_id": s.private_change}, data={"reason": "no"}),
    "metrics:indicator_change_withdraw": private("change_id", lambda s: {"slug": s.slug, "indicator_id": s.private_indicator, "change_id": s.private_change}),
    "metrics:indicator_history": private("indicator_id",
                                         lambda s: {"slug": s.slug, "indicator_id": s.private_indicator}),
    "metrics:measurement_delete": private("measurement_id",
                                          lambda s: {"slug": s.slug, "measurement_id": s.private_measurement}),
    "metrics:measurement_batch": private("batch_id", lambda s: {"slug": s.slug, "batch_id": s.private_batch}),
    "measurement_imports:upload": shared(slug),
    "governance:home": shared(slug),
    "governance:meeting": shared(lambda s: {"slug": s.slug, "meeting_id": s.meeting}),
    "governance:meeting_cancel": shared(lambda s: {"slug": s.slug, "meeting_id": s.meeting}),
    "governance:actions": shared(slug),
    "markets:list": shared(slug),
    "markets:import": shared(slug),
    "markets:heat_map": shared(slug),
    "markets:market": shared(lambda s: {"slug": s.slug, "market_id": s.market}),
    "markets:market_edit": shared(lambda s: {"slug": s.slug, "market_id": s.market}),
    "markets:site_edit": shared(lambda s: {"slug": s.slug, "site_id": s.site}),
    "governance:meeting_add": shared(lambda s: {"slug": s.slug, "meeting_id": s.meeting, "what": "minutes"},
                                     data={"minutes-text": "Sweep minutes"}),
    "governance:preparation_note_edit": private("note_id", lambda s: {"slug": s.slug, "note_id": s.private_preparation_note},
                                                data={"text": "taken", "visibility": "shared"}),
    "governance:preparation_note_delete": private("note_id", lambda s: {"slug": s.slug,
                                                                        "note_id": s.private_preparation_note}),
    "governance:escalations": shared(slug),
    "governance:escalation_raise": shared(slug, data={"category": "other", "severity": "low", "description": "Sweep"}),
    "governance:escalation_targets": shared(slug),
    "governance:escalation": shared(lambda s: {"slug": s.slug, "escalation_id": s.escalation}),
    "governance:escalation_step": shared(lambda s: {"slug": s.slug, "escalation_id": s.escalation, "step": "respond"},
                                         data={"respond-text": "Sweep response"}),
    "audits:home": shared(slug),
    "audits:templates": shared(slug),
    "audits:trend": shared(slug),
    "audits:audit": shared(lambda s: {"slug": s.slug, "audit_id": s.audit}),
    "audits:pdf": shared(lambda s: {"slug": s.slug, "audit_id": s.audit}),
    "pricing:home": shared(slug),
    "pricing:import": shared(slug),
    "pricing:settings": shared(slug),
    "pricing_portfolio:portfolio": account(),
    # The feed's secret is its only credential: without it, the same 404 for everybody.
    "calendars:feed": public(lambda s: {"secret": "0" * 64}),
    "calendars:settings": account(),
    "calendars:rotate": account(),
    "calendars:partnership": shared(slug),
    "calendars:partnership_ics": shared(slug),
    "reviews:pack": shared(slug, query=lambda s: REVIEW_RANGE),
    "reviews:pdf": shared(slug, query=lambda s: REVIEW_RANGE),
    "reviews:pptx": shared(slug, query=lambda s: REVIEW_RANGE),
    # ninja's own pages beside the operations
    "api:openapi-json": public(),
    "api:openapi-view": public(),
    "api:api-root": public(),
    "health:home": shared(slug),
    "health:settings": shared(slug),
    "health:phase": shared(slug),
    "health:maturity": shared(slug),
    "health:surveys": shared(slug),
    "health:template_copy": shared(slug),
    **{f"health:{name}": shared(lambda s: {"slug": s.slug, "survey_id": s.survey})
       for name in ("survey", "answer", "close", "remind", "action", "export")},
}

# "METHOD /api/v1/path" as in the OpenAPI document.
OPERATIONS = {
    "GET /api/v1/me": account(),
    "GET /api/v1/organization/audit": account(),
    "GET /api/v1/me/calendar": account(),
    "POST /api/v1/me/calendar/rotate": account(),
    "GET /api/v1/partnerships/{partnership_id}/review-pack.pdf": shared(
        pid, target="partnership_id", query=lambda s: REVIEW_RANGE),
    "GET /api/v1/partnerships/{partnership_id}/review-pack.pptx": shared(
        pid, target="partnership_id", query=lambda s: REVIEW_RANGE),
    "GET /api/v1/partnerships": account(),
    "POST /api/v1/partnerships": account(),
    "GET /api/v1/partnerships/{partnership_id}": shared(pid, target="partnership_id"),
    "PATCH /api/v1/partnerships/{partnership_id}": shared(pid, target="partnership_id"),
    "GET /api/v1/partnerships/{partnership_id}/parties": shared(pid, target="partnership_id"),
    "POST /api/v1/partnerships/{partnership_id}/parties": shared(pid, target="partnership_id"),
    "GET /api/v1/partnerships/{partnership_id}/activity": shared(pid, target="partnership_id"),
    "GET /api/v1/partnerships/{partnership_id}/notes": shared(pid, target="partnership_id"),
    "POST /api/v1/partnerships/{partnership_id}/notes": shared(pid, target="partnership_id"),
    "GET /api/v1/partnerships/{partnership_id}/notes/{note_id}": private(
        "note_id", lambda s: {**pid(s), "note_id": s.private_note}),
    "PATCH /api/v1/partnerships/{partnership_id}/notes/{note_id}": private(
        "note_id", lambda s: {**pid(s), "note_id": s.private_note}, data={"visibility": "shared"}),
    "DELETE /api/v1/partnerships/{partnership_id}/notes/{note_id}": private(
        "note_id", lambda s: {**pid(s), "note_id": s.private_note}),
    "GET /api/v1/partnerships/{partnership_id}/charter": shared(pid, target="partnership_id"),
    "PUT /api/v1/partnerships/{partnership_id}/charter/review-cadence": shared(pid, target="partnership_id"),
    "GET /api/v1/partnerships/{partnership_id}/charter/versions": shared(pid, target="partnership_id"),
    "POST /api/v1/partnerships/{partnership_id}/charter/versions": shared(pid, target="partnership_id"),
    **{f"{method} /api/v1/partnerships/{{partnership_id}}/charter/versions/{{number}}{tail}": shared(
        lambda s: {**pid(s), "number": s.charter_draft}, target="partnership_id")
       for method, tail in (("GET", ""), ("PATCH", ""), ("POST", "/propose"), ("POST", "/withdraw"),
                            ("POST", "/sign"), ("GET", "/diff"))},
    "GET /api/v1/partnerships/{partnership_id}/charter/pocket-card.pdf": shared(pid, target="partnership_id"),
    "GET /api/v1/partnerships/{partnership_id}/charter/pocket-card.png": shared(pid, target="partnership_id"),
    "GET /api/v1/partnerships/{partnership_id}/agreement": shared(pid, target="partnership_id"),
    "GET /api/v1/partnerships/{partnership_id}/agreement/versions": shared(pid, target="partnership_id"),
    "POST /api/v1/partnerships/{partnership_id}/agreement/versions": shared(pid, target="partnership_id"),
    **{f"{method} /api/v1/partnerships/{{partnership_id}}/agreement/versions/{{number}}{tail}": shared(
        api_draft, target="partnership_id")
       for method, tail in (("GET", ""), ("PATCH", ""), ("PUT", "/responsibilities"), ("PUT", "/communications"),
                            ("POST", "/propose"), ("POST", "/sign"), ("POST", "/deliverables"),
                            ("POST", "/milestones"), ("POST", "/legal-items"), ("POST", "/shared-costs"),
                            ("POST", "/exit-clauses"))},
    **{f"{method} /api/v1/partnerships/{{partnership_id}}/agreement/versions/{{number}}/{path}/{{item_id}}": shared(
        api_item(path), target="partnership_id")
       for method in ("PATCH", "DELETE")
       for path in ("deliverables", "milestones", "legal-items", "shared-costs", "exit-clauses")},
    "GET /api/v1/partnerships/{partnership_id}/agreement/notes": shared(pid, target="partnership_id"),
    "POST /api/v1/partnerships/{partnership_id}/agreement/notes": shared(pid, target="partnership_id"),
    "GET /api/v1/partnerships/{partnership_id}/agreement/notes/{note_id}": private(
        "note_id", lambda s: {**pid(s), "note_id": s.private_term_note}),
    "PATCH /api/v1/partnerships/{partnership_id}/agreement/notes/{note_id}": private(
        "note_id", lambda s: {**pid(s), "note_id": s.private_term_note}, data={"visibility": "shared"}),
    "DELETE /api/v1/partnerships/{partnership_id}/agreement/notes/{note_id}": private(
        "note_id", lambda s: {**pid(s), "note_id": s.private_term_note}),
    "GET /api/v1/partnerships/{partnership_id}/agreement/document.pdf": shared(pid, target="partnership_id"),
    "GET /api/v1/partnerships/{partnership_id}/indicators": shared(pid, target="partnership_id"),
    "POST /api/v1/partnerships/{partnership_id}/indicators": shared(pid, target="partnership_id"),
    "GET /api/v1/partnerships/{partnership_id}/indicators/{indicator_id}/changes": private("indicator_id", lambda s: {**pid(s), "indicator_id": s.private_indicator}),
    "POST /api/v1/partnerships/{partnership_id}/indicators/{indicator_id}/changes": private("indicator_id", lambda s: {**pid(s), "indicator_id": s.private_indicator},
                           data={"fields": {"target": 1}, "reason": "taken"}),
    "POST /api/v1/partnerships/{partnership_id}/indicators/{indicator_id}/changes/{change_id}/accept": private("change_id", lambda s: {**pid(s), "indicator_id": s.private_indicator, "change_id": s.private_change}),
    "POST /api/v1/partnerships/{partnership_id}/indicators/{indicator_id}/changes/{change_id}/decline": private("change_id", lambda s: {**pid(s), "indicator_id": s.private_indicator, "change_id": s.private_change}, data={"reason": "no"}),
    "POST /api/v1/partnerships/{partnership_id}/indicators/{indicator_id}/changes/{change_id}/withdraw": private("change_id", lambda s: {**pid(s), "indicator_id": s.private_indicator, "change_id": s.private_change}),
    "GET /api/v1/partnerships/{partnership_id}/scorecards/{period}/private": shared(
        lambda s: {**pid(s), "period": s.period}, target="partnership_id"),
    "GET /api/v1/partnerships/{partnership_id}/indicators/{indicator_id}": private(
        "indicator_id", lambda s: {**pid(s), "indicator_id": s.private_indicator}),
    "PATCH /api/v1/partnerships/{partnership_id}/indicators/{indicator_id}": private(
        "indicator_id", lambda s: {**pid(s), "indicator_id": s.private_indicator}, data={"visibility": "shared"}),
    "GET /api/v1/partnerships/{partnership_id}/measurements": shared(
        pid, target="partnership_id", query=lambda s: {"indicator": s.private_indicator}),
    "POST /api/v1/partnerships/{partnership_id}/measurements": shared(pid, target="partnership_id"),
    "POST /api/v1/partnerships/{partnership_id}/measurements/bulk": shared(pid, target="partnership_id"),
    "DELETE /api/v1/partnerships/{partnership_id}/measurements/{measurement_id}": private(
        "measurement_id", lambda s: {**pid(s), "measurement_id": s.private_measurement}),
    "GET /api/v1/partnerships/{partnership_id}/measurements/{measurement_id}/revisions": private(
        "measurement_id", lambda s: {**pid(s), "measurement_id": s.private_measurement}),
    "GET /api/v1/partnerships/{partnership_id}/scorecards/{period}": shared(
        lambda s: {**pid(s), "period": s.period}, target="partnership_id"),
    "GET /api/v1/partnerships/{partnership_id}/warnings": shared(pid, target="partnership_id"),
    "GET /api/v1/partnerships/{partnership_id}/scorecards/{period}/comments": shared(
        lambda s: {**pid(s), "period": s.period}, target="partnership_id"),
    "POST /api/v1/partnerships/{partnership_id}/scorecards/{period}/comments": shared(
        lambda s: {**pid(s), "period": s.period}, target="partnership_id"),
    **{f"{method} /api/v1/partnerships/{{partnership_id}}/scorecards/{{period}}/comments/{{comment_id}}": private(
        "comment_id", lambda s: {**pid(s), "period": s.period, "comment_id": s.private_scorecard_note},
        data={"text": "taken"}) for method in ("PATCH", "DELETE")},
    "PATCH /api/v1/partnerships/{partnership_id}/scorecard-settings": shared(pid, target="partnership_id"),
    "GET /api/v1/portfolio": account(),
    "GET /api/v1/partnerships/{partnership_id}/governance/bodies": shared(pid, target="partnership_id"),
    "GET /api/v1/partnerships/{partnership_id}/markets": shared(pid, target="partnership_id"),
    "POST /api/v1/partnerships/{partnership_id}/markets": shared(
        pid, target="partnership_id", data={"code": "SW", "name": "Sweep", "country": "SE", "currency": "SEK"}),
    "GET /api/v1/partnerships/{partnership_id}/markets/{market_id}": shared(
        lambda s: {**pid(s), "market_id": s.market}, target="partnership_id"),
    "PATCH /api/v1/partnerships/{partnership_id}/markets/{market_id}": shared(
        lambda s: {**pid(s), "market_id": s.market}, target="partnership_id"),
    "GET /api/v1/partnerships/{partnership_id}/sites": shared(pid, target="partnership_id"),
    "POST /api/v1/partnerships/{partnership_id}/sites": shared(
        pid, target="partnership_id", data={"code": "SW1", "name": "Sweep site", "market": "DE"}),
    "GET /api/v1/partnerships/{partnership_id}/sites/{site_id}": shared(
        lambda s: {**pid(s), "site_id": s.site}, target="partnership_id"),
    "PATCH /api/v1/partnerships/{partnership_id}/sites/{site_id}": shared(
        lambda s: {**pid(s), "site_id": s.site}, target="partnership_id"),
    "POST /api/v1/partnerships/{partnership_id}/governance/bodies": shared(pid, target="partnership_id"),
    "GET /api/v1/partnerships/{partnership_id}/governance/bodies/{body_id}": shared(
        lambda s: {**pid(s), "body_id": s.body}, target="partnership_id"),
    "PATCH /api/v1/partnerships/{partnership_id}/governance/bodies/{body_id}": shared(
        lambda s: {**pid(s), "body_id": s.body}, target="partnership_id"),
    "GET /api/v1/partnerships/{partnership_id}/meetings": shared(pid, target="partnership_id"),
    "POST /api/v1/partnerships/{partnership_id}/meetings": shared(
        pid, target="partnership_id", data=lambda s: {"body": s.body, "starts_at": "2030-01-01T10:00:00Z"}),
    "GET /api/v1/partnerships/{partnership_id}/meetings/{meeting_id}": shared(
        lambda s: {**pid(s), "meeting_id": s.meeting}, target="partnership_id"),
    "PATCH /api/v1/partnerships/{partnership_id}/meetings/{meeting_id}": shared(
        lambda s: {**pid(s), "meeting_id": s.meeting}, target="partnership_id"),
    **{f"POST /api/v1/partnerships/{{partnership_id}}/meetings/{{meeting_id}}/{tail}": shared(
        lambda s: {**pid(s), "meeting_id": s.meeting}, target="partnership_id", data=data)
       for tail, data in (("agenda", None), ("minutes", None), ("decisions", None), ("approve-minutes", None),
                          ("actions", lambda s: {"title": "Sweep", "owner": s.world.bob.pk, "owner_party": s.bob_party,
                                                 "due_date": "2030-01-01"}))},
    "POST /api/v1/partnerships/{partnership_id}/meetings/{meeting_id}/attendance": shared(
        lambda s: {**pid(s), "meeting_id": s.meeting}, target="partnership_id",
        data=lambda s: {"attendance": [{"user": s.world.bob.pk, "status": "present"}]}),
    "POST /api/v1/partnerships/{partnership_id}/meetings/{meeting_id}/preparation-notes": shared(
        lambda s: {**pid(s), "meeting_id": s.meeting}, target="partnership_id", data={"text": "Sweep preparation"}),
    "GET /api/v1/partnerships/{partnership_id}/escalations": shared(pid, target="partnership_id"),
    "POST /api/v1/partnerships/{partnership_id}/escalations": shared(
        pid, target="partnership_id", data={"category": "other", "severity": "low", "description": "Sweep"}),
    "GET /api/v1/partnerships/{partnership_id}/escalations/{escalation_id}": shared(
        lambda s: {**pid(s), "escalation_id": s.escalation}, target="partnership_id"),
    **{f"POST /api/v1/partnerships/{{partnership_id}}/escalations/{{escalation_id}}/{tail}": shared(
        lambda s: {**pid(s), "escalation_id": s.escalation}, target="partnership_id", data=data)
       for tail, data in (("acknowledge", None), ("respond", {"text": "Sweep"}), ("escalate", None),
                          ("resolve", lambda s: {"resolution": "Sweep", "agreed_by": [s.world.alice.pk, s.world.bob.pk]}),
                          ("actions", lambda s: {"title": "Sweep", "owner": s.world.bob.pk, "owner_party": s.bob_party,
                                                 "due_date": "2030-01-01"}))},
    "GET /api/v1/partnerships/{partnership_id}/escalation-targets": shared(pid, target="partnership_id"),
    "PATCH /api/v1/partnerships/{partnership_id}/escalation-targets": shared(pid, target="partnership_id"),
    "GET /api/v1/partnerships/{partnership_id}/decisions": shared(pid, target="partnership_id"),
    "GET /api/v1/partnerships/{partnership_id}/actions": shared(pid, target="partnership_id"),
    "GET /api/v1/partnerships/{partnership_id}/actions/on-time": shared(pid, target="partnership_id"),
    "POST /api/v1/partnerships/{partnership_id}/actions": shared(
        pid, target="partnership_id",
        data=lambda s: {"title": "Sweep", "owner": s.world.bob.pk, "owner_party": s.bob_party, "due_date": "2030-01-01"}),
    "PATCH /api/v1/partnerships/{partnership_id}/actions/{action_id}": shared(
        lambda s: {**pid(s), "action_id": s.action}, target="partnership_id"),
    "GET /api/v1/partnerships/{partnership_id}/audit-templates": shared(pid, target="partnership_id"),
    "POST /api/v1/partnerships/{partnership_id}/audit-templates": shared(pid, target="partnership_id"),
    "GET /api/v1/partnerships/{partnership_id}/audits": shared(pid, target="partnership_id"),
    "POST /api/v1/partnerships/{partnership_id}/audits": shared(
        pid, target="partnership_id", data={"template": "SWEEP", "site": "SW-1", "date": "2026-01-05"}),
    **{f"{method} /api/v1/partnerships/{{partnership_id}}/audits/{{audit_id}}{tail}": shared(
        lambda s: {**pid(s), "audit_id": s.audit}, target="partnership_id")
       for method, tail in (("GET", ""), ("POST", "/answers"), ("POST", "/photos"), ("POST", "/complete"))},
    "GET /api/v1/partnerships/{partnership_id}/service-lines": shared(pid, target="partnership_id"),
    "POST /api/v1/partnerships/{partnership_id}/service-lines": shared(pid, target="partnership_id"),
    "GET /api/v1/partnerships/{partnership_id}/price-points": shared(pid, target="partnership_id"),
    "POST /api/v1/partnerships/{partnership_id}/price-points": shared(
        pid, target="partnership_id",
        data={"service": "SWEEP-HR", "market": "SW", "period": "2026-01", "price": "10", "factor": "1"}),
    "GET /api/v1/partnerships/{partnership_id}/pricing-parity": shared(
        pid, target="partnership_id", query=lambda s: {"period": "2026-01"}),
    "PUT /api/v1/partnerships/{partnership_id}/pricing-parity/settings": shared(
        pid, target="partnership_id", data={"tolerance_percent": "12"}),
    "GET /api/v1/partnerships/{partnership_id}/financial-model": shared(pid, target="partnership_id"),
    "GET /api/v1/partnerships/{partnership_id}/financial-model/versions": shared(pid, target="partnership_id"),
    "POST /api/v1/partnerships/{partnership_id}/financial-model/versions": shared(pid, target="partnership_id"),
    **{f"{method} /api/v1/partnerships/{{partnership_id}}/financial-model/versions/{{number}}{tail}": shared(
        lambda s: {**pid(s), "number": s.financial_model_draft}, target="partnership_id")
       for method, tail in (("GET", ""), ("PATCH", ""), ("POST", "/propose"), ("POST", "/sign"))},
    "POST /api/v1/partnerships/{partnership_id}/financial-model/simulate": shared(
        pid, target="partnership_id",
        data={"period": "2026-01-01", "model": {"currency": "EUR", "base_fee": {"kind": "fixed", "amount": "1"}}}),
    **{f"{method} /api/v1/partnerships/{{partnership_id}}/statements/{{period}}{tail}": shared(
        lambda s: {**pid(s), "period": s.period}, target="partnership_id")
       for method, tail in (("GET", ""), ("POST", "/approve"), ("GET", "/notes"), ("POST", "/notes"))},
    "POST /api/v1/partnerships/{partnership_id}/statements/{period}/innovations": shared(
        lambda s: {**pid(s), "period": s.period}, target="partnership_id",
        data={"title": "Sweep idea", "validated_value": "100", "validated_by": "Sweep committee"}),
    "GET /api/v1/partnerships/{partnership_id}/statements-of-year/{year}.xlsx": shared(
        lambda s: {**pid(s), "year": s.period[:4]}, target="partnership_id"),
    "GET /api/v1/survey-templates": account(),
    "GET /api/v1/partnerships/{partnership_id}/survey-templates": shared(pid, target="partnership_id"),
    "POST /api/v1/partnerships/{partnership_id}/survey-templates": shared(
        pid, target="partnership_id", data={"based_on": "nps"}),
    "GET /api/v1/partnerships/{partnership_id}/surveys": shared(pid, target="partnership_id"),
    "POST /api/v1/partnerships/{partnership_id}/surveys": shared(pid, target="partnership_id", data={
        "template": "nps", "title": "Sweep", "opens": "2030-01-01", "closes": "2030-02-01"}),
    **{f"{method} /api/v1/partnerships/{{partnership_id}}/surveys/{{survey_id}}{tail}": shared(
        lambda s: {**pid(s), "survey_id": s.survey}, target="partnership_id", data=data)
       for method, tail, data in (("GET", "", None), ("GET", "/results", None), ("POST", "/close", None),
                                  ("POST", "/reminders", None),
                                  ("POST", "/responses", {"answers": {"trust": 9}}),
                                  ("POST", "/actions", lambda s: {"code": "trust", "kind": "gap",
                                                                  "owner": s.world.bob.pk, "owner_party": s.bob_party,
                                                                  "due_date": "2030-01-01"}))},
    "GET /api/v1/partnerships/{partnership_id}/phase": shared(pid, target="partnership_id"),
    "POST /api/v1/partnerships/{partnership_id}/phase": shared(pid, target="partnership_id",
                                                                data={"phase": "execution"}),
    "GET /api/v1/partnerships/{partnership_id}/health": shared(pid, target="partnership_id"),
    "GET /api/v1/partnerships/{partnership_id}/health/settings": shared(pid, target="partnership_id"),
    "PATCH /api/v1/partnerships/{partnership_id}/health/settings": shared(pid, target="partnership_id"),
}
