"""`python tests/operations/pinned_manage.py COMMAND ...`: a manage.py command in a
subprocess of a test, with test hooks set by the environment:

- QUARTIER_TEST_NOW (ISO time): the clock starts there (time-machine, ticking);
- QUARTIER_TEST_PROBE (a file): the daily jobs are only "probe", which appends
  "pid" to that file (QUARTIER_TEST_PROBE_FAIL=1: it raises instead);
- QUARTIER_TEST_HOLD_IMPORT (a file): the participant import, after its first batch
  is written (inside its transaction), creates that file and waits a minute, so the
  test can kill the worker in the middle.
"""

import os
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

if os.environ.get("QUARTIER_TEST_NOW"):
    import time_machine

    time_machine.travel(datetime.fromisoformat(os.environ["QUARTIER_TEST_NOW"]), tick=True).start()

import django  # noqa: E402

django.setup()

if os.environ.get("QUARTIER_TEST_PROBE"):
    from quartier.core import jobs

    def probe() -> dict:
        if os.environ.get("QUARTIER_TEST_PROBE_FAIL"):
            raise RuntimeError("probe failed on purpose")
        with open(os.environ["QUARTIER_TEST_PROBE"], "a") as out:
            out.write(f"{os.getpid()}\n")
        return {"pid": os.getpid()}

    jobs._jobs.clear()
    jobs._discovered = True
    jobs.register_daily_job("probe", probe)

if os.environ.get("QUARTIER_TEST_HOLD_IMPORT"):
    from quartier.participants.services import import_jobs

    original = import_jobs._progress_writer

    def holding_writer(job):
        write = original(job)

        def hold(phase, done, total):
            write(phase, done, total)
            if phase == "saving" and done > 0:
                Path(os.environ["QUARTIER_TEST_HOLD_IMPORT"]).write_text(str(done))
                time.sleep(60)

        return hold

    import_jobs._progress_writer = holding_writer

from django.core.management import execute_from_command_line  # noqa: E402

execute_from_command_line(["manage.py", *sys.argv[1:]])
