"""The currencies Accord supports: one list for every app (incentive amounts, market currencies).

ISO 4217 codes with their minor units. A currency outside this list is refused (400) rather than
guessed: a wrong minor unit would round every amount wrongly.
"""

CURRENCY_MINOR_UNITS = {
    "AUD": 2, "BHD": 3, "BRL": 2, "CAD": 2, "CHF": 2, "CLP": 0, "CNY": 2, "CZK": 2, "DKK": 2,
    "EUR": 2, "GBP": 2, "HKD": 2, "HUF": 2, "INR": 2, "ISK": 0, "JOD": 3, "JPY": 0, "KRW": 0,
    "KWD": 3, "MXN": 2, "NOK": 2, "NZD": 2, "OMR": 3, "PLN": 2, "SEK": 2, "SGD": 2, "TND": 3,
    "USD": 2, "ZAR": 2,
}


def currency_problem(code: str) -> str:
    """Why ``code`` is not a supported currency, or ``""``."""
    if code in CURRENCY_MINOR_UNITS:
        return ""
    return f"Unknown currency {code!r}: use one of {', '.join(sorted(CURRENCY_MINOR_UNITS))}."
