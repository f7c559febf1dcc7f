"""Health check, start-up configuration and deploy checks, run as a user would run them."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]


DOWN = "postgres://nobody@127.0.0.1:1/quartier"  # nothing listens on port 1


def run(command: list[str], **env) -> subprocess.CompletedProcess:
    """Run a Python command as a user would start it, with a clean Quartier environment."""
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "DJANGO_ENV", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment.update(DJANGO_SETTINGS_MODULE="config.settings", **env)
    return subprocess.run(
        [sys.executable, *command],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def run_manage(*args, **env):
    return run(["manage.py", *args], **env)


def run_python(script: str, **env):
    return run(["-c", "import django; django.setup();" + script], **env)


@pytest.mark.django_db
def test_healthz_answers_without_login(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_reports_503_when_postgresql_is_down(tmp_path):
    """A server with a PostgreSQL that does not answer (nothing listens on port 1)."""
    result = run_python(
        "import json; from django.test import Client;"
        "r = Client().get('/healthz');"
        "print(json.dumps({'status': r.status_code, 'body': r.json()}))",
        DATABASE_URL=DOWN,
    )
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    assert answer == {"status": 503, "body": {"status": "error", "database": "error"}}


def test_database_outage_shows_a_clear_page_not_a_traceback():
    result = run_python(
        "from django.test import Client;"
        "r = Client(raise_request_exception=False).post("
        "'/accounts/login/', {'login': 'a@example.org', 'password': 'long-enough-pw-1'});"
        "print(r.status_code); print(r.content.decode())",
        DATABASE_URL=DOWN,
        DEBUG="false",
    )
    status, _, body = result.stdout.partition("\n")
    assert status == "503", result.stdout + result.stderr
    assert "Datenbank" in body
    assert "Traceback" not in body


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DJANGO_ENV": "production", "ALLOWED_HOSTS": "q.example.org"}, "SECRET_KEY is not set"),
        ({"DJANGO_ENV": "production", "SECRET_KEY": "x" * 60}, "ALLOWED_HOSTS is not set"),
        ({"DATABASE_URL": "mysql://db/quartier"}, "DATABASE_URL must start with postgres://"),
        ({"DATABASE_URL": "postgres://user@host:notaport/db"}, "DATABASE_URL"),
        ({"DJANGO_ENV": "staging"}, "DJANGO_ENV must be development, test or production"),
        (
            {
                "DJANGO_ENV": "production",
                "SECRET_KEY": "x" * 60,
                "ALLOWED_HOSTS": "q.example.org",
                "DEBUG": "true",
            },
            "DEBUG must be off in production",
        ),
    ],
    ids=["no-secret", "no-hosts", "wrong-scheme", "malformed-url", "unknown-env", "debug-on"],
)
def test_bad_configuration_stops_with_one_clear_line(env, message):
    result = run_manage("check", **env)
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_production_settings_pass_the_deploy_check_without_warnings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_ENV="production",
        SECRET_KEY="a-long-random-production-secret-key-" + "k7Qz" * 10,
        ALLOWED_HOSTS="quartier.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stdout + result.stderr


def test_production_turns_debug_off_and_cookies_secure():
    result = run_python(
        "from django.conf import settings as s;"
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0)",
        DJANGO_ENV="production",
        SECRET_KEY="y" * 60,
        ALLOWED_HOSTS="q.example.org",
    )
    assert result.stdout.split() == ["False", "True", "True", "True"], result.stderr


def test_command_against_a_database_that_is_down_says_so_in_one_line():
    result = run_manage("migrate", DATABASE_URL=DOWN)
    assert result.returncode == 1
    assert "cannot reach its database" in result.stderr
    assert "Traceback" not in result.stderr


def test_seed_demo_refuses_to_run_in_production(tmp_path):
    result = run_manage(
        "seed_demo",
        DJANGO_ENV="production",
        SECRET_KEY="z" * 60,
        ALLOWED_HOSTS="q.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'prod.sqlite3'}",
    )
    assert result.returncode == 1
    assert "refuses to run with DJANGO_ENV=production" in result.stderr


def test_redis_url_shares_the_cache_between_processes():
    """Two processes (two app servers) see the same cache through REDIS_URL."""
    import socket

    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        pytest.skip("no Redis on 127.0.0.1:6379 (CI and the development machines have one)")
    url = "redis://127.0.0.1:6379/15"
    write = run_python(
        "from django.core.cache import cache; cache.set('quartier-test', 'geteilt', 30)",
        REDIS_URL=url,
    )
    assert write.returncode == 0, write.stderr
    read = run_python(
        "from django.core.cache import cache; print(cache.get('quartier-test'))", REDIS_URL=url
    )
    assert read.stdout.strip() == "geteilt", read.stderr


def test_wrong_redis_url_stops_with_a_clear_line():
    result = run_manage("check", REDIS_URL="localhost:6379")
    assert result.returncode == 1
    assert "REDIS_URL must start with redis://" in result.stderr
