"""Permissions of the operations app as `rules` predicates: only platform admins see
and retry the scheduler's job runs and the background tasks."""

import rules

from quartier.core.rules import is_platform_admin

rules.add_perm("operations.view_operations", is_platform_admin)
rules.add_perm("operations.retry_job_run", is_platform_admin)
