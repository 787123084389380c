"""Forms only parse input; the rules live in the services, so the pages and the API agree."""

from django import forms

from .models import MeetingKind


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"


class MeetingForm(forms.Form):
    """An extra meeting of a body (extraordinary by default)."""

    body = forms.TypedChoiceField(coerce=int, choices=())
    kind = forms.ChoiceField(choices=MeetingKind.choices, initial=MeetingKind.EXTRAORDINARY)
    starts_at = forms.DateTimeField(widget=DateTimeInput, label="Starts")
    location = forms.CharField(max_length=200, required=False)

    def __init__(self, *args, bodies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].choices = [(body.pk, body.name) for body in bodies]


class MeetingMoveForm(forms.Form):
    starts_at = forms.DateTimeField(widget=DateTimeInput, label="Starts")
    ends_at = forms.DateTimeField(widget=DateTimeInput, label="Ends")
    location = forms.CharField(max_length=200, required=False)
