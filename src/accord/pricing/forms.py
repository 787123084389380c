"""Forms only parse; the rules live in the services."""

from django import forms


class ServiceLineForm(forms.Form):
    code = forms.CharField(max_length=40)
    name = forms.CharField(max_length=200)
    unit = forms.CharField(max_length=40, help_text="e.g. hour, meal, visit")


class PricePointForm(forms.Form):
    service = forms.CharField(max_length=40, label="Service line code")
    market = forms.CharField(max_length=20, label="Market code")
    period = forms.CharField(max_length=10, label="Month", help_text="YYYY-MM")
    price = forms.CharField(max_length=30, help_text="In the market's currency")
    factor = forms.CharField(max_length=30, help_text="PPP conversion factor (LCU per international $)")
    factor_source = forms.CharField(max_length=200, required=False)


class PriceImportForm(forms.Form):
    file = forms.FileField(label="CSV file", help_text="Columns: service, market, period, price, currency, factor, "
                                                       "factor_source (currency and factor_source optional).")


class PricingSettingsForm(forms.Form):
    tolerance_percent = forms.CharField(max_length=10, label="Tolerance (± %)")
