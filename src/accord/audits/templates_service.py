"""Writes of checklist templates: a template and its versions (sections and items).

Saving a template whose latest version no audit has used rewrites that version; once an audit
used it, saving starts a new version, so every audit keeps the questions it was answered with.
"""

import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction

from accord.core.audit import AuditAction, record_event
from accord.metrics.models import Indicator
from accord.partnerships.access import PartnershipAccess, records_shared

from .models import SCALE_MAX_LIMIT, AuditTemplate, TemplateItem, TemplateKind, TemplateSection, TemplateVersion

_SCALE = re.compile(r"^0-(\d{1,3})$")
MAX_SECTIONS = 50
MAX_ITEMS = 500


def parse_scale(text) -> tuple[bool, int]:
    """``yes_no`` → (True, 1); ``0-N`` → (False, N) for 1 ≤ N ≤ 100; anything else: ``ValueError``."""
    if text == "yes_no":
        return True, 1
    match = _SCALE.match(text) if isinstance(text, str) else None
    if match is None or not 1 <= int(match[1]) <= SCALE_MAX_LIMIT:
        raise ValueError(f'Use "yes_no" or "0-N" with N from 1 to {SCALE_MAX_LIMIT} (e.g. "0-4").')
    return False, int(match[1])


def _text(value, field: str, errors: dict, *, limit: int) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        errors[field] = ["This field is required."]
    elif len(text) > limit:
        errors[field] = [f"At most {limit} characters."]
    return text


def _weight(value, field: str, errors: dict) -> Decimal:
    try:
        weight = Decimal(str(value)) if value is not None and not isinstance(value, bool) else None
    except InvalidOperation:
        weight = None
    if weight is None or not weight.is_finite() or weight <= 0 or weight > Decimal("999999"):
        errors[field] = ["A weight is a number above 0 (at most 999,999)."]
        return Decimal("1")
    if weight != weight.quantize(Decimal("0.001")):
        errors[field] = ["A weight has at most 3 decimals."]
    return weight


def _checked_sections(sections) -> list[dict]:
    """The sections as plain, checked values; every problem named by its path (``sections.0.items.2.scale``)."""
    errors: dict = {}
    if not isinstance(sections, list) or not sections:
        raise ValidationError({"sections": "Give at least one section with items."})
    if len(sections) > MAX_SECTIONS or sum(len(s.get("items") or []) for s in sections if isinstance(s, dict)) > MAX_ITEMS:
        raise ValidationError({"sections": f"At most {MAX_SECTIONS} sections and {MAX_ITEMS} items."})
    checked, section_codes, item_codes = [], set(), set()
    for s_index, section in enumerate(sections):
        where = f"sections.{s_index}"
        section = section if isinstance(section, dict) else {}
        code = _text(section.get("code"), f"{where}.code", errors, limit=40)
        if code.lower() in section_codes:
            errors[f"{where}.code"] = [f"Section {code} appears twice."]
        section_codes.add(code.lower())
        items = section.get("items")
        if not isinstance(items, list) or not items:
            errors[f"{where}.items"] = ["A section needs at least one item."]
            items = []
        rows = []
        for i_index, item in enumerate(items):
            at = f"{where}.items.{i_index}"
            item = item if isinstance(item, dict) else {}
            item_code = _text(item.get("code"), f"{at}.code", errors, limit=40)
            if item_code.lower() in item_codes:
                errors[f"{at}.code"] = [f"Item {item_code} appears twice (item codes are unique in a template)."]
            item_codes.add(item_code.lower())
            try:
                yes_no, scale_max = parse_scale(item.get("scale", "yes_no"))
            except ValueError as exc:
                errors[f"{at}.scale"] = [str(exc)]
                yes_no, scale_max = True, 1
            allow_na = item.get("allow_na", False)
            if not isinstance(allow_na, bool):
                errors[f"{at}.allow_na"] = ["true or false."]
            rows.append({"code": item_code, "text": _text(item.get("text"), f"{at}.text", errors, limit=500),
                         "weight": _weight(item.get("weight", 1), f"{at}.weight", errors), "yes_no": yes_no,
                         "scale_max": scale_max, "allow_na": allow_na is True})
        checked.append({"code": code, "name": _text(section.get("name"), f"{where}.name", errors, limit=200),
                        "items": rows})
    if errors:
        raise ValidationError(errors)
    return checked


def _indicator(access: PartnershipAccess, code) -> Indicator | None:
    """A shared indicator of the partnership by code (a template feeds shared numbers only), or ``None``."""
    if code in (None, ""):
        return None
    indicator = records_shared(Indicator.objects.filter(partnership=access.partnership), access).filter(
        code__iexact=str(code).strip()).first()
    if indicator is None:
        raise ValidationError({"indicator": f"No shared indicator with code {code}."})
    return indicator


@transaction.atomic
def template_save(*, access: PartnershipAccess, code: str, name: str, sections: list, kind: str = TemplateKind.OTHER,
                  indicator: str | None = None) -> TemplateVersion:
    """Create a template, or change one (a new version if an audit used the latest). Returns the version saved."""
    access.require_write()
    errors: dict = {}
    code = _text(code, "code", errors, limit=40)
    name = _text(name, "name", errors, limit=200)
    if kind not in TemplateKind.values:
        errors["kind"] = [f"One of {', '.join(TemplateKind.values)}."]
    if errors:
        raise ValidationError(errors)
    checked = _checked_sections(sections)
    fed = _indicator(access, indicator)
    template = AuditTemplate.objects.select_for_update().filter(partnership=access.partnership,
                                                                code__iexact=code).first()
    verb = AuditAction.UPDATE if template else AuditAction.CREATE
    if template is None:
        template = AuditTemplate(partnership=access.partnership, owner_party=access.party, created_by=access.user,
                                 code=code)
    template.name, template.kind = name, kind
    template.full_clean(exclude=["partnership", "owner_party", "created_by"], validate_unique=False)
    template.save()
    latest = template.versions.order_by("-number").first()
    if latest is not None and not latest.audits.exists():
        latest.sections.all().delete()  # unused: rewrite it in place
        version = latest
        version.indicator = fed
        version.save(update_fields=["indicator"])
    else:
        version = TemplateVersion.objects.create(template=template, number=(latest.number + 1) if latest else 1,
                                                 indicator=fed)
    for s_position, section in enumerate(checked):
        row = TemplateSection.objects.create(version=version, code=section["code"], name=section["name"],
                                             position=s_position)
        TemplateItem.objects.bulk_create([TemplateItem(section=row, position=i_position, **item)
                                          for i_position, item in enumerate(section["items"])])
    record_event(actor=access.user, acting_party=access.party, action=verb, record=template,
                 changes=[{"field": "version", "before": latest.number if latest else None, "after": version.number}])
    return version


@transaction.atomic
def templates_add_shipped(*, access: PartnershipAccess) -> list[TemplateVersion]:
    """Add the shipped templates (cleaning, security, food service, workplace experience) the partnership lacks."""
    from .library import SHIPPED

    access.require_write()
    existing = {code.lower() for code in AuditTemplate.objects.filter(partnership=access.partnership)
                .values_list("code", flat=True)}
    return [template_save(access=access, **template) for template in SHIPPED if template["code"].lower() not in existing]
