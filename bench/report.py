"""One line per figure, collected by `make bench` into bench/results.md.

A benchmark calls `record()` for each figure it prints, beside its own print:

    from report import record
    record("case page", figure=0.0123, baseline=0.0081, unit="s",
           baseline_name="plain query, minimal template")

`record` appends a JSON line to the file named by BENCH_RESULTS (set by `bench/all.py`
for each engine's run); without it, nothing is written and the benchmark only prints.
Smaller is better for seconds and bytes; say `higher_is_better=True` for rates.
"""

import json
import os
import sys
from pathlib import Path


def record(
    name: str,
    *,
    figure: float,
    baseline: float | None,
    unit: str,
    baseline_name: str = "",
    higher_is_better: bool = False,
    note: str = "",
) -> None:
    """Record one figure and its baseline (measured in the same run)."""
    target = os.environ.get("BENCH_RESULTS")
    if not target:
        return
    from django.db import connection

    line = {
        "benchmark": Path(sys.argv[0]).stem,
        "engine": connection.vendor,
        "name": name,
        "figure": figure,
        "baseline": baseline,
        "ratio": (figure / baseline) if baseline else None,
        "unit": unit,
        "baseline_name": baseline_name,
        "higher_is_better": higher_is_better,
        "note": note,
    }
    with open(target, "a", encoding="utf-8") as results:
        results.write(json.dumps(line) + "\n")
