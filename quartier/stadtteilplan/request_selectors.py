"""Reads for appointment requests: which projects take a district's general request,
and who to contact instead. Public data only (projects, organisations, places)."""

import datetime as dt

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.utils import timezone

from quartier.core.models import District, Organisation, Project, ProjectMember


def request_projects(district: District, *, today: dt.date | None = None) -> QuerySet[Project]:
    """Projects that take a general request from the district: they work there, have
    not ended, and have a lead organisation to take the request. By name."""
    today = today or timezone.localdate()
    has_lead = Exists(ProjectMember.objects.filter(project=OuterRef("pk"), is_lead=True))
    return (
        Project.objects.filter(districts=district, end_date__gte=today)
        .filter(has_lead)
        .prefetch_related(
            Prefetch("consortium", queryset=ProjectMember.objects.select_related("organisation"))
        )
        .order_by("name", "pk")
    )


def project_contacts(project: Project) -> list[Organisation]:
    """The project's organisations that can be reached (phone, e-mail or address), the
    lead first."""
    members = project.consortium.select_related("organisation").order_by(
        "-is_lead", "organisation__name"
    )
    return [
        member.organisation
        for member in members
        if member.organisation.phone or member.organisation.email or member.organisation.street
    ]
