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


class AgendaItemForm(forms.Form):
    title = forms.CharField(max_length=300, label="Agenda item")


class MinuteForm(forms.Form):
    """Minutes or a decision, on an agenda item or the meeting at large."""

    agenda_item = forms.TypedChoiceField(coerce=int, required=False, empty_value=None, label="On item")
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].choices = [("", "The meeting at large"), *[(i.pk, i.title[:80]) for i in items]]


class ActionForm(forms.Form):
    """An action for a person of one of the parties (``owner`` is "party id:user id")."""

    title = forms.CharField(max_length=300)
    owner = forms.ChoiceField(label="Who")
    due_date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), label="Due")

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [
            (f"{party.pk}:{user.pk}", f"{user.get_full_name() or user.username} ({party.organization.name})")
            for party, user in people]

    def service_fields(self) -> dict:
        party, user = (int(part) for part in self.cleaned_data["owner"].split(":"))
        return {"title": self.cleaned_data["title"], "owner": user, "owner_party": party,
                "due_date": self.cleaned_data["due_date"]}


class AttendanceForm(forms.Form):
    """One choice per person named on the parties; people left blank are not recorded."""

    def __init__(self, *args, people=(), current=None, **kwargs):
        from .models import AttendanceStatus

        super().__init__(*args, **kwargs)
        current = current or {}
        self.people = list(people)
        for member in self.people:
            self.fields[f"person_{member.user_id}"] = forms.ChoiceField(
                choices=[("", "—"), *AttendanceStatus.choices], required=False, initial=current.get(member.user_id, ""),
                label=f"{member.user.get_full_name() or member.user.username} ({member.party.organization.name})")

    def entries(self) -> list[dict]:
        return [{"user": member.user_id, "status": self.cleaned_data[f"person_{member.user_id}"]}
                for member in self.people if self.cleaned_data.get(f"person_{member.user_id}")]
