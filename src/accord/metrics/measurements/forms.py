"""Forms only parse input; the rules live in ``services``."""

from django import forms


class MeasurementImportForm(forms.Form):
    file = forms.FileField(label="CSV or XLSX file",
                           help_text="Columns: indicator, period, value, and optionally comment and partnership.")
    dry_run = forms.BooleanField(label="Only check the file (import nothing)", required=False)
