"""bench/all.py (`make bench`): which scripts it finds, the table it writes, and a run of
two stand-in scripts (no real benchmark, no Django, no database)."""

import importlib.util
import json
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def bench_all():
    spec = importlib.util.spec_from_file_location("bench_all", ROOT / "bench" / "all.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


MACHINE = {
    "date": "2026-12-05 10:00 UTC",
    "commit": "abc1234",
    "cpus": "2",
    "python": "Python 3.13.0",
    "load_before": "1.00 / 0.50 / 0.25",
    "load_after": "2.00 / 1.00 / 0.50",
}


def figure(name, value, baseline, **extra):
    return {
        "benchmark": "run",
        "engine": "sqlite",
        "name": name,
        "figure": value,
        "baseline": baseline,
        "ratio": value / baseline if baseline else None,
        "unit": "ms",
        "baseline_name": "plain query",
        "higher_is_better": False,
        "note": "",
        **extra,
    }


def test_discover_finds_every_script_but_the_helpers(bench_all, tmp_path):
    for name in [
        "run.py",
        "backup.py",
        "flyer.py",
        "setup.py",
        "report.py",
        "all.py",
        "loadtest.py",
        "_private.py",
        "notes.md",
    ]:
        (tmp_path / name).write_text("")
    assert bench_all.discover(tmp_path) == ["backup", "flyer", "run"]


def test_discover_in_bench_lists_the_existing_benchmarks(bench_all):
    found = bench_all.discover()
    assert {"run", "offer_map", "indicators", "privacy"} <= set(found)
    assert not {"setup", "report", "all", "loadtest"} & set(found)


def test_participants_scale_the_variables_not_already_set(bench_all):
    variables = bench_all.scaled_environment(5000, {"BENCH_IMPORT_ROWS": "42"})
    assert variables["BENCH_PARTICIPANTS"] == "5000"
    assert variables["BENCH_INDICATOR_PARTICIPANTS"] == "5000"
    assert variables["BENCH_NETWORK_PARTICIPANTS"] == "1000"
    assert "BENCH_IMPORT_ROWS" not in variables


def test_the_table_shows_figures_baselines_failures_and_the_machine(bench_all, tmp_path):
    Run = bench_all.Run
    runs = [
        Run(
            "run",
            "sqlite",
            returncode=0,
            seconds=61,
            figures=[
                figure("case list: first page", 12.5, 5.0, note="9 queries"),
                figure("seed_demo", 300.0, None, unit="s"),
            ],
        ),
        Run("dashboard", "postgresql", returncode=1, seconds=3, error="exit code 1: KeyError"),
        Run("privacy", "sqlite", returncode=0, seconds=1),
    ]
    target = tmp_path / "results.md"
    text = bench_all.write_table(
        target, runs, participants=100_000, machine=MACHINE, notes=["PostgreSQL: postgres://x"]
    )
    assert target.read_text() == text
    for expected in [
        "- Git commit: abc1234",
        "- Machine: 2 CPUs",
        "before: 1.00 / 0.50 / 0.25; after: 2.00 / 1.00 / 0.50",
        "- Participants (`--participants`): 100,000",
        "- PostgreSQL: postgres://x",
        "| benchmark | figure | engine | value | baseline | ratio | note |",
        "| run | case list: first page | sqlite | 12.50 ms | plain query: 5.00 ms | 2.50 "
        "| 9 queries |",
        "| run | seed_demo | sqlite | 300 s | — | — |  |",
        "| dashboard | **FAILED** | postgresql | — | — | — | exit code 1: KeyError |",
        "| privacy | (no figures recorded) | sqlite |",
        "| dashboard | postgresql | failed | 3 s |",
        "| run | sqlite | ok | 61 s |",
    ]:
        assert expected in text


def test_a_pipe_in_a_name_does_not_break_the_table(bench_all):
    run = bench_all.Run("run", "sqlite", returncode=0, figures=[figure("a | b", 1.0, 2.0)])
    assert bench_all.rows_of(run)[0][1] == "a | b"
    assert bench_all.cell("a | b") == "a \\| b"


def test_the_password_is_not_shown(bench_all):
    shown = bench_all.hide_password("postgres://bench:secret@db:5432/quartier_bench")
    assert shown == "postgres://bench:***@db:5432/quartier_bench"


def test_a_failing_script_is_reported_and_the_others_still_run(
    bench_all, tmp_path, monkeypatch, capsys
):
    """Two stand-in scripts, the failing one first; PostgreSQL at a closed port."""
    (tmp_path / "aaa_broken.py").write_text("raise SystemExit('broken on purpose')\n")
    (tmp_path / "zzz_good.py").write_text(
        textwrap.dedent(
            """
            import json, os
            line = {"benchmark": "zzz_good", "engine": "sqlite", "name": "a figure",
                    "figure": 2.0, "baseline": 1.0, "ratio": 2.0, "unit": "ms",
                    "baseline_name": "the floor", "higher_is_better": False,
                    "note": os.environ["BENCH_PARTICIPANTS"]}
            with open(os.environ["BENCH_RESULTS"], "a") as results:
                results.write(json.dumps(line) + "\\n")
            print("the good one ran")
            """
        )
    )
    monkeypatch.setattr(bench_all, "BENCH", tmp_path)
    monkeypatch.setenv("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:1/nothing")
    monkeypatch.delenv("BENCH_PARTICIPANTS", raising=False)
    output = tmp_path / "results.md"

    code = bench_all.main(["--participants", "5000", "--output", str(output)])

    assert code == 1
    printed = capsys.readouterr().out
    assert "cannot be reached" in printed
    assert "the good one ran" in printed
    text = output.read_text()
    assert "PostgreSQL at postgres://postgres@127.0.0.1:1/nothing cannot be reached" in text
    assert "| aaa_broken | **FAILED** | sqlite | — | — | — | exit code 1: broken on purpose |" in (
        text
    )
    assert "| zzz_good | a figure | sqlite | 2.00 ms | the floor: 1.00 ms | 2.00 | 5000 |" in text
    assert "postgresql" not in text.split("## Runs")[1]
    raw = [json.loads(line) for line in output.with_suffix(".jsonl").read_text().splitlines()]
    assert [line["name"] for line in raw] == ["a figure"]


def test_only_runs_one_script_and_rejects_an_unknown_name(bench_all, tmp_path, monkeypatch):
    (tmp_path / "one.py").write_text("")
    (tmp_path / "two.py").write_text("raise SystemExit(3)\n")
    monkeypatch.setattr(bench_all, "BENCH", tmp_path)
    output = tmp_path / "results.md"

    assert bench_all.main(["--only", "one.py", "--engine", "sqlite", "--output", str(output)]) == 0
    assert "| one | (no figures recorded) | sqlite |" in output.read_text()
    assert "two" not in output.read_text()
    assert bench_all.main(["--only", "three", "--output", str(output)]) == 2


def test_a_script_past_the_timeout_is_stopped_and_fails(bench_all, tmp_path):
    (tmp_path / "slow.py").write_text("import time\nprint('started', flush=True)\ntime.sleep(60)\n")
    run = bench_all.run_script(
        "slow", "sqlite", {}, tmp_path / "slow.jsonl", timeout=1, folder=tmp_path
    )
    assert run.failed
    assert run.error == "stopped after 1 s (--timeout)"
    assert run.seconds < 30
