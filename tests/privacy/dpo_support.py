"""Helpers of the dpo area's tests (a module, not a conftest, so that the privacy areas'
test files stay apart): cases of organisation A in project P, of its partner B, and of
another project."""

from datetime import date

from tests.factories import CaseFactory


def case_of(world, organisation=None, project=None, **participant):
    """A case (with its participant) of `organisation` (A) in `project` (P)."""
    project = project or world.project
    organisation = organisation or world.org_a
    fields = {f"participant__{name}": value for name, value in participant.items()}
    return CaseFactory(
        participant__project=project,
        participant__organisation=organisation,
        entry_date=fields.pop("participant__entry_date", date(2025, 3, 1)),
        **fields,
    )
