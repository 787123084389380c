from django import forms

_MONTH = {"type": "month", "placeholder": "YYYY-MM"}

# The fields are named as the query parameters, ``from`` and ``to`` (``from`` is a Python keyword,
# hence ``type()``), so the page's address is the API's and an error names the same field in both.
# ``selectors.review_range`` judges the months: the page and the API refuse the same ranges alike.
ReviewRangeForm = type("ReviewRangeForm", (forms.Form,), {
    "from": forms.CharField(label="From", max_length=20, required=False, widget=forms.TextInput(attrs=_MONTH)),
    "to": forms.CharField(label="To", max_length=20, required=False, widget=forms.TextInput(attrs=_MONTH)),
})
