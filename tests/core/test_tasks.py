"""Configuration of the background tasks and of the reminder's link and time, read as a
server reads it at start-up (a fresh process per case)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {"DJANGO_ENV": "production", "SECRET_KEY": "x" * 50}
SHOW = (
    "import json, django; django.setup(); from django.conf import settings;"
    "from django.tasks import task_backends; b = task_backends['default'];"
    "print(json.dumps({'backend': type(b).__name__, 'base': settings.QUARTIER_BASE_URL,"
    " 'time': settings.QUARTIER_REMINDER_TIME.isoformat(timespec='minutes'),"
    " 'apps': settings.INSTALLED_APPS}))"
)


def settings_of(**env) -> subprocess.CompletedProcess:
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "DJANGO_ENV", "TASKS_BACKEND", "QUARTIER_BASE_URL"}
        and not k.startswith("QUARTIER_REMINDER")
    }
    environment.update(DJANGO_SETTINGS_MODULE="config.settings", **env)
    return subprocess.run(
        [sys.executable, "-c", SHOW],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def shown(**env) -> dict:
    result = settings_of(**env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_database_backend_by_default_with_its_app_installed():
    answer = shown()
    assert answer["backend"] == "DatabaseBackend"
    assert "django_tasks_db" in answer["apps"]
    assert answer["base"] == "http://127.0.0.1:8000"
    assert answer["time"] == "06:30"


def test_tests_run_tasks_immediately_unless_told_otherwise():
    assert shown(DJANGO_ENV="test")["backend"] == "ImmediateBackend"
    assert shown(DJANGO_ENV="test", TASKS_BACKEND="database")["backend"] == "DatabaseBackend"
    assert shown(TASKS_BACKEND="immediate")["backend"] == "ImmediateBackend"


def test_production_links_to_the_first_host_unless_a_base_url_is_set():
    assert shown(**PRODUCTION, ALLOWED_HOSTS="quartier.example.org,www.example.org")["base"] == (
        "https://quartier.example.org"
    )
    assert (
        shown(
            **PRODUCTION,
            ALLOWED_HOSTS="quartier.example.org",
            QUARTIER_BASE_URL="https://example.org/quartier/",
        )["base"]
        == "https://example.org/quartier"
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"TASKS_BACKEND": "redis"}, "TASKS_BACKEND must be database or immediate, not 'redis'."),
        ({"QUARTIER_REMINDER_TIME": "25:00"}, "QUARTIER_REMINDER_TIME must be a time like 06:30"),
        ({"QUARTIER_REMINDER_TIME": "7"}, "QUARTIER_REMINDER_TIME must be a time like 06:30"),
        (
            {"QUARTIER_BASE_URL": "quartier.example.org"},
            "QUARTIER_BASE_URL must start with https:// or http://",
        ),
        (
            {**PRODUCTION, "ALLOWED_HOSTS": ".example.org"},
            "QUARTIER_BASE_URL is not set and the first ALLOWED_HOSTS entry is a wildcard.",
        ),
    ],
)
def test_bad_values_stop_start_up_with_one_line(env, message):
    result = settings_of(**env)
    assert result.returncode == 1
    assert result.stderr.startswith("Quartier configuration error: ")
    assert len(result.stderr.strip().splitlines()) == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr
