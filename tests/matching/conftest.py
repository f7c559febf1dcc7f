"""A matching world: project P (orgs A and B) with vacancies of A, a job coach of A,
a case of A and one of partner B, and a vacancy in the other project."""

from dataclasses import dataclass
from datetime import date

import pytest

from quartier.cases.models import Case
from quartier.core.models import Role, User
from quartier.economy.models import Vacancy
from tests.economy.factories_vacancies import SkillFactory
from tests.factories import AssessmentFactory, CaseFactory
from tests.matching.factories import MatchVacancyFactory, PostcodeAreaFactory


@dataclass
class MatchWorld:
    coach: User
    case: Case
    partner_case: Case
    near: Vacancy
    far: Vacancy
    unknown: Vacancy
    foreign: Vacancy
    partner_vacancy: Vacancy


@pytest.fixture
def mw(world) -> MatchWorld:
    PostcodeAreaFactory(postcode="44649", latitude="51.528000", longitude="7.159000")
    weeding, mowing = SkillFactory(name="Unkraut jäten"), SkillFactory(name="Rasen mähen")
    coach = world.member(Role.JOB_COACH)
    case = CaseFactory(
        participant__project=world.project,
        participant__organisation=world.org_a,
        participant__postcode="44649",
        participant__german_level="B1",
        stage="qualification",
    )
    AssessmentFactory(case=case, date=date(2025, 4, 1)).skills.set([weeding])
    partner_case = CaseFactory(
        participant__project=world.project, participant__organisation=world.org_b
    )
    near = MatchVacancyFactory(
        project=world.project,
        title="Gärtner/in Wanne-Süd",
        needs=[(weeding, True), (mowing, True)],
    )
    far = MatchVacancyFactory(
        project=world.project,
        title="Gärtner/in Dortmund",
        latitude="51.514000",
        longitude="7.468000",
        german_level="C1",
    )
    unknown = MatchVacancyFactory(
        project=world.project, title="Ohne Ort", latitude=None, longitude=None
    )
    foreign = MatchVacancyFactory(project=world.other_project, title="Fremd")
    partner_vacancy = MatchVacancyFactory(
        project=world.project, organisation=world.org_b, title="Partnerstelle"
    )
    return MatchWorld(coach, case, partner_case, near, far, unknown, foreign, partner_vacancy)


@pytest.fixture
def english_pages(client):
    """These tests read the pages' English texts (the msgids)."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
