"""Every benchmark in bench/, on SQLite and then on PostgreSQL, into one table.

    make bench                                   # 100,000 participants, both engines
    make bench BENCH_ARGS="--participants 1000000"
    .venv/bin/python bench/all.py --only run --engine sqlite
    .venv/bin/python bench/all.py --participants 5000 --timeout 1800

Each benchmark script (every bench/*.py but the helpers in NOT_BENCHMARKS, so a new
script is picked up by itself) runs as its own subprocess, once per engine: on SQLite
(a file under var/) and on PostgreSQL at BENCH_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/quartier_bench; the database is dropped and created
again by each script). When PostgreSQL cannot be reached, that is said, in the output
and in the table, and only SQLite runs.

`--participants N` (default: BENCH_PARTICIPANTS or 100,000) is handed to the scripts
through the variables in SCALED; a variable already set in the environment wins, so
`BENCH_IMPORT_ROWS=20000 make bench` still works. Other BENCH_* variables pass through.

Each script writes its figures with `report.record()` to the JSON-lines file named by
BENCH_RESULTS (one per script and engine). Afterwards all lines go, with the machine
(CPU count, load average before and after, date, git commit), into bench/results.md
(and the raw lines into bench/results.jsonl); both are not committed. A script that
fails (non-zero exit, or past `--timeout`) is a row of the table and does not stop the
others; the exit code is then 1. How to read the table: docs/benchmarks.md.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlparse

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
# Helpers and the load test (`make loadtest`, against a running server) are no benchmarks.
NOT_BENCHMARKS = {"setup", "report", "all", "loadtest"}
ENGINES = ("sqlite", "postgresql")
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/quartier_bench"
DEFAULT_PARTICIPANTS = 100_000
# What `--participants N` sets, as a share of N: each script's own name for "how big".
SCALED = {
    "BENCH_PARTICIPANTS": 1,  # run.py (staff pages), dashboard.py
    "BENCH_INDICATOR_PARTICIPANTS": 1,  # indicators.py (its own default: 1,000,000)
    "BENCH_IMPORT_ROWS": 1,  # import_participants.py
    "BENCH_MATCH_PARTICIPANTS": 1,  # matching.py
    "BENCH_NETWORK_REFERRALS": 1,  # network.py: referrals ...
    "BENCH_NETWORK_PARTICIPANTS": 0.2,  # ... among a fifth as many participants
}


@dataclass
class Run:
    """One script on one engine."""

    script: str
    engine: str
    returncode: int | None = None
    seconds: float = 0.0
    error: str = ""
    figures: list[dict] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return self.returncode != 0


def discover(folder: Path | None = None) -> list[str]:
    """The benchmark scripts in `folder` (bench/), by name (without .py), sorted."""
    return sorted(
        path.stem
        for path in (folder or BENCH).glob("*.py")
        if path.stem not in NOT_BENCHMARKS and not path.stem.startswith("_")
    )


def scaled_environment(participants: int, environ: dict[str, str]) -> dict[str, str]:
    """The variables for `--participants`, leaving those already set alone."""
    return {
        name: str(max(1, int(participants * share)))
        for name, share in SCALED.items()
        if name not in environ
    }


def hide_password(url: str) -> str:
    parsed = urlparse(url)
    if parsed.password:
        netloc = parsed.netloc.replace(f":{parsed.password}@", ":***@")
        return parsed._replace(netloc=netloc).geturl()
    return url


def postgres_problem(url: str) -> str:
    """Why PostgreSQL at `url` cannot be used, or "" when its server answers."""
    try:
        import psycopg
    except ImportError:
        return "psycopg is not installed"
    admin = urlparse(url)._replace(path="/postgres").geturl()
    try:
        with psycopg.connect(admin, connect_timeout=5) as connection:
            connection.execute("SELECT 1")
    except Exception as error:  # any reason is a reason to skip the engine
        return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return ""


def run_script(
    script: str,
    engine: str,
    environ: dict[str, str],
    results: Path,
    timeout: float | None = None,
    folder: Path | None = None,
) -> Run:
    """Run bench/<script>.py in its own process, its output shown as it comes."""
    run = Run(script, engine)
    print(f"\n=== {script} on {engine} ===", flush=True)
    began = time.monotonic()
    tail: deque[str] = deque(maxlen=30)
    process = subprocess.Popen(
        [sys.executable, str((folder or BENCH) / f"{script}.py")],
        cwd=ROOT,
        env={**environ, "BENCH_RESULTS": str(results), "PYTHONUNBUFFERED": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        errors="replace",
    )
    # A watchdog, as a silent script would never end the loop below.
    watchdog = threading.Timer(timeout, process.kill) if timeout else None
    if watchdog:
        watchdog.start()
    try:
        assert process.stdout is not None
        for line in process.stdout:
            sys.stdout.write(line)
            sys.stdout.flush()
            tail.append(line.rstrip())
        run.returncode = process.wait()
    except KeyboardInterrupt:
        process.kill()  # not left running on its own
        process.wait()
        raise
    finally:
        if watchdog:
            watchdog.cancel()
    if timeout and time.monotonic() - began >= timeout and run.returncode:
        run.error = f"stopped after {timeout:.0f} s (--timeout)"
    run.seconds = time.monotonic() - began
    if run.returncode and not run.error:
        lines = [line for line in tail if line.strip()]
        run.error = f"exit code {run.returncode}: {lines[-1] if lines else 'no output'}"
    if results.exists():
        run.figures = [json.loads(line) for line in results.read_text().splitlines() if line]
    return run


# --- The table ---------------------------------------------------------------------


def number(value: float | None) -> str:
    if value is None:
        return "—"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 1:
        return f"{value:.2f}"
    return f"{value:.3g}"


def cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ").strip()


def rows_of(run: Run) -> list[list[str]]:
    """The table's rows for one run: its figures, or what went wrong."""
    rows = []
    for figure in run.figures:
        unit = figure.get("unit", "")
        baseline = figure.get("baseline")
        ratio = figure.get("ratio")
        ratio_text = number(ratio)
        if ratio is not None and figure.get("higher_is_better"):
            ratio_text += " (higher is better)"
        rows.append(
            [
                run.script,
                figure["name"],
                figure.get("engine") or run.engine,
                f"{number(figure['figure'])} {unit}".strip(),
                (
                    f"{figure.get('baseline_name') or 'baseline'}: {number(baseline)} {unit}"
                    if baseline is not None
                    else "—"
                ),
                ratio_text,
                figure.get("note", ""),
            ]
        )
    if run.failed:
        rows.append([run.script, "**FAILED**", run.engine, "—", "—", "—", run.error])
    elif not rows:
        rows.append([run.script, "(no figures recorded)", run.engine, "—", "—", "—", ""])
    return rows


def git_commit(root: Path = ROOT) -> str:
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return f"{commit} (with uncommitted changes)" if dirty else commit


def load_text(load: tuple[float, float, float]) -> str:
    return " / ".join(f"{value:.2f}" for value in load)


def write_table(
    target: Path,
    runs: list[Run],
    *,
    participants: int,
    machine: dict[str, str],
    notes: list[str] = (),
) -> str:
    """Write results.md: the machine, the table of every figure, and the runs' times."""
    lines = [
        "# Benchmark results",
        "",
        f"- Date: {machine['date']}",
        f"- Git commit: {machine['commit']}",
        f"- Machine: {machine['cpus']} CPUs, {machine['python']}",
        f"- Load average (1/5/15 min) before: {machine['load_before']}; "
        f"after: {machine['load_after']}",
        f"- Participants (`--participants`): {participants:,}",
        *(f"- {note}" for note in notes),
        "",
        "How to read it: docs/benchmarks.md. Ratio = value / baseline, both measured in "
        "the same run; below 1 is faster than the baseline.",
        "",
        "| benchmark | figure | engine | value | baseline | ratio | note |",
        "|---|---|---|---|---|---|---|",
    ]
    for run in runs:
        lines += ["| " + " | ".join(cell(text) for text in row) + " |" for row in rows_of(run)]
    lines += [
        "",
        "## Runs",
        "",
        "| benchmark | engine | result | time |",
        "|---|---|---|---|",
    ]
    for run in runs:
        result = "failed" if run.failed else "ok"
        lines.append(f"| {run.script} | {run.engine} | {result} | {run.seconds:,.0f} s |")
    total = sum(run.seconds for run in runs)
    lines += ["", f"Total: {total / 60:,.1f} min.", ""]
    text = "\n".join(lines)
    target.write_text(text, encoding="utf-8")
    return text


def machine_facts(load_before: tuple[float, float, float]) -> dict[str, str]:
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": git_commit(),
        "cpus": str(os.cpu_count()),
        "python": f"Python {sys.version.split()[0]}",
        "load_before": load_text(load_before),
        "load_after": load_text(os.getloadavg()),
    }


# --- The command -------------------------------------------------------------------


def parse(argv: list[str] | None, environ: dict[str, str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--participants",
        type=int,
        default=int(environ.get("BENCH_PARTICIPANTS", DEFAULT_PARTICIPANTS)),
        help="participants for the scripts that scale with them (default 100,000; "
        "1000000 for the full size)",
    )
    parser.add_argument(
        "--only",
        action="append",
        metavar="NAME",
        help="run only this benchmark (e.g. run or run.py); may be given more than once",
    )
    parser.add_argument("--engine", choices=ENGINES, help="run on one engine only")
    parser.add_argument(
        "--timeout", type=float, help="stop a script after this many seconds (a failure)"
    )
    parser.add_argument(
        "--output", type=Path, default=BENCH / "results.md", help="default bench/results.md"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    environ = dict(os.environ)
    options = parse(argv, environ)
    scripts = discover()
    if options.only:
        wanted = [name.removesuffix(".py").split("/")[-1] for name in options.only]
        unknown = sorted(set(wanted) - set(scripts))
        if unknown:
            print(f"No such benchmark: {', '.join(unknown)} (there are {', '.join(scripts)})")
            return 2
        scripts = [name for name in scripts if name in wanted]

    load_before = os.getloadavg()
    postgres_url = environ.get("BENCH_DATABASE_URL") or DEFAULT_POSTGRES
    engines = [options.engine] if options.engine else list(ENGINES)
    notes = []
    if "postgresql" in engines:
        problem = postgres_problem(postgres_url)
        shown = hide_password(postgres_url)
        if problem:
            message = f"PostgreSQL at {shown} cannot be reached ({problem})"
            if options.engine == "postgresql":
                print(f"{message}.")
                return 1
            print(f"{message}: SQLite only.", flush=True)
            notes.append(f"{message}: SQLite only.")
            engines.remove("postgresql")
        else:
            notes.append(f"PostgreSQL: {shown}")

    base = {**environ, **scaled_environment(options.participants, environ)}
    base.pop("BENCH_RESULTS", None)
    print(
        f"Benchmarks {', '.join(scripts)} on {', '.join(engines)}, "
        f"{options.participants:,} participants (load average {load_text(load_before)})",
        flush=True,
    )
    runs = []
    interrupted = False
    with tempfile.TemporaryDirectory(prefix="quartier-bench-") as folder:
        try:
            for engine in engines:
                engine_environ = dict(base)
                if engine == "sqlite":
                    engine_environ.pop("BENCH_DATABASE_URL", None)
                else:
                    engine_environ["BENCH_DATABASE_URL"] = postgres_url
                for script in scripts:
                    results = Path(folder) / f"{script}-{engine}.jsonl"
                    runs.append(
                        run_script(script, engine, engine_environ, results, options.timeout)
                    )
        except KeyboardInterrupt:
            # Ctrl-C: the table of what has finished is still written.
            interrupted = True
            notes.append("Interrupted (Ctrl-C): the table holds the scripts that finished.")

    raw = options.output.with_suffix(".jsonl")
    raw.write_text(
        "".join(json.dumps(figure) + "\n" for run in runs for figure in run.figures),
        encoding="utf-8",
    )
    write_table(
        options.output,
        runs,
        participants=options.participants,
        machine=machine_facts(load_before),
        notes=notes,
    )
    failed = [f"{run.script} ({run.engine})" for run in runs if run.failed]
    print(f"\nWrote {options.output}")
    if failed:
        print(f"Failed: {', '.join(failed)}")
        return 1
    return 130 if interrupted else 0


if __name__ == "__main__":
    sys.exit(main())
