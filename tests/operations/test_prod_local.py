"""make prod-local's configuration (scripts/prod_local.py) and the settings it relies on.

Fast: no server is started. The nginx configuration is checked with `nginx -t` when
nginx is installed; the settings are read in a subprocess with production variables.
"""

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def prod_local():
    spec = importlib.util.spec_from_file_location("prod_local", ROOT / "scripts" / "prod_local.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["prod_local"] = module  # its dataclass looks itself up there
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        sys.modules.pop("prod_local", None)


def test_nginx_conf_balances_both_app_servers_with_failover_and_gzip(prod_local, tmp_path):
    conf = prod_local.nginx_conf(var=tmp_path, proxy_port=8100, app_ports=[8101, 8102])

    assert "listen 127.0.0.1:8100;" in conf
    assert "server 127.0.0.1:8101" in conf
    assert "server 127.0.0.1:8102" in conf
    assert "proxy_next_upstream error timeout http_502 http_504;" in conf
    assert "gzip on;" in conf
    assert "application/json" in conf
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in conf
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in conf
    # Everything nginx writes stays under var/prod-local; no user switch unless asked.
    assert f"pid {tmp_path / 'nginx' / 'nginx.pid'};" in conf
    assert f"proxy_temp_path {tmp_path / 'nginx' / 'tmp' / 'proxy'};" in conf
    assert "\nuser " not in conf
    assert "user root;" in prod_local.nginx_conf(
        var=tmp_path, proxy_port=8100, app_ports=[8101], user="root"
    )


@pytest.mark.skipif(not shutil.which("nginx"), reason="nginx is not installed")
def test_nginx_accepts_the_generated_conf(prod_local, tmp_path):
    (tmp_path / "logs").mkdir()
    for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (tmp_path / "nginx" / "tmp" / kind).mkdir(parents=True)
    conf = tmp_path / "nginx" / "nginx.conf"
    user = "root" if os.geteuid() == 0 else None
    conf.write_text(
        prod_local.nginx_conf(var=tmp_path, proxy_port=8100, app_ports=[8101, 8102], user=user)
    )
    error_log = str(tmp_path / "logs" / "nginx-error.log")
    argv = ["nginx", "-t", "-q", "-p", str(tmp_path / "nginx"), "-e", error_log, "-c", str(conf)]
    result = subprocess.run(argv, capture_output=True, text=True, check=False)

    assert result.returncode == 0, result.stderr


def test_gunicorn_runs_threaded_workers_on_its_own_loopback_port(prod_local):
    argv = prod_local.gunicorn_argv(
        venv_bin=Path("/venv/bin"), name="app2", port=8102, workers=2, threads=4
    )

    assert argv[:2] == ["/venv/bin/gunicorn", "config.wsgi"]
    assert argv[argv.index("--bind") + 1] == "127.0.0.1:8102"
    assert argv[argv.index("--worker-class") + 1] == "gthread"
    assert argv[argv.index("--workers") + 1] == "2"
    assert argv[argv.index("--threads") + 1] == "4"


def test_state_json_has_the_agreed_shape(prod_local, tmp_path):
    state = prod_local.build_state(
        proxy_port=8100,
        apps=[{"name": "app1", "port": 8101, "pid": 11}, {"name": "app2", "port": 8102, "pid": 12}],
        worker_pid=13,
        scheduler_pid=None,
        supervisor_pid=10,
        database_url="postgres://postgres@127.0.0.1:8132/quartier_prod_local",
        postgres={"throwaway": True, "data_dir": str(tmp_path), "port": 8132, "bin_dir": "/b"},
        media_root=tmp_path / "media",
        env={"DJANGO_ENV": "production"},
        staff_login={"email": "fallmanagement@demo.quartier.example", "password": "x"},
    )

    assert json.loads(json.dumps(state)) == state
    assert state["proxy_url"] == "http://127.0.0.1:8100"
    assert state["app_servers"] == [
        {"name": "app1", "url": "http://127.0.0.1:8101", "pid": 11},
        {"name": "app2", "url": "http://127.0.0.1:8102", "pid": 12},
    ]
    assert state["worker"] == {"pid": 13}
    assert state["scheduler"] == {"pid": None}
    assert state["supervisor_pid"] == 10
    assert state["postgres"]["port"] == 8132
    assert state["staff_login"]["email"].startswith("fallmanagement@")


def test_app_env_is_production_on_plain_http_behind_one_proxy(prod_local, monkeypatch):
    monkeypatch.delenv("REDIS_URL", raising=False)
    env = prod_local.app_env(database_url="postgres://x/y", secret_key="k", proxy_port=8100)

    assert env["DJANGO_ENV"] == "production"
    assert env["PROXY_COUNT"] == "1"
    assert env["SECURE_SSL_REDIRECT"] == "false"
    assert env["SECURE_COOKIES"] == "false"
    assert env["QUARTIER_CACHE"] == "database"  # shared by both app servers
    assert env["QUARTIER_BASE_URL"] == "http://127.0.0.1:8100"


def test_demo_logins_are_read_from_the_command_output(prod_local):
    output = (
        "\nQuartier demo – http://127.0.0.1:8000/\n"
        "Password for every demo login: secret-1\n"
        "  admin@demo.quartier.example           Plattform-Admin  \n"
        "  fallmanagement@demo.quartier.example  Fallmanagement   Projekt A\n"
    )
    password, logins = prod_local.parse_demo_logins(output)

    assert password == "secret-1"
    assert [login["email"] for login in logins] == [
        "admin@demo.quartier.example",
        "fallmanagement@demo.quartier.example",
    ]


def read_settings(**env) -> subprocess.CompletedProcess:
    """config.settings read in a fresh interpreter with production variables."""
    code = (
        "import json, config.settings as s; print(json.dumps({"
        "'pool': {k: v for k, v in s.DATABASES['default'].get('OPTIONS', {})"
        ".get('pool', {}).items() if k != 'check'},"
        "'conn_max_age': s.DATABASES['default']['CONN_MAX_AGE'],"
        "'cache': s.CACHES['default']['BACKEND'] if hasattr(s, 'CACHES') else None,"
        "'session_secure': s.SESSION_COOKIE_SECURE, 'skip_mfa': s.DEMO_USERS_SKIP_MFA}))"
    )
    base = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE", "REDIS", "QUARTIER_", "SECURE_"))
        and key != "ALLOWED_HOSTS"
    }
    variables = {
        "DJANGO_ENV": "production",
        "SECRET_KEY": "test-only-" + "x" * 40,
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/quartier",
        **env,
    }
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**base, **variables},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_pools_connections_and_loopback_switches_apply():
    result = read_settings(
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_COOKIES="false",
        QUARTIER_DEMO_SKIP_MFA="true",
        QUARTIER_CACHE="database",
        DATABASE_POOL_MAX_SIZE="6",
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)

    assert values["pool"] == {"min_size": 2, "max_size": 6, "timeout": 5, "reconnect_timeout": 10}
    assert values["conn_max_age"] == 0
    assert values["cache"] == "django.core.cache.backends.db.DatabaseCache"
    assert values["session_secure"] is False
    assert values["skip_mfa"] is True


@pytest.mark.parametrize("switch", ["SECURE_COOKIES=false", "QUARTIER_DEMO_SKIP_MFA=true"])
def test_loopback_switches_are_refused_for_a_real_host_name(switch):
    name, value = switch.split("=")
    result = read_settings(ALLOWED_HOSTS="quartier.example.org", **{name: value})

    assert result.returncode != 0
    assert f"{name}" in result.stderr
    assert "loopback" in result.stderr
