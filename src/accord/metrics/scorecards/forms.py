"""Forms only parse input; the rules live in ``services``."""

from django import forms


class ScorecardSettingsForm(forms.Form):
    green_at = forms.DecimalField(label="Green at a score of at least", max_digits=20, decimal_places=6)
    amber_at = forms.DecimalField(label="Amber at a score of at least", max_digits=20, decimal_places=6,
                                  help_text="Below this the scorecard is red. A CPI in red is a critical breach whatever the score.")


class ScorecardCommentForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Comment")
    visibility = forms.ChoiceField(choices=[("shared", "Shared commentary (both parties read it)"),
                                           ("private", "Private note (only our party)")], initial="shared")
