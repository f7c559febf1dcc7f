"""The pure parts of bench/loadtest.py (`make loadtest`): percentiles, the open-loop
schedule, the loopback guard, CPU figures, form parsing and the pass criteria. The
load itself runs against prod-local, not here."""

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _load():
    spec = importlib.util.spec_from_file_location("loadtest", ROOT / "bench" / "loadtest.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("loadtest", module)
    spec.loader.exec_module(module)
    return module


lt = _load()


def stats_of(*records):
    stats = lt.Stats(started=0.0)
    for label, sent, status, *rest in records:
        stats.add(lt.Record(label, sent=sent, latency=0.01, status=status, traceback=bool(rest)))
    return stats


# Percentiles -------------------------------------------------------------------------


def test_percentile_interpolates_between_ranks():
    values = [1, 2, 3, 4]
    assert lt.percentile(values, 0.5) == 2.5
    assert lt.percentile(values, 0.0) == 1
    assert lt.percentile(values, 1.0) == 4
    assert lt.percentile(list(range(1, 101)), 0.95) == pytest.approx(95.05)


def test_percentile_ignores_order_and_handles_one_or_no_value():
    assert lt.percentile([9, 1, 5], 0.5) == 5
    assert lt.percentile([7], 0.95) == 7
    assert lt.percentile([], 0.5) is None


def test_percentile_refuses_a_fraction_outside_zero_to_one():
    with pytest.raises(ValueError, match="fraction"):
        lt.percentile([1], 95)


# Pacing ------------------------------------------------------------------------------


def test_open_loop_schedule_is_evenly_spaced_at_the_rate():
    offsets = lt.send_offsets(200, 30)
    assert len(offsets) == 6000
    assert offsets[:3] == [0.0, 0.005, 0.01]
    assert offsets[-1] < 30
    assert lt.send_offsets(4, 0.5) == [0.0, 0.25]


def test_open_loop_schedule_is_empty_without_a_rate_or_time():
    assert lt.send_offsets(0, 30) == []
    assert lt.send_offsets(200, 0) == []


# The loopback guard ------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8100",
        "http://127.0.0.2:8101/healthz",
        "http://localhost:8100/",
        "http://[::1]:8100/",
        "https://127.0.0.1/",
    ],
)
def test_loopback_urls_are_allowed(url):
    assert lt.require_loopback(url) == url


@pytest.mark.parametrize(
    "url",
    [
        "http://10.0.0.5:8100",
        "http://192.168.1.2/",
        "http://example.org/",
        "http://quartier.example.org:8100/",
        "http://0.0.0.0:8100/",
        "ftp://127.0.0.1/",
        "127.0.0.1:8100",
    ],
)
def test_other_urls_are_refused(url):
    with pytest.raises(ValueError, match="loopback|http"):
        lt.require_loopback(url)


def test_a_browser_refuses_a_non_loopback_base():
    with pytest.raises(ValueError, match="loopback only"):
        lt.Browser(None, "http://203.0.113.7:8100")


# CPU figures -------------------------------------------------------------------------


def test_cpu_use_from_proc_stat():
    before = lt.cpu_times("cpu  100 0 100 700 100 0 0 0 0 0\ncpu0 1 2 3 4\n")
    after = lt.cpu_times("cpu  200 0 200 800 100 0 0 0 0 0\n")
    assert before == (200, 1000)
    assert lt.cpu_percent(before, after) == pytest.approx(200 / 300 * 100)
    assert lt.cpu_percent(after, after) == 0.0


def test_cpu_times_needs_the_cpu_line():
    with pytest.raises(ValueError, match="no cpu line"):
        lt.cpu_times("intr 1 2 3\n")


# Forms -------------------------------------------------------------------------------

PAGE = """
<form method="post" action="/accounts/logout/">
  <input type="hidden" name="csrfmiddlewaretoken" value="a">
</form>
<form method="post" novalidate>
  <input type="hidden" name="csrfmiddlewaretoken" value="a">
  <input type="date" name="date" value="2026-12-05" required>
  <input type="number" name="duration_minutes" value="30">
  <select name="channel">
    <option value="walk_in">Walk-in<option value="phone" selected>Phone
  </select>
  <select name="stage"><option value="intake">Intake</select>
  <input type="checkbox" name="topics" value="job_search">
  <input type="checkbox" name="topics" value="health" checked>
  <textarea name="notes">x &amp; y</textarea>
  <button type="submit">Save</button>
</form>
"""


def test_form_fields_sends_what_a_browser_sends():
    fields = lt.form_fields(PAGE, "duration_minutes")
    assert fields == {
        "csrfmiddlewaretoken": ["a"],
        "date": ["2026-12-05"],
        "duration_minutes": ["30"],
        "channel": ["phone"],
        "stage": ["intake"],
        "topics": ["health"],
        "notes": ["x & y"],
    }
    assert lt.form_fields(PAGE, "no_such_field") == {}


# Pass criteria -----------------------------------------------------------------------


def test_staff_passes_without_5xx_and_with_every_acknowledged_write_stored():
    stats = stats_of(("case page", 0.1, 200), ("save contact", 0.2, 302))
    checks = lt.staff_checks(stats, {"m1", "m2"}, {"m1", "m2", "m3"})
    assert all(check.passed for check in checks)


def test_staff_fails_on_a_lost_write_or_a_5xx():
    stats = stats_of(("case page", 0.1, 200), ("save contact", 0.2, 502))
    checks = {c.name: c for c in lt.staff_checks(stats, {"m1", "m2"}, {"m1"})}
    assert not checks["no 5xx"].passed
    assert not checks["no lost writes"].passed
    assert "1 missing" in checks["no lost writes"].detail


def test_staff_fails_when_nothing_was_acknowledged():
    checks = {c.name: c for c in lt.staff_checks(stats_of(("case page", 0.1, 200)), set(), set())}
    assert not checks["no lost writes"].passed


def test_public_fails_on_a_5xx_or_a_request_without_answer():
    assert all(c.passed for c in lt.public_checks(stats_of(("/", 0.1, 200), ("/", 0.2, 304))))
    assert not all(c.passed for c in lt.public_checks(stats_of(("/", 0.1, 503))))
    assert not all(c.passed for c in lt.public_checks(stats_of(("/", 0.1, None))))


def test_a_database_restart_may_answer_503_but_nothing_else():
    stats = stats_of(
        ("case page", 1.0, 200),
        ("case page", 5.0, 503),
        ("save contact", 5.5, 503),
        ("case page", 20.0, 200),
    )
    assert all(c.passed for c in lt.outage_checks(stats, since=6.0, settle=10))


def test_a_database_restart_fails_on_500_a_traceback_or_late_failures():
    checks = {
        c.name: c
        for c in lt.outage_checks(
            stats_of(
                ("case page", 5.0, 500),
                ("case page", 5.1, 503, "traceback"),
                ("case page", 17.0, 503),
            ),
            since=6.0,
            settle=10,
        )
    }
    assert not checks["failures are 503"].passed
    assert not checks["no traceback page"].passed
    assert not checks["succeeds afterwards"].passed


def test_after_a_killed_app_server_requests_succeed_again_within_the_settle_time():
    good = stats_of(("case page", 10.5, None), ("case page", 12.0, 502), ("case page", 25, 200))
    assert all(c.passed for c in lt.recovery_checks(good, since=10.0, settle=10))
    bad = stats_of(("case page", 25.0, 502))
    assert not all(c.passed for c in lt.recovery_checks(bad, since=10.0, settle=10))


def test_a_result_passes_only_when_every_check_passes():
    result = lt.Result("x", checks=[lt.Check("a", True), lt.Check("b", False)])
    assert not result.passed
    assert lt.Result("y", checks=[lt.Check("a", True)]).passed
    table = lt.summary_table([result, lt.Result("z", skipped="external server")])
    assert "FAIL" in table
    assert "failed: b" in table
    assert "skip" in table


def test_stats_summary_counts_statuses_and_latencies():
    stats = stats_of(("a", 0, 200), ("a", 0, 200), ("a", 0, 503), ("a", 0, None))
    summary = stats.summary(2.0)
    assert summary["requests"] == 4
    assert summary["rate"] == 2.0
    assert summary["server_errors"] == 1
    assert summary["transport_errors"] == 1
    assert summary["statuses"] == {"200": 2, "503": 1, "no answer": 1}
    assert summary["p50_ms"] == 10.0


def test_arguments_refuse_an_unknown_scenario():
    assert lt.parse_args(["--only", "staff,public"]).only == ["staff", "public"]
    with pytest.raises(SystemExit):
        lt.parse_args(["--only", "everything"])
