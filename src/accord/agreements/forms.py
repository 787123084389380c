"""Forms only parse input; the rules live in the services, so the pages and the API agree."""

from django import forms

from accord.accounts.models import User
from accord.core.forms import DateInput, model_fields_form
from accord.partnerships.notes import NoteForm

from .models import (
    AgreementVersion,
    CommunicationPurpose,
    Negotiability,
    Raci,
    Term,
)
from .services import COMMERCIAL_FIELDS, SECTIONS


class TermsForm(model_fields_form(
    AgreementVersion, COMMERCIAL_FIELDS,
    widgets={"start_date": DateInput, "end_date": DateInput},
    labels={"licence_fee_amount": "Licence fee", "licence_fee_currency": "Licence fee currency",
            "licence_fee_period": "Licence fee period", "notice_period_days": "Notice period (days)",
            "renewal_term_months": "Renewal term (months)", "duration_months": "Duration (months)",
            "term_negotiability": "Duration, renewal and notice are"},
    help_texts={"end_date": "Or give a duration in months instead.",
                "notice_period_days": "Must be shorter than the term, e.g. 60 or 90 days."},
)):
    """Commercial terms, with one revenue-share field per party."""

    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, parties, shares=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.parties = parties
        shares = shares or {}
        for party in parties:
            self.fields[f"share_{party.pk}"] = forms.DecimalField(
                label=f"{party.organization.name} revenue share (%)", required=False, max_digits=5,
                decimal_places=2, initial=shares.get(party.pk),
                help_text="The shares of all parties must add up to exactly 100." if party is parties[-1] else "")

    def share_fields(self):
        return [self[f"share_{party.pk}"] for party in self.parties]

    def term_fields(self):
        return [self[name] for name in COMMERCIAL_FIELDS]

    def revenue_shares(self) -> dict:
        return {party.pk: self.cleaned_data.get(f"share_{party.pk}") for party in self.parties}

    def add_error(self, field, error):
        # The service names the whole set of shares; show it beside the last party's share.
        if field == "revenue_shares" and self.parties:
            field = f"share_{self.parties[-1].pk}"
        super().add_error(field, error)


RACI_CHOICES = [("", "—")] + list(Raci.choices)


class AreaForm(forms.Form):
    name = forms.CharField(max_length=200, label="Area")
    decision_authority = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    reporting_line = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    negotiability = forms.ChoiceField(choices=Negotiability.choices, initial=Negotiability.FLEXIBLE)

    def __init__(self, *args, parties, **kwargs):
        super().__init__(*args, **kwargs)
        self.parties = parties
        for party in parties:
            self.fields[f"role_{party.pk}"] = forms.ChoiceField(choices=RACI_CHOICES, required=False,
                                                                label=party.organization.name)

    def role_fields(self):
        return [self[f"role_{party.pk}"] for party in self.parties]

    def as_area(self) -> dict:
        data = self.cleaned_data
        return {"name": data["name"], "decision_authority": data.get("decision_authority", ""),
                "reporting_line": data.get("reporting_line", ""), "negotiability": data.get("negotiability"),
                "roles": {party.pk: data.get(f"role_{party.pk}", "") for party in self.parties}}


AreaFormSet = forms.formset_factory(AreaForm, extra=2, can_delete=True)


class CommunicationsForm(forms.Form):
    """One row per purpose (channel, cadence) and one liaison per party."""

    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, parties, **kwargs):
        super().__init__(*args, **kwargs)
        self.parties = parties
        for purpose, label in CommunicationPurpose.choices:
            self.fields[f"{purpose}_channel"] = forms.CharField(label=f"{label}: channel", required=False,
                                                                max_length=200)
            self.fields[f"{purpose}_cadence"] = forms.CharField(label=f"{label}: cadence", required=False,
                                                                max_length=200)
            self.fields[f"{purpose}_negotiability"] = forms.ChoiceField(
                label=f"{label}: negotiability", choices=Negotiability.choices, initial=Negotiability.FLEXIBLE)
        for party in parties:
            field = forms.ModelChoiceField(
                label=f"Liaison for {party.organization.name}", required=False, empty_label="Nobody yet",
                queryset=User.objects.filter(membership__organization_id=party.organization_id, is_active=True))
            field.label_from_instance = lambda u: u.get_full_name() or u.username
            self.fields[f"liaison_{party.pk}"] = field

    def purpose_rows(self):
        return [(label, [self[f"{purpose}_{part}"] for part in ("channel", "cadence", "negotiability")])
                for purpose, label in CommunicationPurpose.choices]

    def liaison_fields(self):
        return [self[f"liaison_{party.pk}"] for party in self.parties]

    def channels(self) -> list[dict]:
        data = self.cleaned_data
        return [{"purpose": purpose, "channel": data.get(f"{purpose}_channel", ""),
                 "cadence": data.get(f"{purpose}_cadence", ""),
                 "negotiability": data.get(f"{purpose}_negotiability")} for purpose in CommunicationPurpose.values]

    def liaisons(self) -> dict:
        return {party.pk: getattr(self.cleaned_data.get(f"liaison_{party.pk}"), "pk", None) for party in self.parties}

    def add_error(self, field, error):
        super().add_error(None if field in ("channels", "liaisons") else field, error)


def _section_fields(section: str, **options):
    model, fields, _ = SECTIONS[section]
    return model_fields_form(model, fields, **options)


TEXT_AREA = forms.Textarea(attrs={"rows": 3})
DeliverableForm = _section_fields("deliverables", widgets={"due_date": DateInput, "acceptance_criteria": TEXT_AREA})
MilestoneForm = _section_fields("milestones", widgets={"date": DateInput, "description": TEXT_AREA})
LegalItemForm = _section_fields("legal_items", labels={"ip_owner_party": "IP owner (when one party owns it)"})
SharedCostForm = _section_fields("shared_costs")
ExitClauseForm = _section_fields("exit_clauses", widgets={"consequence": TEXT_AREA, "shared_assets": TEXT_AREA},
                                 labels={"shared_assets": "Shared assets on exit"})


SECTION_FORMS = {
    "deliverables": DeliverableForm, "milestones": MilestoneForm, "legal_items": LegalItemForm,
    "shared_costs": SharedCostForm, "exit_clauses": ExitClauseForm,
}


def section_form(section: str, *args, parties, **kwargs) -> forms.Form:
    form = SECTION_FORMS[section](*args, **kwargs)
    for name in ("owner_party", "ip_owner_party"):
        if name in form.fields:
            form.fields[name].queryset = parties
            form.fields[name].label_from_instance = lambda p: p.organization.name
    return form


class TermNoteForm(NoteForm):
    term = forms.ChoiceField(choices=Term.choices)
    field_order = ["term", "text", "visibility"]
