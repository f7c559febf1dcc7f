"""The local economy's models, one module per area, imported here so that Django
finds them and `from quartier.economy.models import Employer` works (a `models`
package re-exports, like the others):

- `common`: postcode and coordinate fields, `ReviewStatus`, the name key
- `employers`: `Employer`, `SizeDeclaration`, `ContactPerson`, `EmployerContact`
- `advice`: `EmployerService` (aimed at the company or at a person)
- `events`: `BusinessEvent`, `EventInvitation`, `EventTask`
- `units`: `VacantUnit`, `UnitStatusChange`
- `vacancies`: `Vacancy`, `VacancySkill`, `JobImportRun`
- `placements`: `Placement`, `StabilisationCheck`, `EconomySettings`
"""

# isort: off
from quartier.economy.models.common import (
    ReviewStatus,
    employer_name_key,
)
from quartier.economy.models.employers import (
    SME_SIZE_CLASSES,
    ContactChannel,
    ContactPerson,
    Employer,
    EmployerChild,
    EmployerContact,
    LegalBasis,
    LegalForm,
    Sector,
    SizeClass,
    SizeDeclaration,
    size_class_for,
)
from quartier.economy.models.advice import (
    EmployerService,
    ServiceAim,
    ServiceKind,
)
from quartier.economy.models.events import (
    BusinessEvent,
    EventInvitation,
    EventKind,
    EventTask,
)
from quartier.economy.models.units import (
    UnitStatus,
    UnitStatusChange,
    UnitUse,
    VacantUnit,
)
from quartier.economy.models.vacancies import (
    GERMAN_LEVEL_ORDER,
    JobImportRun,
    Vacancy,
    VacancyKind,
    VacancySkill,
    VacancySource,
    VacancyStatus,
)
from quartier.economy.models.placements import (
    CheckMode,
    CheckStatus,
    CheckWith,
    ContractKind,
    EconomySettings,
    EndReason,
    Placement,
    PlacementStatus,
    RiskFlag,
    StabilisationCheck,
    WageSubsidy,
)
# isort: on

__all__ = [
    "ReviewStatus",
    "employer_name_key",
    "SME_SIZE_CLASSES",
    "ContactChannel",
    "ContactPerson",
    "Employer",
    "EmployerChild",
    "EmployerContact",
    "LegalBasis",
    "LegalForm",
    "Sector",
    "SizeClass",
    "SizeDeclaration",
    "size_class_for",
    "EmployerService",
    "ServiceAim",
    "ServiceKind",
    "BusinessEvent",
    "EventInvitation",
    "EventKind",
    "EventTask",
    "UnitStatus",
    "UnitStatusChange",
    "UnitUse",
    "VacantUnit",
    "GERMAN_LEVEL_ORDER",
    "JobImportRun",
    "Vacancy",
    "VacancyKind",
    "VacancySkill",
    "VacancySource",
    "VacancyStatus",
    "CheckMode",
    "CheckStatus",
    "CheckWith",
    "ContractKind",
    "EconomySettings",
    "EndReason",
    "Placement",
    "PlacementStatus",
    "RiskFlag",
    "StabilisationCheck",
    "WageSubsidy",
]
