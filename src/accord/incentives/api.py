"""The incentives API: the same services and selectors as the pages, so both obey the same rules."""

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from ninja import Router, Status
from ninja.pagination import paginate

from accord.core.exports import workbook_response
from accord.core.pagination import Pagination
from accord.partnerships.access import NOT_FOUND_MESSAGE, partnership_access

from . import exports, selectors, services, statements, validation
from .schemas import (
    FinancialModelDraftIn,
    FinancialModelIn,
    FinancialModelProposeIn,
    FinancialModelSignIn,
    FinancialModelVersionOut,
    IncentiveStatementOut,
    StatementInnovationIn,
    StatementInnovationOut,
    StatementNoteIn,
    StatementNoteOut,
    StatementSimulateIn,
)

router = Router(tags=["incentives"])
BASE = "/partnerships/{int:partnership_id}/financial-model"
STATEMENTS = "/partnerships/{int:partnership_id}/statements/{period}"


def version_out(version) -> dict:
    return {
        "number": version.number, "status": version.status, "applies_from": version.applies_from,
        "currency": version.currency, "terms": version.terms,
        "based_on": version.based_on.number if version.based_on_id else None, "revision": version.revision,
        "created_by": version.created_by.username if version.created_by else None, "created_at": version.created_at,
        "proposed_at": version.proposed_at, "in_force_at": version.in_force_at,
        "superseded_at": version.superseded_at,
        "signatures": [{"party": s.party_id, "organization": s.party.organization.name, "user": s.user.username,
                        "signed_at": s.signed_at} for s in version.signatures.all()],
    }


def note_out(note) -> dict:
    return {"id": note.pk, "period": note.period, "text": note.text, "visibility": note.visibility,
            "organization": note.owner_party.organization.name,
            "created_by": note.created_by.username if note.created_by else None, "created_at": note.created_at}


@router.get(BASE, response=FinancialModelVersionOut)
def financial_model_in_force(request, partnership_id: int):
    """The version in force (404 when none is yet)."""
    version = selectors.version_in_force(access=partnership_access(request.user, partnership_id=partnership_id))
    if version is None:
        raise Http404(NOT_FOUND_MESSAGE)
    return version_out(version)


@router.get(f"{BASE}/versions", response=list[FinancialModelVersionOut])
@paginate(Pagination)
def financial_model_versions(request, partnership_id: int):
    access = partnership_access(request.user, partnership_id=partnership_id)
    return [version_out(v) for v in selectors.versions(access=access)]


@router.post(f"{BASE}/versions", response={201: FinancialModelVersionOut})
def financial_model_draft_create(request, partnership_id: int, payload: FinancialModelDraftIn | None = None):
    """Start a draft: a copy of the proposed or in-force version, or an empty one. Reworking a proposal
    withdraws it from signature and needs ``reason``."""
    access = partnership_access(request.user, partnership_id=partnership_id, write=True)
    version = services.model_draft_create(access=access, reason=payload.reason if payload else "")
    return Status(201, version_out(selectors.version_get(access=access, number=version.number)))


@router.get(f"{BASE}/versions/{{int:number}}", response=FinancialModelVersionOut)
def financial_model_version(request, partnership_id: int, number: int):
    access = partnership_access(request.user, partnership_id=partnership_id)
    return version_out(selectors.version_get(access=access, number=number))


@router.patch(f"{BASE}/versions/{{int:number}}", response=FinancialModelVersionOut)
def financial_model_update(request, partnership_id: int, number: int, payload: FinancialModelIn):
    """Replace a draft's terms with the model sent (sections left out are removed)."""
    access = partnership_access(request.user, partnership_id=partnership_id, write=True)
    version = selectors.version_get(access=access, number=number)
    terms = payload.dict(exclude_unset=True)
    revision = terms.pop("revision", None)
    services.model_update(access=access, version=version, terms=terms, revision=revision)
    return version_out(selectors.version_get(access=access, number=number))


@router.post(f"{BASE}/versions/{{int:number}}/propose", response=FinancialModelVersionOut)
def financial_model_propose(request, partnership_id: int, number: int, payload: FinancialModelProposeIn | None = None):
    access = partnership_access(request.user, partnership_id=partnership_id, write=True)
    version = selectors.version_get(access=access, number=number)
    services.model_propose(access=access, version=version, revision=payload.revision if payload else None)
    return version_out(selectors.version_get(access=access, number=number))


@router.post(f"{BASE}/versions/{{int:number}}/sign", response=FinancialModelVersionOut)
def financial_model_sign(request, partnership_id: int, number: int, payload: FinancialModelSignIn | None = None):
    """Sign for your own party (a named signatory); the last party's signature puts the version in force."""
    access = partnership_access(request.user, partnership_id=partnership_id, write=True)
    version = selectors.version_get(access=access, number=number)
    services.model_sign(access=access, version=version, party_id=payload.party if payload else None)
    return version_out(selectors.version_get(access=access, number=number))


@router.post(f"{BASE}/simulate", response=IncentiveStatementOut)
def financial_model_simulate(request, partnership_id: int, payload: StatementSimulateIn):
    """The statement as it would be with another model and/or other values; nothing is saved. A tool for the
    people who negotiate (contributors and above), like every POST: viewers read the statements."""
    access = partnership_access(request.user, partnership_id=partnership_id, write=True)
    period = selectors.parse_period(payload.period)
    model = None
    if payload.model is not None:
        terms = {k: v for k, v in payload.model.items() if k != "applies_from"}
        model = validation.parse_model(terms, selectors.shared_indicator_kinds(selectors.figures_for(access=access)))
    values = payload.values or {}
    known = selectors.shared_indicator_kinds(selectors.figures_for(access=access))
    unknown = sorted(code for code in values if code not in known)
    if unknown:
        raise ValidationError({"values": f"No shared agreed indicator with the code(s) {', '.join(unknown)}."})
    built = statements.statement_build(access=access, period=period, model=model, values=values)
    return statements.statement_as_dict(built)


@router.get(STATEMENTS, response=IncentiveStatementOut)
def statement_detail(request, partnership_id: int, period: str):
    """A period's statement: the approved one, or the draft computed now (404 when no model applies)."""
    access = partnership_access(request.user, partnership_id=partnership_id)
    built = statements.statement_build(access=access, period=selectors.parse_period(period))
    return statements.statement_as_dict(built)


@router.post(f"{STATEMENTS}/approve", response=IncentiveStatementOut)
def statement_approve(request, partnership_id: int, period: str):
    """Approve for your own party (a named signatory), once per party; locked once every party approved."""
    access = partnership_access(request.user, partnership_id=partnership_id, write=True)
    statement = services.statement_approve(access=access, period=period)
    return statements.statement_as_dict(statements.statement_build(access=access, period=statement.period))


@router.get(f"{STATEMENTS}/notes", response=list[StatementNoteOut])
@paginate(Pagination)
def statement_notes(request, partnership_id: int, period: str):
    """Your party's notes on the statement and the notes other parties shared."""
    access = partnership_access(request.user, partnership_id=partnership_id)
    return [note_out(n) for n in selectors.statement_notes(access=access, period=selectors.parse_period(period))]


@router.post(f"{STATEMENTS}/notes", response={201: StatementNoteOut})
def statement_note_create(request, partnership_id: int, period: str, payload: StatementNoteIn):
    access = partnership_access(request.user, partnership_id=partnership_id, write=True)
    note = services.statement_note_create(access=access, period=period, text=payload.text,
                                          visibility=payload.visibility)
    return Status(201, note_out(note))


@router.post(f"{STATEMENTS}/innovations", response={201: StatementInnovationOut})
def statement_innovation_add(request, partnership_id: int, period: str, payload: StatementInnovationIn):
    """Enter an innovation on the period's draft statement: an ``innovation`` line pays the model's innovation
    percent of its validated value (400 once the statement is approved, or without an innovation section)."""
    access = partnership_access(request.user, partnership_id=partnership_id, write=True)
    innovation = services.statement_innovation_add(access=access, period=period, title=payload.title,
                                                   validated_value=payload.validated_value,
                                                   validated_by=payload.validated_by)
    return Status(201, {"id": innovation.pk, "period": innovation.period, "title": innovation.title,
                        "validated_value": innovation.validated_value, "validated_by": innovation.validated_by,
                        "created_by": access.user.username, "created_at": innovation.created_at})


@router.get("/partnerships/{int:partnership_id}/statements-of-year/{int:year}.xlsx", response={200: None})
def statements_year_workbook(request, partnership_id: int, year: int) -> HttpResponse:
    """Every statement of ``year`` as one XLSX workbook: a summary sheet, then a sheet per month with its lines,
    formulas and inputs as text."""
    access = partnership_access(request.user, partnership_id=partnership_id)
    year = exports.parse_year(year)
    return workbook_response(exports.year_tables(access=access, year=year),
                             f"statements-{year}-{access.partnership.slug}")
