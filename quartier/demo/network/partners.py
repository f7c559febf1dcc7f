"""The demo network's partners with their contact persons and dated contacts, and the
coach teams of Marxloh and Hochfeld with their contact persons."""

from datetime import timedelta

from quartier.demo.network import catalogue
from quartier.network.models import (
    CoachTeam,
    CoachTeamMember,
    Partner,
    PartnerContact,
    PartnerPerson,
)


def _seed_partners(network) -> None:
    """Duisburg's partners (catalogue.PARTNERS), kept by the EG DU; the contacts were
    made by the network coach. Job-in-West gets the Arge Trier as a strategy partner
    (it assigns people to the Bürgerservice's work opportunities)."""
    duisburg = network.duisburg
    if duisburg is not None:
        for slug, (level, role, districts, groups, people, contacts) in catalogue.PARTNERS.items():
            partner = Partner(
                project=duisburg.project,
                organisation=duisburg.owner,
                partner_organisation=network.organisations[slug],
                level=level,
                role=role,
                target_groups=list(groups),
                created_by=duisburg.coach,
            )
            partner.full_clean()
            partner.save()
            partner.districts.set([network.districts[key] for key in districts])
            network.partners[slug] = partner
            persons = []
            for name, function, phone, email in people:
                person = PartnerPerson(
                    partner=partner,
                    name=name,
                    function=function,
                    phone=phone,
                    email=email,
                    created_by=duisburg.coach,
                )
                person.full_clean()
                person.save()
                persons.append(person)
            for index, (days, channel, note) in enumerate(contacts):
                contact = PartnerContact(
                    partner=partner,
                    date=max(network.today - timedelta(days=days), duisburg.project.start_date),
                    channel=channel,
                    person=persons[index % len(persons)] if persons else None,
                    staff=duisburg.coach,
                    note=note,
                    created_by=duisburg.coach,
                )
                contact.full_clean()
                contact.save()
                network.counts.contacts += 1
            network.counts.partners += 1
    trier = network.trier
    if trier is not None:
        partner = Partner(
            project=trier.project,
            organisation=trier.owner,
            partner_organisation=network.organisations[catalogue.TRIER_JOBCENTER],
            level="strategy",
            role="Weist Teilnehmende in die Arbeitsgelegenheiten des Bürgerservice zu.",
            target_groups=["benefit_recipients", "young_people"],
            created_by=trier.lead,
        )
        partner.full_clean()
        partner.save()
        partner.districts.set(trier.project.districts.all())
        network.partners[catalogue.TRIER_JOBCENTER] = partner
        network.counts.partners += 1


def _seed_teams(network) -> None:
    """The coach teams of Marxloh and Hochfeld (catalogue.TEAMS), both public on the
    district page; the network coach login is a member of Marxloh's."""
    duisburg = network.duisburg
    if duisburg is None:
        return
    for district_slug, (name, description, public, members) in catalogue.TEAMS.items():
        team = CoachTeam(
            project=duisburg.project,
            organisation=duisburg.owner,
            district=network.districts[district_slug],
            name=name,
            description=description,
            is_public=public,
            created_by=duisburg.lead,
        )
        team.full_clean()
        team.save()
        for member_name, function, phone, email, member_public, login in members:
            member = CoachTeamMember(
                team=team,
                user=network.logins.get(login) if login else None,
                name=member_name,
                function=function,
                phone=phone,
                email=email,
                is_public=member_public,
                created_by=duisburg.lead,
            )
            member.full_clean()
            member.save()
        network.counts.teams += 1
