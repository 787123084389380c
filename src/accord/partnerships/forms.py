from django import forms

from .models import (
    EngagementType,
    Partnership,
    PartyMemberRole,
    PartyRole,
    Phase,
    Status,
    Visibility,
)


class DateInput(forms.DateInput):
    input_type = "date"


class PartnershipForm(forms.ModelForm):
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Partnership
        fields = ["name", "description", "engagement_type", "phase", "status", "start_date", "end_date"]
        widgets = {"start_date": DateInput, "end_date": DateInput, "description": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "engagement_type": "A strategic partnership needs both sides willing to share power and control.",
            "status": "Active only once at least two parties have accepted.",
        }

    def _post_clean(self):
        # Validation of the model is the service's job; the form only parses input.
        pass


class PartnershipCreateForm(PartnershipForm):
    role = forms.ChoiceField(choices=PartyRole.choices, label="Your organization's role",
                             initial=PartyRole.CLIENT)

    class Meta(PartnershipForm.Meta):
        fields = ["name", "role", "description", "engagement_type", "phase", "status", "start_date", "end_date"]


class PartyInviteForm(forms.Form):
    organization = forms.ModelChoiceField(queryset=None, empty_label="Choose an organization")
    role = forms.ChoiceField(choices=PartyRole.choices, initial=PartyRole.PROVIDER)

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations


class PartyMemberForm(forms.Form):
    user = forms.ModelChoiceField(queryset=None, empty_label="Choose a person", label="Person")
    role = forms.ChoiceField(choices=PartyMemberRole.choices)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = people
        self.fields["user"].label_from_instance = lambda u: u.get_full_name() or u.username


class NoteForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Note")
    visibility = forms.ChoiceField(choices=Visibility.choices, initial=Visibility.PRIVATE,
                                   widget=forms.RadioSelect)
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)


__all__ = ["EngagementType", "Phase", "Status"]
