#!/usr/bin/env python
"""Django's command-line utility for Quartier."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line
    from django.db import OperationalError

    try:
        execute_from_command_line(sys.argv)
    except OperationalError as error:
        # A database that is down or unreachable: one clear line, not a traceback.
        reason = (str(error).strip().splitlines() or [type(error).__name__])[0]
        sys.exit(
            f"Quartier cannot reach its database ({reason}).\n"
            "Check DATABASE_URL and that the database server is running."
        )


if __name__ == "__main__":
    main()
