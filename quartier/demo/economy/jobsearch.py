"""Vacancies "imported" from the Bundesagentur's job search for the demo: the real
importer (`economy.services.job_import`) reads a recorded answer around 07747 Jena
(`ba_jobs_lobeda.json`) through the same adapter, with a file instead of HTTP."""

from pathlib import Path

from quartier.core.models import Organisation, Project
from quartier.economy.jobsearch import FileTransport
from quartier.economy.models import JobImportRun
from quartier.economy.services.job_import import job_import_run

RECORDING = Path(__file__).with_name("ba_jobs_lobeda.json")


class DemoImportFailed(Exception):
    pass


def seed_ba_vacancies(project: Project, organisation: Organisation) -> JobImportRun:
    """Import the recorded answer into `project`, owned by `organisation` (eight jobs in
    care, gastronomy, retail, crafts and gardening, with their employers). Running it
    again updates the same vacancies."""
    run = job_import_run(
        project=project,
        organisation=organisation,
        postcode="07747",
        radius=10,
        kinds=["job"],
        transport=FileTransport(RECORDING),
    )
    if run.status != JobImportRun.Status.DONE:
        raise DemoImportFailed(run.error)
    return run
