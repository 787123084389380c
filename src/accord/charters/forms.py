"""Forms only parse input; the rules live in ``services``."""

from django import forms

from accord.core.forms import DateInput

from .calculations import parse_values_text
from .templates_library import FIELD_GUIDANCE, TEMPLATES


class CharterVersionForm(forms.Form):
    tagline = forms.CharField(required=False, max_length=120, help_text=FIELD_GUIDANCE["tagline"])
    purpose = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=FIELD_GUIDANCE["purpose"])
    vision = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=FIELD_GUIDANCE["vision"])
    vision_horizon = forms.DateField(required=False, widget=DateInput, label="Vision by when",
                                     help_text=FIELD_GUIDANCE["vision_horizon"])
    mission = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=FIELD_GUIDANCE["mission"])
    values = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 6}),
                             label="Values (guiding principles)", help_text=FIELD_GUIDANCE["values"])
    card_purpose = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}),
                                   label="Purpose on the card", help_text=FIELD_GUIDANCE["card"])
    card_vision = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}),
                                  label="Vision on the card")
    card_mission = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}),
                                   label="Mission on the card")
    card_values = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}),
                                  label="Values on the card", help_text=FIELD_GUIDANCE["card_values"])
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    CARD_FIELDS = ("card_purpose", "card_vision", "card_mission", "card_values")

    def charter_fields(self):
        return [field for field in self.visible_fields() if field.name not in self.CARD_FIELDS]

    def card_fields(self):
        return [self[name] for name in self.CARD_FIELDS]

    def _parsed_values(self, name):
        values, errors = parse_values_text(self.cleaned_data.get(name, ""))
        if errors:
            raise forms.ValidationError(errors)
        return values

    def clean_values(self):
        return self._parsed_values("values")

    def clean_card_values(self):
        return self._parsed_values("card_values")


SOURCE_CHOICES = [
    ("empty", "An empty draft"),
    ("template", "A charter template"),
    ("copy_from", "The charter of another of our partnerships"),
    ("from_version", "A version of this charter"),
]


class NewDraftForm(forms.Form):
    source = forms.ChoiceField(choices=SOURCE_CHOICES, widget=forms.RadioSelect, initial="empty",
                               label="Start from")
    template = forms.ChoiceField(required=False, label="Template",
                                 choices=[("", "Choose a template")] + [(t.slug, f"{t.name} — {t.summary}")
                                                                       for t in TEMPLATES])
    copy_from = forms.ModelChoiceField(queryset=None, required=False, label="Partnership to copy from",
                                       empty_label="Choose a partnership")
    from_version = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, label="Version",
                                          choices=[])

    def __init__(self, *args, partnerships, versions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["copy_from"].queryset = partnerships
        self.fields["from_version"].choices = [("", "Choose a version")] + [
            (v.number, f"Version {v.number} — {v.get_status_display().lower()}") for v in versions]

    def clean(self):
        data = super().clean()
        source = data.get("source")
        if source in ("template", "copy_from", "from_version") and not data.get(source):
            self.add_error(source, "Choose what to start from.")
        return data

    def source_arguments(self) -> dict:
        source = self.cleaned_data["source"]
        if source == "copy_from":
            return {"copy_from": self.cleaned_data["copy_from"].pk}
        if source in ("template", "from_version"):
            return {source: self.cleaned_data[source]}
        return {}


class ReviewCadenceForm(forms.Form):
    purpose_values_review_months = forms.IntegerField(min_value=1, max_value=60,
                                                      label="Purpose and values: review every (months)")
    mission_vision_review_months = forms.IntegerField(min_value=1, max_value=60,
                                                      label="Mission and vision: review every (months)",
                                                      help_text=FIELD_GUIDANCE["review"])
