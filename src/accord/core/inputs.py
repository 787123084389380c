"""What a request may carry: one check for every API body, query string and URL id.

The API's JSON parser and the request middleware call these, so every route gets the same
limits without a line of its own. A value that breaks a rule raises ``InputRejected`` naming
the field (a dotted path into the body: ``items.3.comment``), and the API answers 400 with the
usual error body; nothing has been written at that point.

- Text: no NUL characters (PostgreSQL cannot store them; they hide text from people) and no
  lone surrogates (``"\\ud800"`` is valid JSON but not text: it cannot be encoded as UTF-8).
- Numbers: finite (no ``NaN``/``Infinity``, no ``1e999999`` that overflows to infinity, no
  ``1e-999999`` that silently underflows to zero) and integers within a signed 64-bit range,
  the widest integer column on SQLite and PostgreSQL.
- Structure: nested at most ``MAX_DEPTH`` levels.
"""

import json
import re

# The widest integer column (SQLite INTEGER, PostgreSQL bigint): anything beyond cannot be an id
# or a count, and handing it to the database driver raises OverflowError.
LARGEST_INTEGER = 2**63 - 1
MAX_DEPTH = 32
_NONZERO_DIGIT = re.compile(r"[1-9]")


class InputRejected(Exception):
    """A request value breaks one of the limits above; ``field`` names where it is."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class _BadNumber:
    """A number that JSON allows but no field can hold; reported with its path by ``check``."""

    def __init__(self, literal: str):
        self.literal = literal


def _parse_float(literal: str):
    value = float(literal)
    if value in (float("inf"), float("-inf")) or (value == 0 and _NONZERO_DIGIT.search(literal.split("e")[0].split("E")[0])):
        return _BadNumber(literal)
    return value


def _parse_int(literal: str):
    # Python refuses to convert very long digit strings (and they cannot fit anyway).
    return _BadNumber(literal) if len(literal.lstrip("-")) > 19 else int(literal)


def decode_json(body: bytes):
    """The decoded JSON body, or ``InputRejected`` naming the first value that breaks a limit."""
    try:
        data = json.loads(body, parse_float=_parse_float, parse_int=_parse_int, parse_constant=_BadNumber)
    except RecursionError:
        raise InputRejected("__all__", f"The JSON is nested too deeply (at most {MAX_DEPTH} levels).") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise InputRejected("__all__", f"The body is not valid JSON ({exc}).") from None
    check(data)
    return data


def check(value, path: tuple = (), depth: int = 0) -> None:
    """Walk a decoded value; raise ``InputRejected`` at the first text, number or nesting out of bounds."""
    field = ".".join(str(part) for part in path) or "__all__"
    if depth > MAX_DEPTH:
        raise InputRejected(field, f"Nested too deeply (at most {MAX_DEPTH} levels).")
    if isinstance(value, str):
        check_text(field, value)
    elif isinstance(value, _BadNumber):
        raise InputRejected(field, "Numbers must be finite and within range.")
    elif isinstance(value, int) and not isinstance(value, bool):
        check_integer(field, value)
    elif isinstance(value, dict):
        for key, item in value.items():
            check_text(".".join(str(part) for part in (*path, key)), key)
            check(item, (*path, key), depth + 1)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            check(item, (*path, index), depth + 1)


def check_text(field: str, text: str) -> None:
    if "\x00" in text:
        raise InputRejected(field, "Text must not contain NUL characters.")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise InputRejected(field, "Text contains an invalid character (a lone surrogate).") from None


def check_integer(field: str, value: int) -> None:
    if not -LARGEST_INTEGER <= value <= LARGEST_INTEGER:
        raise InputRejected(field, f"Must be between {-LARGEST_INTEGER} and {LARGEST_INTEGER}.")


def check_integer_text(field: str, text: str) -> None:
    """An integer written in a query string must fit the database (other text is the schema's business)."""
    if not integer_in_range(text):
        raise InputRejected(field, f"Must be between {-LARGEST_INTEGER} and {LARGEST_INTEGER}.")


def integer_in_range(text: str) -> bool:
    """Whether an integer written in a URL or query string fits the database (non-integers pass)."""
    text = text.strip()
    if not re.fullmatch(r"[+-]?\d+", text):
        return True
    digits = text.lstrip("+-").lstrip("0")
    return len(digits) <= 19 and -LARGEST_INTEGER <= int(text) <= LARGEST_INTEGER
