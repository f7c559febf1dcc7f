"""Helpers for tests that run background tasks: another task backend, one worker batch."""

import signal
from contextlib import contextmanager
from io import StringIO

from asgiref.local import Local
from django.core.management import call_command
from django.tasks import task_backends
from django.test import override_settings


@contextmanager
def task_backend(path: str):
    """Use another task backend. django.tasks keeps its backends after the first use and
    does not listen to override_settings, so the handler is reset on the way in and out."""

    def reset():
        task_backends.__dict__.pop("settings", None)
        task_backends._settings = None
        task_backends._connections = Local(task_backends.thread_critical)

    with override_settings(TASKS={"default": {"BACKEND": path}}):
        reset()
        try:
            yield
        finally:
            reset()


def run_worker() -> str:
    """One batch of the real worker command: every task that is due, then exit."""
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    out = StringIO()
    try:
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=out)
    finally:
        # The worker installs its own Ctrl-C handler; give pytest its own back.
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
    return out.getvalue()
