"""Forms of the escalation ladder: they only parse; the rules live in ``ladder.py``."""

from django import forms

from .escalation_models import ConcernType, EscalationCategory, EscalationLevel, EscalationSeverity


class EscalationForm(forms.Form):
    category = forms.ChoiceField(choices=EscalationCategory.choices)
    severity = forms.ChoiceField(choices=EscalationSeverity.choices, initial=EscalationSeverity.MEDIUM)
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=10_000,
                                  help_text="What is wrong, since when, and what you expect.")
    concerns_type = forms.ChoiceField(choices=[("", "Nothing in particular"), *ConcernType.choices], required=False,
                                      label="It concerns")
    concerns_id = forms.CharField(max_length=64, required=False, label="Which one",
                                  help_text="The indicator, deliverable or statement number, or the term's name.")


class RespondForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=10_000, label="Response",
                           help_text="A proposal, what was agreed to try, mediation notes.")


class EscalateForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), max_length=10_000, required=False,
                           label="Why it goes up a level")


class ResolveForm(forms.Form):
    resolution = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=10_000)
    agreed_by = forms.TypedMultipleChoiceField(coerce=int, widget=forms.CheckboxSelectMultiple,
                                               label="Agreed by (at least one person of each party)")

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agreed_by"].choices = [
            (member.user_id, f"{member.user.get_full_name() or member.user.username} ({member.party.organization.name})")
            for member in people]


class TargetsForm(forms.Form):
    feed_indicators = forms.BooleanField(
        required=False, label="Feed the relationship indicators",
        help_text="Record, each month, the share of escalations answered within target and each party's actions "
                  "done on time as relationship indicators (created from the library the first time).")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for level in EscalationLevel:
            for what in ("respond", "resolve"):
                self.fields[f"{level.value}_{what}_days"] = forms.IntegerField(
                    min_value=1, max_value=250, label=f"{level.label}: days to {what}")
        self.order_fields([name for name in self.fields if name != "feed_indicators"] + ["feed_indicators"])
