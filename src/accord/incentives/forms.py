"""The financial model's form: it only turns fields into the model JSON (the API's contract) and back.

Every rule lives in ``validation.parse_model`` (through ``services.model_update``), so a page and the API
accept and refuse the same models. Each field is named after its place in the JSON (``at_risk.percent`` is
``at_risk__percent``, ``at_risk.allocations[0].share`` is ``at_risk__allocations__0__share``), so the
validation's message for a path lands beside the field it names.
"""

import re

from django import forms

from accord.core.forms import DateInput

from .calculations import CURRENCY_MINOR_UNITS
from .validation import MAX_ALLOCATIONS, MAX_BANDS

BASE_FEE_KINDS = [("", "No base fee"), ("fixed", "Fixed amount"), ("cost_plus", "Cost plus a return")]
MODES = [("red", "red: all forfeited when red"), ("graded", "graded: half when amber, all when red")]
MIN_ALLOCATION_ROWS, MIN_BAND_ROWS = 3, 3

# (section, field, label, help) of the plain decimal fields, in the order the form shows them.
DECIMALS = [
    ("base_fee", "amount", "Fixed fee per period", ""),
    ("base_fee", "return_percent", "Return (% of cost)", "Cost plus: a percentage or an amount, one of them."),
    ("base_fee", "return_amount", "Return (amount)", ""),
    ("at_risk", "percent", "Money at risk (% of the base fee)", "Leave empty for no money at risk."),
    ("bonus", "floor_score", "Bonus floor score", "No bonus at or below it. Leave the three empty for no bonus."),
    ("bonus", "stretch_score", "Bonus stretch score", "The full bonus from this score."),
    ("bonus", "cap_percent", "Bonus cap (% of the base fee)", ""),
    ("cpi_penalty", "amount", "Penalty per CPI in red (amount)", "An amount or a percentage, one of them."),
    ("cpi_penalty", "percent", "Penalty per CPI in red (% of the base fee)", ""),
    ("gainshare", "baseline", "Gainshare baseline", "Savings = baseline − the KFI's actual."),
    ("gainshare", "provider_share_percent", "Provider's share of savings (%)", "Or give bands below."),
    ("gainshare", "pain_cap", "Painshare cap (amount)", "Optional: the most an overrun costs the provider."),
    ("revenue_share", "provider_percent", "Provider's share of revenue (%)",
     "Empty: the provider's share in the agreement in force."),
    ("innovation", "percent", "Innovation incentive (% of a validated value)", "Leave empty for none."),
    ("caps", "max_deduction_percent", "Deductions at most (% of the base fee)", "Forfeits and CPI penalties."),
    ("caps", "max_bonus_percent", "Bonuses at most (% of the base fee)", "Bonus and innovation."),
]
INDICATORS = [("base_fee", "cost_indicator", "Cost KFI", "kfi"), ("gainshare", "indicator", "Gainshare KFI", "kfi"),
              ("revenue_share", "indicator", "Revenue KFI", "kfi")]
SECTION_FIELDS = {"base_fee": ("kind", "amount", "cost_indicator", "return_percent", "return_amount"),
                  "at_risk": ("percent", "earn_back_periods"), "bonus": ("floor_score", "stretch_score", "cap_percent"),
                  "cpi_penalty": ("amount", "percent"),
                  "gainshare": ("indicator", "baseline", "provider_share_percent", "pain_cap"),
                  "revenue_share": ("indicator", "provider_percent"), "innovation": ("percent",),
                  "caps": ("max_deduction_percent", "max_bonus_percent")}


def field_name(path: str) -> str:
    """``at_risk.allocations[0].share`` → ``at_risk__allocations__0__share``."""
    return re.sub(r"\[(\d+)\]", r"__\1", path).replace(".", "__")


def _text(label, help_text="", **attrs):
    return forms.CharField(label=label, required=False, help_text=help_text, strip=True,
                           widget=forms.TextInput(attrs={"inputmode": "decimal", **attrs}))


class FinancialModelForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    currency = forms.ChoiceField(label="Currency", choices=[("", "—")] + [(c, c) for c in sorted(CURRENCY_MINOR_UNITS)],
                                 required=False)
    applies_from = forms.DateField(label="Applies from (month)", required=False, widget=DateInput,
                                   help_text="The first month the model applies to.")
    base_fee__kind = forms.ChoiceField(label="Base fee", choices=BASE_FEE_KINDS, required=False)
    at_risk__earn_back_periods = forms.CharField(
        label="Earn-back periods", required=False, widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        help_text="A forfeit comes back when the indicator is green in each of the next N periods (0: none).")

    def __init__(self, *args, indicators: dict[str, str], allocation_rows: int = MIN_ALLOCATION_ROWS,
                 band_rows: int = MIN_BAND_ROWS, **kwargs):
        """``indicators``: ``{code: kind}`` of the shared agreed indicators the model may name."""
        super().__init__(*args, **kwargs)
        for section, name, label, help_text in DECIMALS:
            self.fields[f"{section}__{name}"] = _text(label, help_text)
        for section, name, label, kind in INDICATORS:
            self.fields[f"{section}__{name}"] = self._indicator_field(label, indicators, (kind,))
        self.allocation_rows, self.band_rows = allocation_rows, band_rows
        for i in range(allocation_rows):
            prefix = f"at_risk__allocations__{i}__"
            self.fields[prefix + "indicator"] = self._indicator_field(f"Allocation {i + 1}: indicator", indicators,
                                                                      ("cpi", "kpi"))
            self.fields[prefix + "share"] = _text(f"Allocation {i + 1}: share (%)")
            self.fields[prefix + "mode"] = forms.ChoiceField(label=f"Allocation {i + 1}: mode", choices=MODES,
                                                             required=False)
        for i in range(band_rows):
            prefix = f"gainshare__bands__{i}__"
            self.fields[prefix + "provider_share_percent"] = _text(f"Band {i + 1}: provider's share (%)")
            self.fields[prefix + "up_to_percent"] = _text(f"Band {i + 1}: up to (% of baseline)",
                                                          "Empty on the last band: beyond.")

    @staticmethod
    def _indicator_field(label, indicators, kinds):
        choices = [("", "—")] + [(code, f"{code} ({kind.upper()})") for code, kind in sorted(indicators.items())
                                 if kind in kinds]
        return forms.ChoiceField(label=label, choices=choices, required=False)

    @classmethod
    def initial_from(cls, version) -> dict:
        """The form's initial values from a version's terms (the inverse of ``terms``)."""
        terms = version.terms or {}
        initial = {"revision": version.revision, "currency": version.currency, "applies_from": version.applies_from}
        for section, names in SECTION_FIELDS.items():
            data = terms.get(section) or {}
            for name in names:
                if data.get(name) not in (None, ""):
                    initial[f"{section}__{name}"] = data[name]
        for i, item in enumerate((terms.get("at_risk") or {}).get("allocations") or []):
            for name in ("indicator", "share", "mode"):
                initial[f"at_risk__allocations__{i}__{name}"] = item.get(name)
        for i, item in enumerate((terms.get("gainshare") or {}).get("bands") or []):
            for name in ("provider_share_percent", "up_to_percent"):
                initial[f"gainshare__bands__{i}__{name}"] = item.get(name)
        return initial

    @staticmethod
    def rows_for(terms: dict, data=None) -> dict:
        """How many allocation and band rows to show: the model's, plus room for more."""
        allocations = len((terms.get("at_risk") or {}).get("allocations") or [])
        bands = len((terms.get("gainshare") or {}).get("bands") or [])
        if data is not None:  # a posted form keeps the rows it was shown with
            allocations = max(allocations, _posted_rows(data, "at_risk__allocations__") - 1)
            bands = max(bands, _posted_rows(data, "gainshare__bands__") - 1)
        # Never more rows than the validation accepts (plus one to show it): a posted row number cannot make
        # the form build a million fields.
        return {"allocation_rows": min(MAX_ALLOCATIONS + 1, max(MIN_ALLOCATION_ROWS, allocations + 1)),
                "band_rows": min(MAX_BANDS + 1, max(MIN_BAND_ROWS, bands + 1))}

    def terms(self) -> dict:
        """The model JSON the fields describe: a section is included when any of its fields is filled."""
        data = self.cleaned_data
        terms = {"currency": data.get("currency") or None,
                 "applies_from": data["applies_from"].isoformat() if data.get("applies_from") else None}
        for section, names in SECTION_FIELDS.items():
            values = {name: data.get(f"{section}__{name}") for name in names}
            values = {name: value for name, value in values.items() if value not in (None, "")}
            if section == "at_risk":
                allocations = self._rows("at_risk__allocations", self.allocation_rows, ("indicator", "share"),
                                         ("indicator", "share", "mode"))
                if allocations:
                    values["allocations"] = allocations
                if "earn_back_periods" in values and values["earn_back_periods"].isdigit():
                    values["earn_back_periods"] = int(values["earn_back_periods"])
            if section == "gainshare":
                bands = self._rows("gainshare__bands", self.band_rows, ("provider_share_percent", "up_to_percent"),
                                   ("provider_share_percent", "up_to_percent"))
                if bands:
                    values["bands"] = bands
                    values.pop("provider_share_percent", None)
            if section == "revenue_share" and "indicator" in values:
                values.setdefault("provider_percent", None)  # the service fills it from the agreement
            if values:
                terms[section] = values
        return terms

    def _rows(self, prefix, count, filled_by, names) -> list[dict]:
        rows = []
        for i in range(count):
            row = {name: self.cleaned_data.get(f"{prefix}__{i}__{name}") for name in names}
            if any(row.get(name) not in (None, "") for name in filled_by):
                rows.append({name: value for name, value in row.items() if value not in (None, "")})
        return rows

    def add_model_errors(self, error) -> None:
        """The validation's messages, each beside the field its path names; a path without a field of its own
        (a section, the list of allocations) goes above the form, naming the path, so nothing is lost."""
        for path, messages in error.message_dict.items():
            name = field_name(path)
            if name in self.fields:
                self.add_error(name, messages)
            else:
                self.add_error(None, messages if path == "__all__" else [f"{path}: {m}" for m in messages])

    @property
    def sections(self) -> dict[str, list]:
        """Each section's own fields (bound), for the template."""
        return {section: [self[f"{section}__{name}"] for name in names if f"{section}__{name}" in self.fields]
                for section, names in SECTION_FIELDS.items()}

    def allocation_fields(self) -> list[list]:
        return [[self[f"at_risk__allocations__{i}__{name}"] for name in ("indicator", "share", "mode")]
                for i in range(self.allocation_rows)]

    def band_fields(self) -> list[list]:
        return [[self[f"gainshare__bands__{i}__{name}"] for name in ("provider_share_percent", "up_to_percent")]
                for i in range(self.band_rows)]


def _posted_rows(data, prefix) -> int:
    numbers = [int(match.group(1)) for key in data if (match := re.match(re.escape(prefix) + r"(\d+)__", key))]
    return max(numbers, default=-1) + 1
