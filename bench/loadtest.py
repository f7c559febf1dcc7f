"""Load and fault tests against prod-local (issue 16), run by `make loadtest`.

    .venv/bin/python bench/loadtest.py                  # every scenario
    .venv/bin/python bench/loadtest.py --only staff,public --staff-seconds 20

Reads var/prod-local/state.json (written by `scripts/prod_local.py`). When prod-local
is not running, starts it with `scripts/prod_local.py start --detach`, waits for its
health check and stops it again at the end. Loopback only: a URL whose host is not a
loopback address is refused. Every scenario is bounded in time and request count, and
the whole run has an overall timeout (`--timeout`), after which it stops by itself.

Scenarios (`--only` takes their names):

- staff: concurrent staff sessions (default 50) open case pages and save contacts
  (each with a unique marker in its notes); pass: no 5xx, every acknowledged contact
  is in the database afterwards (read with psycopg at state.json's database_url).
- public: the public offer list and the HSDS services endpoint, open-loop at a fixed
  rate (default 200 requests per second in all); pass: no 5xx.
- kill-app: staff load while one app server is killed (SIGKILL); pass: the other one
  keeps answering, requests succeed again shortly after, no acknowledged write is lost.
- restart-db: staff load while the throwaway PostgreSQL cluster restarts
  (`pg_ctl restart -m fast`); pass: failures are clean 503 pages (no 500, no
  traceback), requests succeed afterwards without restarting anything.
- kill-worker: a project lead uploads and confirms a participant list big enough to
  take several seconds; the worker is killed while it imports; pass: after the worker
  is back (restarted by the supervisor, else started here) the import is done, and
  every row exists exactly once.
- conflict: two staff members save the same case with the same version at the same
  moment; pass: one is saved, the other gets the conflict message.

Logins: the demo logins (`manage.py demo_logins` prints them and their password),
through allauth's login form. allauth allows 30 logins a minute from one address, so
the run logs in at most `--max-logins` times and the staff sessions share those
logins (several browser tabs of the same person).

Prints the machine's load (load average, CPU use from /proc/stat) during each
scenario, a summary table at the end, and writes the figures to
var/loadtest-results.json. Exits 1 when a pass criterion fails, 2 when the run
could not be set up.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import csv
import html
import io
import ipaddress
import json
import os
import random
import re
import signal
import subprocess
import sys
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
STATE_FILE = ROOT / "var" / "prod-local" / "state.json"
RESULTS_FILE = ROOT / "var" / "loadtest-results.json"
PROD_LOCAL = ROOT / "scripts" / "prod_local.py"
sys.path.insert(0, str(PROD_LOCAL.parent))
from prod_local import alive  # noqa: E402  (one pid check for the supervisor and us)

PYTHON = sys.executable

SCENARIOS = ("public", "staff", "conflict", "kill-app", "restart-db", "kill-worker")
#: The conflict message of a refused stale save (core.services.ConcurrentEditError), in
#: the staff UI's languages (English is the source, German the default).
CONFLICT_MESSAGES = (
    "Someone else changed this record while you were editing it.",
    "Jemand anderes hat diesen Datensatz geändert, während Sie ihn bearbeitet haben.",
)
#: Roles that do no case work; their demo logins are not used for the staff load.
NO_CASE_WORK = ("admin@", "datenschutz", "partner.", "evaluation@", "betriebe", "netzwerk")


class SetupError(Exception):
    """The run cannot start (no prod-local, no logins): exit code 2."""


# Pure parts (tests/operations/test_loadtest.py) -------------------------------------


def require_loopback(url: str) -> str:
    """`url` if its host is a loopback address (or localhost); ValueError otherwise."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"Not an http(s) URL: {url!r}")
    host = parts.hostname
    if host == "localhost":
        return url
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        raise ValueError(f"The load test runs on loopback only, not against {host!r}.") from None
    if not address.is_loopback:
        raise ValueError(f"The load test runs on loopback only, not against {host!r}.")
    return url


def percentile(values, fraction: float) -> float | None:
    """The `fraction` (0..1) percentile of `values`, linearly interpolated between the
    closest ranks (as numpy's default); None for no values."""
    if not 0 <= fraction <= 1:
        raise ValueError("fraction must lie between 0 and 1")
    ordered = sorted(values)
    if not ordered:
        return None
    position = (len(ordered) - 1) * fraction
    lower = int(position)
    upper = min(lower + 1, len(ordered) - 1)
    return ordered[lower] + (ordered[upper] - ordered[lower]) * (position - lower)


def send_offsets(rate: float, seconds: float) -> list[float]:
    """The open-loop schedule: request i is sent `i / rate` seconds after the start,
    whatever the answers take, for `seconds` seconds."""
    if rate <= 0 or seconds <= 0:
        return []
    count = int(round(rate * seconds))
    return [index / rate for index in range(count)]


def cpu_times(stat_text: str) -> tuple[int, int]:
    """(busy, total) jiffies from the `cpu` line of /proc/stat."""
    for line in stat_text.splitlines():
        if line.startswith("cpu "):
            numbers = [int(value) for value in line.split()[1:]]
            idle = numbers[3] + (numbers[4] if len(numbers) > 4 else 0)  # idle + iowait
            return sum(numbers) - idle, sum(numbers)
    raise ValueError("no cpu line in /proc/stat")


def cpu_percent(before: tuple[int, int], after: tuple[int, int]) -> float:
    """CPU use in percent of all cores between two `cpu_times` readings."""
    busy, total = after[0] - before[0], after[1] - before[1]
    return 100.0 * busy / total if total > 0 else 0.0


@dataclass
class Check:
    name: str
    passed: bool
    detail: str = ""


def is_server_error(status: int | None) -> bool:
    return status is not None and 500 <= status <= 599


def staff_checks(stats: Stats, acknowledged: set[str], stored: set[str]) -> list[Check]:
    """Zero 5xx and zero lost writes (every acknowledged marker is stored)."""
    lost = acknowledged - stored
    return [
        Check("no 5xx", stats.server_errors == 0, f"{stats.server_errors} answers 5xx"),
        Check(
            "no lost writes",
            not lost and bool(acknowledged),
            f"{len(acknowledged)} acknowledged, {len(lost)} missing in the database",
        ),
    ]


def public_checks(stats: Stats) -> list[Check]:
    return [
        Check("no 5xx", stats.server_errors == 0, f"{stats.server_errors} answers 5xx"),
        Check(
            "answers",
            stats.count > 0 and stats.transport_errors == 0,
            f"{stats.count} answers, {stats.transport_errors} connection errors or timeouts",
        ),
    ]


def outage_checks(stats: Stats, *, since: float, settle: float) -> list[Check]:
    """During a database restart: failures are 503 (no other 5xx, no traceback), and
    every request sent `settle` seconds after `since` succeeds."""
    unclean = [r for r in stats.records if is_server_error(r.status) and r.status != 503]
    tracebacks = [r for r in stats.records if r.traceback]
    late = [r for r in stats.records if r.sent >= since + settle and not r.ok]
    return [
        Check("failures are 503", not unclean, f"{len(unclean)} other 5xx answers"),
        Check("no traceback page", not tracebacks, f"{len(tracebacks)} with a traceback"),
        Check(
            "succeeds afterwards",
            not late and any(r.sent >= since + settle for r in stats.records),
            f"{len(late)} failed requests sent {settle:.0f} s after the restart",
        ),
    ]


def recovery_checks(stats: Stats, *, since: float, settle: float) -> list[Check]:
    """After an app server was killed at `since`: requests sent `settle` seconds later
    all succeed."""
    late = [r for r in stats.records if r.sent >= since + settle and not r.ok]
    return [
        Check(
            "proxy serves on",
            not late and any(r.sent >= since + settle for r in stats.records),
            f"{len(late)} failed requests sent {settle:.0f} s after the kill",
        )
    ]


# Measuring ---------------------------------------------------------------------------


@dataclass
class Record:
    label: str
    sent: float  # seconds since the scenario's start
    latency: float
    status: int | None  # None: no answer (connection error, timeout)
    traceback: bool = False

    @property
    def ok(self) -> bool:
        return self.status is not None and self.status < 500


@dataclass
class Stats:
    records: list[Record] = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)
    refused: int = 0  # saves answered with the form again (a validation message)

    def add(self, record: Record) -> None:
        self.records.append(record)

    @property
    def count(self) -> int:
        return len(self.records)

    @property
    def server_errors(self) -> int:
        return sum(1 for r in self.records if is_server_error(r.status))

    @property
    def transport_errors(self) -> int:
        return sum(1 for r in self.records if r.status is None)

    def statuses(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for r in self.records:
            key = str(r.status) if r.status is not None else "no answer"
            counts[key] = counts.get(key, 0) + 1
        return dict(sorted(counts.items()))

    def summary(self, seconds: float) -> dict:
        latencies = [r.latency for r in self.records if r.status is not None]
        p50, p95 = percentile(latencies, 0.5), percentile(latencies, 0.95)
        return {
            "requests": self.count,
            "seconds": round(seconds, 2),
            "rate": round(self.count / seconds, 1) if seconds > 0 else None,
            "p50_ms": round(p50 * 1000, 1) if p50 is not None else None,
            "p95_ms": round(p95 * 1000, 1) if p95 is not None else None,
            "max_ms": round(max(latencies) * 1000, 1) if latencies else None,
            "statuses": self.statuses(),
            "server_errors": self.server_errors,
            "transport_errors": self.transport_errors,
        }


class LoadMonitor:
    """Samples the load average and CPU use every second while a scenario runs."""

    def __init__(self, name: str, every: float = 1.0, print_every: float = 5.0):
        self.name, self.every, self.print_every = name, every, print_every
        self.samples: list[dict] = []
        self._task: asyncio.Task | None = None

    @staticmethod
    def _cpu() -> tuple[int, int] | None:
        try:
            return cpu_times(Path("/proc/stat").read_text())
        except (OSError, ValueError):
            return None

    async def _run(self) -> None:
        before, start, printed = self._cpu(), time.monotonic(), 0.0
        while True:
            await asyncio.sleep(self.every)
            now, after = self._cpu(), time.monotonic()
            load1, load5, _load15 = os.getloadavg()
            cpu = cpu_percent(before, now) if before and now else None
            before = now
            elapsed = after - start
            self.samples.append({"t": round(elapsed, 1), "load1": load1, "cpu": cpu})
            if elapsed - printed >= self.print_every:
                printed = elapsed
                cpu_text = f"{cpu:5.1f} %" if cpu is not None else "n/a"
                print(
                    f"  [{self.name} {elapsed:5.1f} s] load {load1:.2f} {load5:.2f},",
                    f"CPU {cpu_text}",
                    flush=True,
                )

    def __enter__(self):
        self._task = asyncio.get_running_loop().create_task(self._run())
        return self

    def __exit__(self, *exc):
        if self._task:
            self._task.cancel()

    def summary(self) -> dict:
        cpus = [s["cpu"] for s in self.samples if s["cpu"] is not None]
        loads = [s["load1"] for s in self.samples]
        return {
            "load1_max": round(max(loads), 2) if loads else None,
            "load1_end": round(loads[-1], 2) if loads else None,
            "cpu_mean_percent": round(sum(cpus) / len(cpus), 1) if cpus else None,
            "cpu_max_percent": round(max(cpus), 1) if cpus else None,
            "cores": os.cpu_count(),
        }


# HTTP --------------------------------------------------------------------------------


def _client():
    import aiohttp

    return aiohttp


class Browser:
    """One staff member's cookies (a login), shared by the sessions that use it, and
    requests that record their latency and status in a `Stats`."""

    def __init__(self, http, base: str, email: str = ""):
        self.http, self.base, self.email = http, require_loopback(base).rstrip("/"), email
        self.cookies: dict[str, str] = {}

    def copy(self) -> Browser:
        other = Browser(self.http, self.base, self.email)
        other.cookies = dict(self.cookies)
        return other

    def _headers(self, extra: dict | None = None) -> dict:
        headers = {
            "Accept-Language": "en",
            "Origin": self.base,
            "Referer": self.base + "/",
            "User-Agent": "quartier-loadtest",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        headers.update(extra or {})
        return headers

    async def request(
        self,
        method: str,
        path: str,
        *,
        stats: Stats | None = None,
        label: str = "",
        data=None,
        timeout: float = 30.0,
    ) -> tuple[int | None, str, dict]:
        """(status, body, headers); status None when no answer came."""
        aiohttp = _client()
        url = path if path.startswith("http") else self.base + path
        require_loopback(url)
        started = time.monotonic()
        status, body, headers = None, "", {}
        try:
            async with self.http.request(
                method,
                url,
                data=data,
                headers=self._headers(),
                allow_redirects=False,
                timeout=aiohttp.ClientTimeout(total=timeout),
            ) as response:
                body = await response.text(errors="replace")
                status, headers = response.status, dict(response.headers)
                for name, morsel in response.cookies.items():
                    if morsel.value and morsel["max-age"] != "0":
                        self.cookies[name] = morsel.value
                    else:
                        self.cookies.pop(name, None)
        except (TimeoutError, aiohttp.ClientError, OSError):
            status = None
        if stats is not None:
            stats.add(
                Record(
                    label or path,
                    sent=started - stats.started,
                    latency=time.monotonic() - started,
                    status=status,
                    traceback=status is not None and "Traceback (most recent call" in body,
                )
            )
        return status, body, headers

    @property
    def csrf(self) -> str:
        return self.cookies.get("csrftoken", "")

    async def login(self, email: str, password: str) -> bool:
        self.email = email
        for attempt in range(3):
            status, body, _ = await self.request("GET", "/accounts/login/")
            if status != 200:
                raise SetupError(f"The login page answered {status}.")
            status, body, headers = await self.request(
                "POST",
                "/accounts/login/",
                data={"csrfmiddlewaretoken": self.csrf, "login": email, "password": password},
            )
            if status == 429:  # allauth's rate limit: wait for the next minute
                await asyncio.sleep(20 * (attempt + 1))
                continue
            location = headers.get("Location", "")
            if status == 302 and "/accounts/login" not in location:
                if "2fa" in location or "mfa" in location:
                    raise SetupError(
                        f"{email} must set up a second factor (TOTP) after logging in: "
                        "prod-local must let the demo users skip MFA for the load test."
                    )
                return True
            return False
        return False


_FIELD = re.compile(r"<(input|textarea|select)\b([^>]*)>", re.IGNORECASE)
_ATTR = re.compile(r'([a-zA-Z_:-]+)(?:="([^"]*)")?')
_OPTION = re.compile(r"<option\b([^>]*)>", re.IGNORECASE)


def form_fields(page: str, field_name: str) -> dict[str, list[str]]:
    """The values a browser would send for the post form on `page` that has a field
    named `field_name`: hidden and text inputs, checked boxes, selected options (or the
    first one), textareas."""
    forms = re.findall(r"<form\b([^>]*)>(.*?)</form>", page, re.IGNORECASE | re.DOTALL)
    chosen = next(
        (
            inner
            for attrs, inner in forms
            if 'method="post"' in attrs.lower() and f'name="{field_name}"' in inner
        ),
        None,
    )
    if chosen is None:
        return {}
    values: dict[str, list[str]] = {}
    for match in _FIELD.finditer(chosen):
        tag, attr_text = match.group(1).lower(), match.group(2)
        attrs = {k.lower(): html.unescape(v or "") for k, v in _ATTR.findall(attr_text)}
        name = attrs.get("name")
        if not name:
            continue
        if tag == "input":
            kind = attrs.get("type", "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                continue
            if kind in ("submit", "button", "file"):
                continue
            values.setdefault(name, []).append(attrs.get("value", "on"))
        elif tag == "textarea":
            end = chosen.find("</textarea>", match.end())
            values.setdefault(name, []).append(html.unescape(chosen[match.end() : end]))
        else:
            end = chosen.find("</select>", match.end())
            options = [
                {k.lower(): html.unescape(v or "") for k, v in _ATTR.findall(o)}
                for o in _OPTION.findall(chosen[match.end() : end])
            ]
            selected = [o for o in options if "selected" in o] or options[:1]
            if selected:
                values.setdefault(name, []).append(selected[0].get("value", ""))
    return values


def as_form_data(fields: dict[str, list[str]]):
    return [(name, value) for name, values in fields.items() for value in values]


# prod-local ----------------------------------------------------------------------------


def read_state() -> dict:
    try:
        return json.loads(STATE_FILE.read_text())
    except (OSError, ValueError):
        return {}


def state_urls(state: dict) -> list[str]:
    urls = [state.get("proxy_url", "")] + [a.get("url", "") for a in state.get("app_servers", [])]
    return [require_loopback(url) for url in urls if url]


async def healthy(http, url: str) -> bool:
    status, _body, _ = await Browser(http, url).request("GET", "/healthz", timeout=5)
    return status == 200


async def wait_healthy(http, url: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if await healthy(http, url):
            return True
        await asyncio.sleep(0.5)
    return False


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError):
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry.name))
    return found


def kill_verified(pid: int, must_contain: str) -> list[int]:
    """SIGKILL `pid` and its child processes, after checking that its command line is
    what state.json says it is (never a recycled pid of something else)."""
    if must_contain not in cmdline(pid):
        raise SetupError(f"pid {pid} is not {must_contain} ({cmdline(pid)[:80]!r}); not killed.")
    victims = [pid, *children(pid)]
    for victim in victims:
        with contextlib.suppress(ProcessLookupError):
            os.kill(victim, signal.SIGKILL)
    return victims


def manage_env(state: dict) -> dict:
    """The environment of prod-local's processes (state.json's env) for a manage.py
    command; a secret kept in a file (state.json names it) is read from there."""
    env = dict(os.environ)
    env.update({k: str(v) for k, v in (state.get("env") or {}).items()})
    secret = env.get("SECRET_KEY", "")
    if secret.startswith("(in "):
        path = ROOT / secret.removeprefix("(in ").rstrip(")")
        with contextlib.suppress(OSError):
            env["SECRET_KEY"] = path.read_text().strip()
    if state.get("database_url"):
        env["DATABASE_URL"] = state["database_url"]
    return env


def _demo_logins_output(state: dict) -> str:
    return subprocess.run(  # noqa: S603 - our own manage.py
        [PYTHON, "manage.py", "demo_logins"],
        cwd=ROOT,
        env=manage_env(state),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    ).stdout


def demo_password(state: dict) -> str:
    """The demo logins' password: state.json's staff_login, else `demo_logins`."""
    login = state.get("staff_login") or {}
    if login.get("password"):
        return login["password"]
    match = re.search(r"Password for every demo login: (\S+)", _demo_logins_output(state))
    if not match:
        raise SetupError("manage.py demo_logins printed no password.")
    return match.group(1)


def demo_emails(state: dict) -> list[str]:
    """The demo logins: state.json's list, else what `demo_logins` prints."""
    listed = [entry.get("email") for entry in state.get("demo_logins") or []]
    if any(listed):
        return [email for email in listed if email]
    return re.findall(r"^\s+(\S+@\S+)\s", _demo_logins_output(state), re.MULTILINE)


# Database checks (psycopg at state.json's database_url) -------------------------------


def db_query(state: dict, sql: str, params=()) -> list[tuple]:
    import psycopg

    with psycopg.connect(state["database_url"], connect_timeout=10) as connection:
        return connection.execute(sql, params).fetchall()


def stored_markers(state: dict, prefix: str) -> set[str]:
    rows = db_query(
        state,
        "SELECT notes FROM cases_contact WHERE notes LIKE %s",
        (prefix.replace("%", "") + "%",),
    )
    return {notes for (notes,) in rows}


# Scenarios -------------------------------------------------------------------------------


@dataclass
class Result:
    name: str
    figures: dict = field(default_factory=dict)
    checks: list[Check] = field(default_factory=list)
    load: dict = field(default_factory=dict)
    skipped: str = ""

    @property
    def passed(self) -> bool:
        return all(check.passed for check in self.checks)


class Run:
    def __init__(self, args, state: dict, http):
        self.args, self.state, self.http = args, state, http
        self.base = require_loopback(state["proxy_url"]).rstrip("/")
        self.run_id = uuid.uuid4().hex[:10]
        self.staff: list[Browser] = []  # logins that may record contacts
        self.cases: dict[str, list[int]] = {}  # email -> changeable case ids
        self.password = ""

    # Logins ------------------------------------------------------------------------

    async def log_in_staff(self) -> None:
        self.password = demo_password(self.state)
        emails = [e for e in demo_emails(self.state) if not any(x in e for x in NO_CASE_WORK)]
        if not emails:
            raise SetupError("manage.py demo_logins lists no case workers.")
        logins = 0
        candidates: list[Browser] = []
        for email in emails:
            if logins >= self.args.max_logins:
                break
            browser = Browser(self.http, self.base)
            logins += 1
            if await browser.login(email, self.password):
                candidates.append(browser)
        for browser in candidates:
            cases = await self.changeable_cases(browser)
            if cases:
                self.cases[browser.email] = cases
                self.staff.append(browser)
        if not self.staff:
            raise SetupError("No demo login may record contacts on any case.")
        # More sessions of the case workers, within allauth's login rate limit.
        extra = []
        while logins < self.args.max_logins and len(self.staff) + len(extra) < self.args.sessions:
            source = self.staff[len(extra) % len(self.staff)]
            browser = Browser(self.http, self.base)
            logins += 1
            if await browser.login(source.email, self.password):
                extra.append(browser)
        self.staff.extend(extra)
        print(
            f"Logged in: {len(self.staff)} sessions of {len(self.cases)} staff members "
            f"({logins} logins): {', '.join(sorted(self.cases))}",
            flush=True,
        )

    async def changeable_cases(self, browser: Browser) -> list[int]:
        status, body, _ = await browser.request("GET", "/faelle/")
        if status != 200:
            return []
        ids = sorted({int(pk) for pk in re.findall(r'href="/faelle/(\d+)/"', body)})
        allowed = []
        for pk in ids[:12]:
            status, _b, _ = await browser.request("GET", f"/faelle/{pk}/kontakte/neu/")
            if status == 200:
                allowed.append(pk)
        return allowed

    # Staff load (scenarios staff, kill-app, restart-db) -------------------------------

    async def staff_session(
        self,
        tag: str,
        number: int,
        browser: Browser,
        stats: Stats,
        deadline: float,
        acknowledged: set,
    ) -> None:
        rng = random.Random(f"{self.run_id}-{number}")
        cases = self.cases[browser.email]
        sequence = 0
        while time.monotonic() < deadline and stats.count < self.args.max_requests:
            pk = rng.choice(cases)
            await browser.request("GET", f"/faelle/{pk}/", stats=stats, label="case page")
            if time.monotonic() >= deadline:
                break
            form_path = f"/faelle/{pk}/kontakte/neu/"
            status, body, _ = await browser.request(
                "GET", form_path, stats=stats, label="contact form"
            )
            if status != 200 or time.monotonic() >= deadline:
                await asyncio.sleep(0.2)
                continue
            fields = form_fields(body, "duration_minutes")
            if not fields:
                continue
            sequence += 1
            marker = f"{self.marker(tag)}s{number}-{sequence}"
            fields["notes"] = [marker]
            fields["csrfmiddlewaretoken"] = [browser.csrf]
            fields.setdefault("topics", ["job_search"])
            status, body, headers = await browser.request(
                "POST", form_path, stats=stats, label="save contact", data=as_form_data(fields)
            )
            if status == 302 and headers.get("Location", "").rstrip("/").endswith(f"/faelle/{pk}"):
                acknowledged.add(marker)
            elif status == 200:
                stats.refused += 1
            if self.args.think:
                await asyncio.sleep(rng.uniform(0, self.args.think))

    def marker(self, tag: str) -> str:
        """The start of the notes of every contact this run saves in scenario `tag`."""
        return f"loadtest {self.run_id} {tag} "

    async def staff_load(self, tag: str, seconds: float, stats: Stats, acknowledged: set) -> float:
        deadline = time.monotonic() + seconds
        started = time.monotonic()
        sessions = [
            self.staff[number % len(self.staff)].copy() for number in range(self.args.sessions)
        ]
        await asyncio.gather(
            *(
                self.staff_session(tag, number, browser, stats, deadline, acknowledged)
                for number, browser in enumerate(sessions)
            )
        )
        return time.monotonic() - started

    def staff_figures(self, stats: Stats, seconds: float, acknowledged: set, stored: set) -> dict:
        figures = stats.summary(seconds)
        saves = [r for r in stats.records if r.label == "save contact"]
        figures.update(
            {
                "sessions": self.args.sessions,
                "contacts_acknowledged": len(acknowledged),
                "contacts_stored": len(stored),
                "contacts_lost": len(acknowledged - stored),
                "contacts_stored_unacknowledged": len(stored - acknowledged),
                "contacts_refused_by_form": stats.refused,
                "save_p95_ms": round((percentile([r.latency for r in saves], 0.95) or 0) * 1000, 1),
                "contacts_per_second": round(len(acknowledged) / seconds, 1),
            }
        )
        return figures

    async def scenario_staff(self) -> Result:
        result = Result("staff")
        stats, acknowledged = Stats(), set()
        with LoadMonitor("staff") as monitor:
            seconds = await self.staff_load("staff", self.args.staff_seconds, stats, acknowledged)
        stored = stored_markers(self.state, self.marker("staff"))
        result.figures = self.staff_figures(stats, seconds, acknowledged, stored)
        result.checks = staff_checks(stats, acknowledged, stored)
        result.load = monitor.summary()
        return result

    # Public load ----------------------------------------------------------------------

    async def public_paths(self) -> list[str]:
        anonymous = Browser(self.http, self.base)
        status, body, _ = await anonymous.request("GET", "/stadtteilplan/")
        slugs = re.findall(r'href="/stadtteilplan/([a-z0-9-]+)/"', body) if status == 200 else []
        slugs = [s for s in slugs if s != "sprache"]
        if not slugs:
            raise SetupError(f"The public map's index answered {status} with no district.")
        return [f"/stadtteilplan/{slugs[0]}/", self.args.hsds_path]

    async def scenario_public(self) -> Result:
        result = Result("public")
        paths = await self.public_paths()
        offsets = send_offsets(self.args.rate, self.args.public_seconds)[: self.args.max_requests]
        stats = Stats()
        anonymous = Browser(self.http, self.base)
        in_flight: set[asyncio.Task] = set()
        dropped, lag = 0, []
        with LoadMonitor("public") as monitor:
            start = time.monotonic()
            stats.started = start
            for index, offset in enumerate(offsets):
                delay = start + offset - time.monotonic()
                if delay > 0:
                    await asyncio.sleep(delay)
                else:
                    lag.append(-delay)
                if len(in_flight) >= self.args.max_in_flight:
                    dropped += 1  # open loop: never wait for an answer to send the next
                    continue
                path = paths[index % len(paths)]
                task = asyncio.create_task(
                    anonymous.request("GET", path, stats=stats, label=path, timeout=30)
                )
                in_flight.add(task)
                task.add_done_callback(in_flight.discard)
            sent_seconds = time.monotonic() - start
            if in_flight:
                await asyncio.wait(in_flight, timeout=35)
            seconds = time.monotonic() - start
        result.figures = stats.summary(seconds)
        result.figures.update(
            {
                "target_rate": self.args.rate,
                "paths": paths,
                "sent": len(offsets) - dropped,
                "dropped_by_generator": dropped,
                "achieved_rate": round(stats.count / seconds, 1) if seconds else None,
                "send_rate": round((len(offsets) - dropped) / sent_seconds, 1),
                "generator_lag_p95_ms": round((percentile(lag, 0.95) or 0) * 1000, 1),
            }
        )
        for path in paths:
            latencies = [r.latency for r in stats.records if r.label == path and r.status]
            result.figures[f"p95_ms {path}"] = round((percentile(latencies, 0.95) or 0) * 1000, 1)
        result.checks = public_checks(stats)
        if dropped:
            result.checks.append(
                Check("rate reached", False, f"{dropped} requests not sent (too many in flight)")
            )
        result.load = monitor.summary()
        return result

    # Kill an app server ------------------------------------------------------------

    async def probe(self, url: str, stats: Stats, deadline: float) -> None:
        browser = Browser(self.http, url)
        while time.monotonic() < deadline:
            await browser.request("GET", "/healthz", stats=stats, label="healthz", timeout=5)
            await asyncio.sleep(0.5)

    async def scenario_kill_app(self) -> Result:
        result = Result("kill-app")
        servers = self.state.get("app_servers") or []
        if len(servers) < 2:
            result.skipped = "prod-local runs fewer than two app servers"
            return result
        victim, survivor = servers[0], servers[1]
        stats, probes, acknowledged = Stats(), Stats(), set()
        seconds = self.args.fault_seconds
        killed_at: list[float] = []

        async def kill_later():
            await asyncio.sleep(seconds / 3)
            pid = (read_state().get("app_servers") or servers)[0].get("pid") or victim["pid"]
            killed = kill_verified(int(pid), "gunicorn")
            killed_at.append(time.monotonic() - stats.started)
            print(f"  killed {victim['name']} (pid {pid}, with {len(killed) - 1} workers)")

        with LoadMonitor("kill-app") as monitor:
            probes.started = stats.started
            deadline = time.monotonic() + seconds
            elapsed, *_ = await asyncio.gather(
                self.staff_load("kill-app", seconds, stats, acknowledged),
                kill_later(),
                self.probe(survivor["url"], probes, deadline),
            )
        stored = stored_markers(self.state, self.marker("kill-app"))
        figures = self.staff_figures(stats, elapsed, acknowledged, stored)
        since = killed_at[0] if killed_at else 0.0
        failed_after = [r.sent for r in stats.records if r.sent >= since and not r.ok]
        figures.update(
            {
                "killed_at_s": round(since, 1),
                "failed_after_kill": len(failed_after),
                "last_failure_after_kill_s": round(max(failed_after) - since, 1)
                if failed_after
                else None,
                "survivor_probes": probes.summary(elapsed)["statuses"],
                "victim_back": await wait_healthy(self.http, victim["url"], 20),
            }
        )
        result.figures = figures
        result.checks = [
            Check(
                "other server serves",
                probes.count > 0 and all(r.status == 200 for r in probes.records),
                f"{survivor['name']}: {probes.statuses()}",
            ),
            *recovery_checks(stats, since=since, settle=self.args.settle),
            Check(
                "no lost writes",
                bool(acknowledged) and acknowledged <= stored,
                f"{len(acknowledged)} acknowledged, {len(acknowledged - stored)} missing",
            ),
        ]
        result.load = monitor.summary()
        return result

    # Restart PostgreSQL ------------------------------------------------------------

    def pg_ctl(self, *arguments: str) -> subprocess.CompletedProcess:
        postgres = self.state["postgres"]
        data_dir = Path(postgres["data_dir"])
        command = [str(Path(postgres.get("bin_dir") or "") / "pg_ctl"), "-D", str(data_dir)]
        command += list(arguments)
        owner = data_dir.stat().st_uid
        if os.geteuid() == 0 and owner != 0:
            import pwd

            command = ["runuser", "-u", pwd.getpwuid(owner).pw_name, "--", *command]
        log = ROOT / "var" / "loadtest-postgres.log"
        with log.open("ab") as output:
            return subprocess.run(
                command, stdout=output, stderr=output, timeout=120, check=False, cwd="/"
            )

    async def scenario_restart_db(self) -> Result:
        result = Result("restart-db")
        postgres = self.state.get("postgres") or {}
        if not postgres.get("throwaway") or not postgres.get("data_dir"):
            result.skipped = "prod-local uses an external PostgreSQL server; not restarted"
            return result
        stats, acknowledged = Stats(), set()
        seconds = self.args.fault_seconds
        restart: dict = {}

        async def restart_later():
            await asyncio.sleep(seconds / 3)
            restart["at"] = time.monotonic() - stats.started
            done = await asyncio.to_thread(self.pg_ctl, "restart", "-m", "fast", "-w")
            restart["took"] = time.monotonic() - stats.started - restart["at"]
            restart["rc"] = done.returncode
            print(f"  PostgreSQL restarted in {restart['took']:.1f} s (pg_ctl {done.returncode})")

        with LoadMonitor("restart-db") as monitor:
            elapsed, _ = await asyncio.gather(
                self.staff_load("restart-db", seconds, stats, acknowledged), restart_later()
            )
        stored = stored_markers(self.state, self.marker("restart-db"))
        figures = self.staff_figures(stats, elapsed, acknowledged, stored)
        since = restart.get("at", 0.0) + restart.get("took", 0.0)
        during = [r for r in stats.records if restart.get("at", 0) <= r.sent <= since]
        figures.update(
            {
                "restart_at_s": round(restart.get("at", 0), 1),
                "restart_took_s": round(restart.get("took", 0), 1),
                "pg_ctl_rc": restart.get("rc"),
                "answers_503": sum(1 for r in stats.records if r.status == 503),
                "requests_during_restart": len(during),
            }
        )
        result.figures = figures
        result.checks = [
            Check("pg_ctl restart", restart.get("rc") == 0, f"exit code {restart.get('rc')}"),
            *outage_checks(stats, since=since, settle=self.args.settle),
            Check(
                "no lost writes",
                bool(acknowledged) and acknowledged <= stored,
                f"{len(acknowledged)} acknowledged, {len(acknowledged - stored)} missing",
            ),
        ]
        result.load = monitor.summary()
        return result

    # Two staff members save the same case -------------------------------------------

    async def scenario_conflict(self) -> Result:
        result = Result("conflict")
        by_email: dict[str, Browser] = {}
        for browser in self.staff:
            by_email.setdefault(browser.email, browser)
        pair = None
        emails = sorted(by_email)
        for index, first in enumerate(emails):
            for second in emails[index + 1 :]:
                shared = sorted(set(self.cases[first]) & set(self.cases[second]))
                if shared:
                    pair = (by_email[first], by_email[second], shared[0])
                    break
            if pair:
                break
        if pair is None:  # one person in two browsers is still two sessions
            first = self.staff[0]
            second = next((b for b in self.staff[1:] if b.email == first.email), None)
            if second is None:
                result.checks = [Check("two sessions", False, "no two sessions on one case")]
                return result
            pair = (first, second, self.cases[first.email][0])
        one, other, pk = pair
        path = f"/faelle/{pk}/bearbeiten/"
        forms = []
        for browser in (one, other):
            status, body, _ = await browser.request("GET", path)
            forms.append(form_fields(body, "expected_version") if status == 200 else {})
        if not all(forms) or forms[0].get("expected_version") != forms[1].get("expected_version"):
            result.checks = [Check("same version", False, "the edit forms differ or are missing")]
            return result
        for browser, fields in zip((one, other), forms, strict=True):
            fields["csrfmiddlewaretoken"] = [browser.csrf]
        answers = await asyncio.gather(
            *(
                browser.request("POST", path, data=as_form_data(fields))
                for browser, fields in zip((one, other), forms, strict=True)
            )
        )
        saved = [a for a in answers if a[0] == 302]
        conflicts = [
            a for a in answers if a[0] == 200 and any(m in a[1] for m in CONFLICT_MESSAGES)
        ]
        result.figures = {
            "case": pk,
            "staff": [one.email, other.email],
            "version": forms[0]["expected_version"][0],
            "statuses": [a[0] for a in answers],
        }
        result.checks = [
            Check("one saved", len(saved) == 1, f"{len(saved)} saved"),
            Check("other gets the conflict", len(conflicts) == 1, f"{len(conflicts)} conflicts"),
        ]
        return result

    # Kill the worker during an import -------------------------------------------------

    async def lead_project(self) -> tuple[Browser, str]:
        """A project lead's login (one of the staff sessions, else a new login) and a
        project they may import into."""
        logged_in = {browser.email: browser for browser in self.staff}
        for email in sorted(demo_emails(self.state), key=lambda e: e not in logged_in):
            if "leitung" not in email:
                continue
            browser = logged_in.get(email) or Browser(self.http, self.base)
            if email not in logged_in and not await browser.login(email, self.password):
                continue
            status, body, _ = await browser.request("GET", "/projekte/")
            for slug in sorted(set(re.findall(r'href="/projekte/([a-z0-9-]+)/"', body))):
                status, _b, _ = await browser.request(
                    "GET", f"/projekte/{slug}/teilnehmende/import/"
                )
                if status == 200:
                    return browser, slug
        raise SetupError("No demo login may import a participant list.")

    async def import_file(self, browser: Browser, slug: str, rows: int, prefix: str) -> bytes:
        status, body, _ = await browser.request(
            "GET", f"/projekte/{slug}/teilnehmende/import/export/csv/", timeout=120
        )
        if status != 200:
            raise SetupError(f"The participant list export answered {status}.")
        reader = csv.DictReader(io.StringIO(body.lstrip("\ufeff")))
        template = next(iter(reader), None)
        if template is None:
            raise SetupError("The project's participant list is empty: no row to copy.")
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=reader.fieldnames)
        writer.writeheader()
        for number in range(1, rows + 1):
            row = dict(template)
            row["external_id"] = f"{prefix}{number:06d}"
            row["first_name"] = "Last"
            row["last_name"] = f"Probe {self.run_id} {number}"
            writer.writerow(row)
        return out.getvalue().encode()

    def worker_pid(self) -> int | None:
        return (read_state().get("worker") or {}).get("pid")

    async def scenario_kill_worker(self) -> Result:
        aiohttp = _client()
        result = Result("kill-worker")
        browser, slug = await self.lead_project()
        prefix = f"LT{self.run_id[:6]}-"
        content = await self.import_file(browser, slug, self.args.import_rows, prefix)
        upload = f"/projekte/{slug}/teilnehmende/import/"
        status, body, _ = await browser.request("GET", upload)
        fields = form_fields(body, "file")
        form = aiohttp.FormData()
        for name, value in as_form_data(fields):
            if name != "update":
                form.add_field(name, value)
        form.add_field("csrfmiddlewaretoken", browser.csrf)
        form.add_field("file", content, filename="loadtest.csv", content_type="text/csv")
        status, body, headers = await browser.request("POST", upload, data=form, timeout=120)
        token = re.search(r"/import/([0-9a-f]{32})/", headers.get("Location", ""))
        if status != 302 or not token:
            raise SetupError(f"The upload answered {status} without a preview link.")
        confirm = f"{upload}{token.group(1)}/importieren/"
        status, body, headers = await browser.request(
            "POST", confirm, data={"csrfmiddlewaretoken": browser.csrf, "update": "0"}
        )
        job = re.search(r"/laeufe/(\d+)/", headers.get("Location", ""))
        if status != 302 or not job:
            raise SetupError(f"The confirmation answered {status} without a job link.")
        job_id = int(job.group(1))
        monitor = LoadMonitor("kill-worker")
        with monitor:
            started = time.monotonic()
            status_now = await self.wait_job(job_id, {"running"}, 60)
            if status_now != "running":
                result.checks = [Check("import started", False, f"job {job_id}: {status_now}")]
                return result
            await asyncio.sleep(self.args.kill_after)
            still = self.job_status(job_id)
            pid = self.worker_pid()
            if still != "running" or not pid:
                result.checks = [
                    Check("killed while running", False, f"job {still}, worker pid {pid}")
                ]
                return result
            kill_verified(int(pid), "manage.py")
            killed_at = time.monotonic() - started
            print(f"  killed the worker (pid {pid}) {killed_at:.1f} s into the import")
            restarted_by = await self.worker_back(pid)
            final = await self.wait_job(job_id, {"done", "failed"}, self.args.import_timeout)
            finished_at = time.monotonic() - started
        count, distinct = db_query(
            self.state,
            "SELECT count(*), count(DISTINCT external_id) FROM participants_participant "
            "WHERE external_id LIKE %s",
            (prefix + "%",),
        )[0]
        jobs = db_query(
            self.state,
            "SELECT count(*) FROM participants_importjob WHERE token = %s",
            (token.group(1),),
        )[0][0]
        result.figures = {
            "rows": self.args.import_rows,
            "job": job_id,
            "killed_at_s": round(killed_at, 1),
            "worker_restarted_by": restarted_by,
            "job_status": final,
            "finished_at_s": round(finished_at, 1),
            "participants_imported": count,
            "distinct_numbers": distinct,
            "jobs_for_upload": jobs,
        }
        result.checks = [
            Check("import done", final == "done", f"job {job_id}: {final}"),
            Check(
                "exactly once",
                count == distinct == self.args.import_rows and jobs == 1,
                f"{count} participants, {distinct} numbers, {jobs} jobs",
            ),
        ]
        result.load = monitor.summary()
        return result

    def job_status(self, job_id: int) -> str:
        rows = db_query(
            self.state, "SELECT status FROM participants_importjob WHERE id = %s", (job_id,)
        )
        return rows[0][0] if rows else "missing"

    async def wait_job(self, job_id: int, wanted: set, seconds: float) -> str:
        deadline = time.monotonic() + seconds
        status = self.job_status(job_id)
        while status not in wanted and time.monotonic() < deadline:
            await asyncio.sleep(0.2)
            status = self.job_status(job_id)
        return status

    async def worker_back(self, old_pid: int) -> str:
        """Wait for the supervisor to restart the worker; else start one here."""
        deadline = time.monotonic() + self.args.restart_wait
        while time.monotonic() < deadline:
            pid = self.worker_pid()
            if pid and pid != old_pid and alive(pid):
                return "supervisor"
            await asyncio.sleep(0.5)
        print("  no worker restarted by a supervisor: starting one for the rest of the run")
        self.started_worker = subprocess.Popen(  # noqa: S603 - our own manage.py
            [PYTHON, "manage.py", *worker_command()],
            cwd=ROOT,
            env=manage_env(self.state),
            stdout=(ROOT / "var" / "loadtest-worker.log").open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return "loadtest"


def worker_command() -> list[str]:
    """`run_worker` (the worker with recovery, from sched) when it exists."""
    commands = ROOT / "quartier" / "operations" / "management" / "commands"
    if (commands / "run_worker.py").exists():
        return ["run_worker"]
    return ["db_worker", "--no-reload"]


# Output --------------------------------------------------------------------------------


def print_result(result: Result) -> None:
    if result.skipped:
        print(f"{result.name}: skipped ({result.skipped})")
        return
    print(f"{result.name}: {'PASS' if result.passed else 'FAIL'}")
    for key, value in result.figures.items():
        print(f"    {key}: {value}")
    if result.load:
        load = result.load
        print(
            f"    machine: load max {load['load1_max']} (1 min), CPU mean "
            f"{load['cpu_mean_percent']} % / max {load['cpu_max_percent']} % of "
            f"{load['cores']} cores"
        )
    for check in result.checks:
        print(f"    [{'ok' if check.passed else 'FAIL'}] {check.name}: {check.detail}")


def summary_table(results: list[Result]) -> str:
    lines = [
        f"{'scenario':<12} {'result':<7} {'requests':>8} {'rate/s':>8} {'p50 ms':>8} "
        f"{'p95 ms':>8} {'5xx':>5} {'load':>5} {'CPU %':>6}  checks",
    ]
    for r in results:
        f, load = r.figures, r.load
        outcome = "skip" if r.skipped else ("PASS" if r.passed else "FAIL")
        failed = [c.name for c in r.checks if not c.passed]
        lines.append(
            f"{r.name:<12} {outcome:<7} {f.get('requests', ''):>8} "
            f"{f.get('achieved_rate', f.get('rate', '')) or '':>8} {f.get('p50_ms', '') or '':>8} "
            f"{f.get('p95_ms', '') or '':>8} {f.get('server_errors', ''):>5} "
            f"{load.get('load1_max', '') or '':>5} {load.get('cpu_mean_percent', '') or '':>6}  "
            + (("failed: " + ", ".join(failed)) if failed else r.skipped or "all passed")
        )
    return "\n".join(lines)


def write_results(results: list[Result], args, state: dict, started: float) -> None:
    RESULTS_FILE.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "finished": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "seconds": round(time.monotonic() - started, 1),
        "target": state.get("proxy_url"),
        "cores": os.cpu_count(),
        "settings": {k: v for k, v in vars(args).items() if k != "only"},
        "passed": all(r.passed for r in results),
        "scenarios": [
            {**asdict(r), "passed": r.passed, "checks": [asdict(c) for c in r.checks]}
            for r in results
        ],
    }
    RESULTS_FILE.write_text(json.dumps(data, indent=2, default=str))


# Main ----------------------------------------------------------------------------------


def start_prod_local() -> None:
    if not PROD_LOCAL.exists():
        raise SetupError(
            "prod-local is not running and scripts/prod_local.py is missing: start "
            "`make prod-local` first."
        )
    print("Starting prod-local (scripts/prod_local.py start --detach) ...", flush=True)
    done = subprocess.run(  # noqa: S603 - our own script
        [PYTHON, str(PROD_LOCAL), "start", "--detach"], cwd=ROOT, timeout=600, check=False
    )
    if done.returncode != 0:
        raise SetupError(f"scripts/prod_local.py start --detach failed ({done.returncode}).")


def stop_prod_local() -> None:
    print("Stopping the prod-local this run started ...", flush=True)
    subprocess.run([PYTHON, str(PROD_LOCAL), "stop"], cwd=ROOT, timeout=120, check=False)  # noqa: S603


async def main_async(args) -> int:
    aiohttp = _client()
    started = time.monotonic()
    connector = aiohttp.TCPConnector(limit=args.max_in_flight + args.sessions + 20)
    async with aiohttp.ClientSession(
        connector=connector, cookie_jar=aiohttp.DummyCookieJar()
    ) as http:
        state = read_state()
        we_started = False
        results: list[Result] = []
        run = None
        try:
            if not state or not alive(state.get("supervisor_pid")):
                we_started = True
                await asyncio.to_thread(start_prod_local)
                state = read_state()
            if not state:
                raise SetupError(f"{STATE_FILE} is missing after the start.")
            urls = state_urls(state)  # refuses anything not on loopback
            if not await wait_healthy(http, urls[0], 120):
                raise SetupError(f"{urls[0]}/healthz does not answer 200.")
            run = Run(args, state, http)
            print(f"Load test {run.run_id} against {run.base}, {os.cpu_count()} cores", flush=True)
            await run.log_in_staff()
            scenarios = {
                "public": run.scenario_public,
                "staff": run.scenario_staff,
                "conflict": run.scenario_conflict,
                "kill-app": run.scenario_kill_app,
                "restart-db": run.scenario_restart_db,
                "kill-worker": run.scenario_kill_worker,
            }
            for name in args.only:
                for url in state_urls(read_state()):
                    await wait_healthy(http, url, args.restart_wait)
                print(f"\n== {name}", flush=True)
                left = args.timeout - (time.monotonic() - started)
                try:
                    result = await asyncio.wait_for(scenarios[name](), timeout=max(left, 1))
                except TimeoutError:
                    result = Result(name, checks=[Check("in time", False, "overall limit reached")])
                except SetupError as error:
                    result = Result(name, checks=[Check("set-up", False, str(error))])
                except Exception as error:  # noqa: BLE001 - reported as the scenario's failure
                    result = Result(name, checks=[Check("ran", False, repr(error))])
                results.append(result)
                print_result(result)
                if time.monotonic() - started >= args.timeout:
                    print(f"Overall limit of {args.timeout:.0f} s reached: stopping.", flush=True)
                    break
        finally:
            worker = getattr(run, "started_worker", None)
            if worker is not None:
                worker.terminate()
                with contextlib.suppress(subprocess.TimeoutExpired):
                    worker.wait(20)
            if we_started:
                await asyncio.to_thread(stop_prod_local)
        write_results(results, args, state, started)
        print("\n" + summary_table(results))
        print(f"\nFigures written to {RESULTS_FILE.relative_to(ROOT)}")
        return 0 if results and all(r.passed for r in results) else 1


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default=",".join(SCENARIOS), help="scenarios, comma-separated")
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--staff-seconds", type=float, default=60)
    parser.add_argument("--think", type=float, default=0.0, help="max think time (s)")
    parser.add_argument("--rate", type=float, default=200, help="public requests per second")
    parser.add_argument("--public-seconds", type=float, default=30)
    parser.add_argument("--hsds-path", default="/hsds/services?full=true")
    parser.add_argument("--fault-seconds", type=float, default=30)
    parser.add_argument("--settle", type=float, default=10, help="seconds to recover")
    parser.add_argument("--import-rows", type=int, default=20000)
    parser.add_argument("--kill-after", type=float, default=1.0)
    parser.add_argument("--import-timeout", type=float, default=180)
    parser.add_argument("--restart-wait", type=float, default=15)
    parser.add_argument("--max-logins", type=int, default=25, help="allauth: 30/min")
    parser.add_argument("--max-requests", type=int, default=100_000)
    parser.add_argument("--max-in-flight", type=int, default=500)
    parser.add_argument("--timeout", type=float, default=1200, help="overall limit (s)")
    args = parser.parse_args(argv)
    args.only = [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = set(args.only) - set(SCENARIOS)
    if unknown:
        parser.error(f"unknown scenarios: {', '.join(sorted(unknown))}")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    try:
        # A backstop: each scenario is cut at the limit, set-up and stopping get 5 min.
        return asyncio.run(asyncio.wait_for(main_async(args), timeout=args.timeout + 300))
    except SetupError as error:
        print(f"loadtest: {error}", file=sys.stderr)
        return 2
    except TimeoutError:
        print(f"loadtest: stopped after the overall limit of {args.timeout:.0f} s", file=sys.stderr)
        return 1
    except ValueError as error:  # a URL not on loopback
        print(f"loadtest: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
