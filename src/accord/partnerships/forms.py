from django import forms

from accord.core.forms import DateInput, model_fields_form

from .models import (
    EngagementType,
    Partnership,
    PartyMemberRole,
    PartyRole,
    Phase,
    Status,
    Visibility,
)


class PartnershipForm(model_fields_form(
    Partnership, ["name", "description", "engagement_type", "status", "start_date", "end_date"],
    widgets={"start_date": DateInput, "end_date": DateInput, "description": forms.Textarea(attrs={"rows": 4})},
    help_texts={
        "engagement_type": "A strategic partnership needs both sides willing to share power and control.",
        "status": "Active only once at least two parties have accepted.",
    },
)):
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)


class PartnershipCreateForm(PartnershipForm):
    role = forms.ChoiceField(choices=PartyRole.choices, label="Your organization's role",
                             initial=PartyRole.CLIENT)
    field_order = ["name", "role"]


class PartyInviteForm(forms.Form):
    # Two ways to name the other organization, never a list of them: the server's tenants are nobody's directory.
    organization_name = forms.CharField(
        max_length=200, required=False, label="Organization's exact name",
        help_text="If it is already on Accord. Capitals do not matter; spelling does.",
    )
    email = forms.EmailField(
        required=False, label="…or the e-mail address of its admin",
        help_text="If they are not on Accord yet, the mail has a link to create their organization.",
    )
    role = forms.ChoiceField(choices=PartyRole.choices, initial=PartyRole.PROVIDER, label="Their role")


class PartyJoinForm(forms.Form):
    organization_name = forms.CharField(max_length=200, label="Your organization's name")
    first_name = forms.CharField(max_length=150, required=False)
    last_name = forms.CharField(max_length=150, required=False)
    username = forms.CharField(max_length=150)
    password = forms.CharField(widget=forms.PasswordInput, help_text="At least 8 characters, not only digits.")


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
