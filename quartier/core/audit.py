"""Which models django-auditlog records: every create, change and delete, with the actor."""

from auditlog.registry import auditlog

from quartier.core.models import (
    ApiToken,
    District,
    DistrictStatistic,
    Funder,
    Membership,
    Organisation,
    Project,
    ProjectMember,
    User,
)

auditlog.register(User, exclude_fields=["password", "last_login"])
auditlog.register(Organisation)
auditlog.register(District)
auditlog.register(DistrictStatistic)
auditlog.register(Funder)
auditlog.register(Project, m2m_fields={"funders", "districts"})
auditlog.register(ProjectMember)
auditlog.register(Membership)
auditlog.register(ApiToken, exclude_fields=["key_hash", "last_used_at"])
