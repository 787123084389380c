"""Forms only parse input; the rules live in ``services``."""

from django import forms

from accord.metrics.models import Indicator
from accord.partnerships.forms import DateInput

from .library import LIBRARY

BAND_ROWS = 5
BAND_STATUS_CHOICES = [("", "—"), ("green", "Green"), ("amber", "Amber"), ("red", "Red")]


class IndicatorForm(forms.ModelForm):
    """All indicator fields, plus up to five band rows (low, high, status)."""

    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    owner_party = forms.ChoiceField(label="Owner party", help_text="The party responsible for it.")
    effective_from = forms.DateField(
        required=False, widget=DateInput, label="Change applies from",
        help_text="For a change of what moves the score: the first day of a month (default this month). "
                  "On a shared indicator it is proposed to the other party and applies once accepted.")
    reason = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), label="Reason for the change")

    class Meta:
        model = Indicator
        fields = ["code", "name", "kind", "description", "unit", "direction", "target", "baseline", "stretch",
                  "frequency", "aggregation", "weight", "owner_party", "entry_by", "visibility", "data_source",
                  "method", "active_from", "active_to"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2}), "method": forms.Textarea(attrs={"rows": 2}),
                   "active_from": DateInput, "active_to": DateInput}
        help_texts = {
            "code": "Short and unique in this partnership, e.g. SLA or OTD.",
            "weight": "Its share in the weighted score of its kind.",
            "entry_by": "Who may record values.",
            "visibility": "Private indicators and their values are never shown to the other party.",
        }

    def __init__(self, *args, parties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_party"].choices = [(p.pk, f"{p.organization.name} ({p.get_role_display().lower()})")
                                              for p in parties]
        for row in range(1, BAND_ROWS + 1):
            self.fields[f"band_{row}_low"] = forms.DecimalField(required=False, label=f"Band {row} low",
                                                                max_digits=20, decimal_places=6)
            self.fields[f"band_{row}_high"] = forms.DecimalField(required=False, label=f"Band {row} high",
                                                                 max_digits=20, decimal_places=6)
            self.fields[f"band_{row}_status"] = forms.ChoiceField(required=False, label=f"Band {row} status",
                                                                  choices=BAND_STATUS_CHOICES)
        if not self.instance.pk:
            del self.fields["effective_from"], self.fields["reason"]
        if self.instance.pk and not self.is_bound:
            self.initial["owner_party"] = self.instance.owner_party_id
            for row, band in enumerate(self.instance.bands or [], start=1):
                self.initial[f"band_{row}_low"] = band.get("low")
                self.initial[f"band_{row}_high"] = band.get("high")
                self.initial[f"band_{row}_status"] = band.get("status")

    def _post_clean(self):
        pass  # the service validates the indicator

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
        data = {name: self.cleaned_data.get(name) for name in self.Meta.fields}
        for name in ("description", "unit", "data_source", "method"):
            data[name] = data[name] or ""
        data["bands"] = [{k: v for k, v in band.items() if k != "row"} for band in self.bands()]
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
