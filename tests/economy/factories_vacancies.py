"""Factories of the vacancies area (the employers helper owns tests/economy/factories.py;
this module has its own small employer factory so that it does not depend on it)."""

import factory
from factory.django import DjangoModelFactory

from quartier.cases.models import Skill
from quartier.economy.models import JobImportRun, Vacancy, VacancySkill
from tests.economy.factories import EmployerFactory
from tests.factories import ProjectFactory


class VacancyEmployerFactory(EmployerFactory):
    name = factory.Sequence(lambda n: f"Betrieb {n} GmbH")


class VacancyFactory(DjangoModelFactory):
    class Meta:
        model = Vacancy

    project = factory.SubFactory(ProjectFactory)
    organisation = factory.LazyAttribute(lambda v: v.project.lead_organisation)
    title = factory.Sequence(lambda n: f"Stelle {n}")
    kind = "job"
    postcode = "44649"
    city = "Herne"


class SkillFactory(DjangoModelFactory):
    class Meta:
        model = Skill
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Fähigkeit {n}")
    category = Skill.Category.PROFESSIONAL


class VacancySkillFactory(DjangoModelFactory):
    class Meta:
        model = VacancySkill

    vacancy = factory.SubFactory(VacancyFactory)
    skill = factory.SubFactory(SkillFactory)
    essential = True


class JobImportRunFactory(DjangoModelFactory):
    class Meta:
        model = JobImportRun

    project = factory.SubFactory(ProjectFactory)
    organisation = factory.LazyAttribute(lambda r: r.project.lead_organisation)
    status = JobImportRun.Status.DONE
    parameters = factory.LazyFunction(lambda: {"postcode": "44649", "radius": 10, "kinds": ["job"]})
