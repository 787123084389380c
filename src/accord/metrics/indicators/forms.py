"""Forms only parse input; the rules live in ``services``."""

from django import forms

from accord.metrics.models import Indicator
from accord.partnerships.forms import DateInput

from .library import LIBRARY

BAND_ROWS = 5
BAND_STATUS_CHOICES = [("", "—"), ("green", "Green"), ("amber", "Amber"), ("red", "Red")]


INDICATOR_FORM_FIELDS = ["code", "name", "kind", "description", "unit", "direction", "target", "baseline", "stretch",
                         "frequency", "aggregation", "weight", "scope", "rollup", "owner_party", "entry_by", "visibility", "data_source",
                         "method", "active_from", "active_to"]


class IndicatorForm(forms.Form):
    """All indicator fields (as the model declares them), plus up to five band rows (low, high, status).

    A plain form, not a ``ModelForm``: it only parses; ``services`` validates and saves the indicator.
    """

    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    effective_from = forms.DateField(
        required=False, widget=DateInput, label="Change applies from",
        help_text="For a change of what moves the score: the first day of a month (default this month). "
                  "On a shared indicator it is proposed to the other party and applies once accepted.")
    reason = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), label="Reason for the change")

    def __init__(self, *args, parties, instance: Indicator | None = None, **kwargs):
        initial = kwargs.pop("initial", {})
        if instance is not None:
            initial = {**forms.model_to_dict(instance, fields=INDICATOR_FORM_FIELDS), **initial}
            for row, band in enumerate(instance.bands or [], start=1):
                initial.update({f"band_{row}_low": band.get("low"), f"band_{row}_high": band.get("high"),
                                f"band_{row}_status": band.get("status")})
        super().__init__(*args, initial=initial, **kwargs)
        self.fields.update(forms.fields_for_model(
            Indicator, fields=INDICATOR_FORM_FIELDS,
            widgets={"description": forms.Textarea(attrs={"rows": 2}), "method": forms.Textarea(attrs={"rows": 2}),
                     "active_from": DateInput, "active_to": DateInput},
            help_texts={
                "code": "Short and unique in this partnership, e.g. SLA or OTD.",
                "weight": "Its share in the weighted score of its kind.",
                "entry_by": "Who may record values.",
                "visibility": "Private indicators and their values are never shown to the other party.",
            }))
        self.fields["owner_party"] = forms.ChoiceField(
            label="Owner party", help_text="The party responsible for it.",
            choices=[(p.pk, f"{p.organization.name} ({p.get_role_display().lower()})") for p in parties])
        for name in ("scope", "rollup"):  # a form (or a script) that leaves them out keeps what the indicator has
            self.fields[name].required = False
        self.fields["scope"].help_text = "Measured for the whole partnership, or per market or per site."
        self.fields["rollup"].help_text = "For a per-market indicator: how the markets make the partnership's value."
        for row in range(1, BAND_ROWS + 1):
            self.fields[f"band_{row}_low"] = forms.DecimalField(required=False, label=f"Band {row} low",
                                                                max_digits=20, decimal_places=6)
            self.fields[f"band_{row}_high"] = forms.DecimalField(required=False, label=f"Band {row} high",
                                                                 max_digits=20, decimal_places=6)
            self.fields[f"band_{row}_status"] = forms.ChoiceField(required=False, label=f"Band {row} status",
                                                                  choices=BAND_STATUS_CHOICES)
        for name in ("effective_from", "reason"):  # after the fields they date and explain
            self.fields[name] = self.fields.pop(name)
        if instance is None:  # a new indicator has no change to date or explain
            del self.fields["effective_from"], self.fields["reason"]

    def band_rows(self):
        return [(row, self[f"band_{row}_low"], self[f"band_{row}_high"], self[f"band_{row}_status"])
                for row in range(1, BAND_ROWS + 1)]

    def main_fields(self):
        return [field for field in self.visible_fields() if not field.name.startswith("band_")]

    def bands(self) -> list[dict]:
        """The filled band rows, in row order (a row with any value counts, so an incomplete one errors)."""
        rows = []
        for row in range(1, BAND_ROWS + 1):
            low, high, status = (self.cleaned_data.get(f"band_{row}_{part}") for part in ("low", "high", "status"))
            if low is None and high is None and not status:
                continue
            rows.append({"low": low, "high": high, "status": status or None, "row": row})
        return rows

    def service_fields(self) -> dict:
        data = {name: self.cleaned_data.get(name) for name in INDICATOR_FORM_FIELDS}
        for name in ("description", "unit", "data_source", "method"):
            data[name] = data[name] or ""
        data["bands"] = [{k: v for k, v in band.items() if k != "row"} for band in self.bands()]
        for name in ("scope", "rollup"):
            if not data[name]:
                del data[name]
        return data

    def change_fields(self) -> dict:
        """When and why a change of the score-moving fields applies (the edit form only)."""
        return {"effective_from": self.cleaned_data.get("effective_from"), "reason": self.cleaned_data.get("reason", "")}


class DeclineForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label="Why do you decline?")


class LibraryForm(forms.Form):
    codes = forms.MultipleChoiceField(
        choices=[(entry["code"], f"{entry['code']} — {entry['name']}") for entry in LIBRARY],
        widget=forms.CheckboxSelectMultiple, label="Indicators to add",
    )


class CopyForm(forms.Form):
    source = forms.TypedChoiceField(coerce=int, label="Copy the indicators of")

    def __init__(self, *args, partnerships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [("", "Choose a partnership")] + list(partnerships)
