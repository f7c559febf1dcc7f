"""Permissions of the reports as `rules` predicates. The object is a `Project`.

Who sees what is the indicators' rule (`reports.indicators.access`), so that the
dashboard, the indicators page, the API and the downloads agree:

- staff with a case role in the project (project lead, case worker, job coach) and
  platform admins: the dashboard, the district profiles and the ESF Plus indicators
  with exact figures, and the indicator report as XLSX and PDF;
- evaluators (`AGGREGATE_ONLY_ROLES`): the same pages and files of the projects they
  are assigned to, with counts from 1 to 4 shown as "<5"; never anything personal;
- network coaches, employer liaisons and organisation admins: none of it;
- the participant list for the funder's portal (personal data): project leads and
  platform admins only, and only the participants they may open.
"""

import rules

from quartier.core.rules import is_platform_admin, is_project_lead
from quartier.reports.indicators import indicator_access


@rules.predicate
def sees_figures(user, project) -> bool:
    return project is not None and indicator_access(user=user, project=project) is not None


rules.add_perm("reports.view_report", sees_figures)
rules.add_perm("reports.export_participant_list", is_platform_admin | is_project_lead)
