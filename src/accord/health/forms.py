"""Forms of the health pages: they only parse; the rules are in the services."""

from django import forms

from accord.partnerships.models import Phase

from . import catalog


class RoundForm(forms.Form):
    template = forms.ChoiceField()
    title = forms.CharField(max_length=200)
    opens = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    closes = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    threshold = forms.IntegerField(min_value=1, initial=3, help_text="At least 3: fewer people per party and "
                                                                     "their results stay hidden.")

    def __init__(self, *args, copies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].choices = [(code, t["name"]) for code, t in catalog.TEMPLATES.items()] + [
            (copy.code, copy.name) for copy in copies]


class TemplateCopyForm(forms.Form):
    based_on = forms.ChoiceField(choices=[(code, t["name"]) for code, t in catalog.TEMPLATES.items()])
    name = forms.CharField(max_length=200, required=False)
    code = forms.CharField(max_length=40, label="Your question's code", help_text="e.g. site_visits")
    text = forms.CharField(max_length=300, label="Your question")
    anchor_1 = forms.CharField(max_length=300, label="What 1 looks like")
    anchor_2 = forms.CharField(max_length=300, label="What 2 looks like")
    anchor_3 = forms.CharField(max_length=300, label="What 3 looks like")
    anchor_4 = forms.CharField(max_length=300, label="What 4 looks like")
    anchor_5 = forms.CharField(max_length=300, label="What 5 looks like")


class AnswerForm(forms.Form):
    """One choice per question (1–5 with each level's anchor, or 0–10), and the two free texts."""

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            low, high = catalog.SCALES[question["scale"]]
            if question["scale"] == catalog.SCALE_1_5:
                choices = [(level, f"{level} — {anchor}") for level, anchor in zip(range(low, high + 1),
                                                                                    question["anchors"], strict=False)]
            else:
                ends = {low: f"{low} — {question['anchors'][0].split('—')[-1].strip()}",
                        high: f"{high} — {question['anchors'][-1].split('—')[-1].strip()}"} \
                    if len(question["anchors"]) >= 2 else {}
                choices = [(level, ends.get(level, str(level))) for level in range(low, high + 1)]
            self.fields[f"q_{question['code']}"] = forms.TypedChoiceField(
                label=question["text"], choices=choices, coerce=int, widget=forms.RadioSelect)
        for key, label in catalog.FREE_TEXT.items():
            self.fields[f"c_{key}"] = forms.CharField(label=label, required=False, max_length=2000,
                                                      widget=forms.Textarea(attrs={"rows": 3}))

    def answers(self) -> dict:
        return {q["code"]: self.cleaned_data[f"q_{q['code']}"] for q in self.questions}

    def comments(self) -> dict:
        return {key: self.cleaned_data[f"c_{key}"] for key in catalog.FREE_TEXT}


class PhaseMoveForm(forms.Form):
    phase = forms.ChoiceField(choices=Phase.choices)
    reason = forms.CharField(required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2}),
                             help_text="Needed when criteria for moving on are not met.")


class HealthSettingsForm(forms.Form):
    operational_weight = forms.DecimalField(min_value=0, max_value=100, decimal_places=2)
    relationship_weight = forms.DecimalField(min_value=0, max_value=100, decimal_places=2)
    behavioural_weight = forms.DecimalField(min_value=0, max_value=100, decimal_places=2)
    gap_alert = forms.DecimalField(decimal_places=2, label="Flag perception gaps from")
    low_score_alert = forms.DecimalField(decimal_places=2, label="Flag party means below")


class SurveyActionForm(forms.Form):
    code = forms.CharField(widget=forms.HiddenInput)
    kind = forms.CharField(widget=forms.HiddenInput)
    owner = forms.ChoiceField(label="Who acts")
    due_date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [(f"{party_id}:{user_id}", name) for party_id, user_id, name in people]
