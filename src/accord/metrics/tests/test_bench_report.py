"""``docs/performance.md`` shows the figures of ``bench/results.json``: one run, one source."""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[4]
sys.path.insert(0, str(ROOT / "bench"))

import report  # noqa: E402


def test_the_performance_doc_is_generated_from_the_results_file():
    results = json.loads((ROOT / "bench" / "results.json").read_text())
    assert report.section(results) in (ROOT / "docs" / "performance.md").read_text()


def test_the_section_names_every_figure_and_the_goals_not_met():
    results = {"run": {"date": "2026-01-01 00:00 UTC", "seconds": 100, "postgresql": False,
                       "machine": {"nproc": 2, "python": "3.11", "sqlite": "3.40", "platform": "Linux"}},
               "figures": [{"figure": "Import", "value": 120000, "unit": "rows/s", "floor": None, "ratio": None,
                            "goal": "≥ 100,000 rows/s", "met": True},
                           {"figure": "Portfolio", "value": 1398, "unit": "ms", "floor": 138, "ratio": 10.2,
                            "goal": "< 1 s", "met": False}]}
    text = report.section(results)
    assert "| Import | 120,000 | rows/s | — | — | ≥ 100,000 rows/s | yes |" in text
    assert "Goals met: 1 of 2 — not met: Portfolio." in text
