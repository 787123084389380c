"""The visibility rule has one home: nothing outside ``partnerships/access.py`` (and the models'
queryset methods it calls) filters on ``visibility`` or ``owner_party``."""

import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[2]
FILTER = re.compile(r"(filter|exclude|Q)\([^)]*(visibility|owner_party)[a-z_]*=")
ALLOWED = {SRC / "partnerships" / "access.py"}


def _scanned():
    for path in sorted(SRC.rglob("*.py")):
        parts = set(path.relative_to(SRC).parts)
        if path in ALLOWED or path.name == "models.py" or parts & {"migrations", "tests"}:
            continue
        yield path


def test_no_module_outside_access_filters_on_visibility_or_owner_party():
    found = [f"{path.relative_to(SRC)}:{number}: {line.strip()}"
             for path in _scanned()
             for number, line in enumerate(path.read_text().splitlines(), start=1) if FILTER.search(line)]
    assert found == [], "filter through partnerships/access.py instead:\n" + "\n".join(found)


def test_the_scan_sees_what_it_looks_for():
    assert FILTER.search('Indicator.objects.filter(Q(visibility=Visibility.SHARED) | Q(owner_party_id__in=ids))')
    assert FILTER.search("notes.exclude(owner_party__organization=org)")
    assert len(list(_scanned())) > 50
