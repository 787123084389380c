"""Forms of the markets pages: they parse; the services check and save."""

from django import forms

from .services import MARKET_FIELDS, SITE_FIELDS


class MarketForm(forms.Form):
    code = forms.CharField(max_length=20, help_text="Short and unique in this partnership, e.g. DE or DE-NORTH.")
    name = forms.CharField(max_length=200)
    country = forms.CharField(max_length=2, help_text="ISO 3166-1 alpha-2 code, e.g. DE.")
    currency = forms.CharField(max_length=3, help_text="ISO 4217 code, e.g. EUR.")
    region = forms.CharField(max_length=100, required=False, help_text="e.g. EMEA, APAC.")
    weight = forms.DecimalField(required=False, max_digits=18, decimal_places=4, min_value=0,
                                help_text="Its weight in weighted roll-ups (e.g. headcount or volume).")
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def service_fields(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in MARKET_FIELDS}


class SiteForm(forms.Form):
    code = forms.CharField(max_length=20, help_text="Short and unique in this partnership.")
    name = forms.CharField(max_length=200)
    market = forms.ChoiceField()
    address = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, markets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["market"].choices = [(m.code, f"{m.code} — {m.name}") for m in markets]

    def service_fields(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in SITE_FIELDS}


class PlacesImportForm(forms.Form):
    kind = forms.ChoiceField(choices=[("market", "Markets: code, name, country, currency, region, weight"),
                                      ("site", "Sites: code, name, market, address")], label="The file lists")
    file = forms.FileField(help_text="CSV (UTF-8) or XLSX, the first row naming the columns. All or nothing; "
                                     "rows are matched by code, so importing the same file again changes nothing.")
