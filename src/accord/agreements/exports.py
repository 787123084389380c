"""The agreement's tables (responsibilities, communications, deliverables, milestones, legal items, shared
costs, exit clauses) as files,
through ``core.exports``: all of them as one XLSX workbook, or one of them (``?section=``) as CSV or XLSX."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseBadRequest

from accord.core.exports import Column, Table, parse_format, table_response, workbook_response
from accord.partnerships.access import NOT_FOUND_MESSAGE, partnership_access

from . import selectors


def _party(party) -> str:
    return party.organization.name if party else ""


def _raci_cells(area) -> str:
    return "; ".join(f"{_party(cell.party)}: {cell.get_role_display()}" for cell in area.assignments.all())


def agreement_tables(version) -> dict[str, Table]:
    """Each list section of ``version`` as a table, keyed by its path in the URL."""
    return {
        "responsibilities": Table("Responsibilities", ["Area", "RACI", "Decision authority", "Reporting line",
                                                       "Negotiability"],
                                  [[a.name, _raci_cells(a), a.decision_authority, a.reporting_line,
                                    a.get_negotiability_display()]
                                   for a in version.areas.prefetch_related("assignments__party__organization")]),
        "communications": Table("Communications", ["Purpose", "Channel", "Cadence", "Negotiability"],
                                [[c.get_purpose_display(), c.channel, c.cadence, c.get_negotiability_display()]
                                 for c in version.channels.all()]),
        "deliverables": Table("Deliverables", ["Title", "Owner", "Due", "Status", "Acceptance criteria", "Negotiability"],
                              [[d.title, _party(d.owner_party), d.due_date, d.get_status_display(),
                                d.acceptance_criteria, d.get_negotiability_display()] for d in version.deliverables.all()]),
        "milestones": Table("Milestones", ["Title", "Date", "Description", "Negotiability"],
                            [[m.title, m.date, m.description, m.get_negotiability_display()]
                             for m in version.milestones.all()]),
        "legal-items": Table("Legal items", ["Kind", "Title", "Status", "Document", "IP owner", "Negotiability"],
                             [[li.get_kind_display(), li.title, li.get_status_display(), li.document_reference,
                               _party(li.ip_owner_party), li.get_negotiability_display()]
                              for li in version.legal_items.all()]),
        "shared-costs": Table("Shared costs", ["Description", Column("Amount", "#,##0.00"), "Currency", "Split",
                                               "Negotiability"],
                              [[c.description, c.amount, c.currency, c.split, c.get_negotiability_display()]
                               for c in version.shared_costs.all()]),
        "exit-clauses": Table("Exit clauses", ["Trigger", "Notice", "Consequence", "Shared assets", "Negotiability"],
                              [[e.trigger, e.notice, e.consequence, e.shared_assets, e.get_negotiability_display()]
                               for e in version.exit_clauses.all()]),
    }


@login_required
def agreement_export(request, slug):
    """``?version=`` (default: the version in force, else the latest), ``?section=`` one table (CSV or
    XLSX by ``?format=``) or, without it, every table as one XLSX workbook."""
    access = partnership_access(request.user, slug=slug)
    number = request.GET.get("version", "").strip()
    version = selectors.version_get(access=access, number=number) if number else selectors.version_current(access=access)
    if version is None:
        raise Http404(NOT_FOUND_MESSAGE)
    tables = agreement_tables(version)
    stem = f"{access.partnership.slug}-agreement-v{version.number}"
    section = request.GET.get("section", "").strip()
    if not section:
        return workbook_response(list(tables.values()), stem)
    if section not in tables:
        return HttpResponseBadRequest(f"section: choose one of {', '.join(tables)}.", content_type="text/plain")
    try:
        export_format = parse_format(request.GET.get("format"))
    except ValidationError as exc:
        return HttpResponseBadRequest(f"format: {' '.join(exc.messages)}", content_type="text/plain")
    table = tables[section]
    return table_response(Table(f"{stem}-{section}", table.columns, table.rows), export_format)
