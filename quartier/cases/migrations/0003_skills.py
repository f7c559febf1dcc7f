"""The curated list of strengths and competences a Potenzialanalyse records.

German names, because that is how the projects write them. The list covers what the
seed projects ask about: personal and social strengths, working methods, German and
other languages, digital skills, and the occupational fields of their practical
projects and modules (gardening and district caretaking, household services, care,
hotel and catering, cleaning, logistics, retail, crafts, building, bicycles and
e-mobility, office and digital media, childcare).

ESCO URIs are given only where the entry matches one of ESCO's transversal skills
(URIs copied from ESCO's published "transversal skills" collection; the English
preferred label is in the comment); occupation-specific entries and the languages
stay without one rather than carry a guessed URI.
The reverse migration deletes exactly these names.
"""

from django.db import migrations

ESCO = "http://data.europa.eu/esco/skill/"

# (name, category, ESCO UUID or "")
SKILLS = [
    # Personal strengths.
    # ESCO: meet commitments
    ("Zuverlässigkeit", "personal", "113b4428-0a31-4199-8496-070af7854b91"),
    ("Pünktlichkeit", "personal", ""),
    # ESCO: demonstrate willingness to learn
    ("Lernbereitschaft", "personal", "9bf266a6-188b-4d17-a22f-2f266d76832b"),
    # ESCO: demonstrate enthusiasm
    ("Motivation und Einsatzbereitschaft", "personal", "22b7d99d-252f-4572-8e3c-438ea87607eb"),
    # ESCO: cope with pressure
    ("Belastbarkeit", "personal", "7a147904-22b3-498a-b4d9-7bceeb86b45d"),
    # ESCO: work independently
    ("Selbstständiges Arbeiten", "personal", "c29aa9d2-4da8-4bdd-831c-8d4a2fb51730"),
    # ESCO: persist
    ("Durchhaltevermögen", "personal", "f60b0a50-2e7b-46f8-9b9c-2809b10991f9"),
    # ESCO: attend to detail
    ("Sorgfalt", "personal", "83e6510b-ffeb-4aec-959c-4265fd0ff7b7"),
    # ESCO: adapt to change
    ("Flexibilität", "personal", "49de9958-2aa4-4eef-a89d-fe5d5bcd28c4"),
    # ESCO: attend to hygiene
    ("Hygienebewusstsein", "personal", "fba28975-4544-4d37-8971-9bd72534018c"),
    # Social strengths.
    # ESCO: work in teams
    ("Teamfähigkeit", "social", "60c78287-22eb-4103-9c8c-28deaa460da0"),
    # ESCO: interact with others
    ("Umgang mit Kunden", "social", "09e28145-e205-4b7a-8b3b-5c4876396069"),
    # ESCO: demonstrate good manners
    ("Freundliches Auftreten", "social", "5c59dac1-0547-4068-b43c-ac59f1344448"),
    # ESCO: demonstrate consideration
    ("Einfühlungsvermögen", "social", "9d75743b-317a-4bc4-b93f-c72e3ceba377"),
    # ESCO: demonstrate intercultural competence
    ("Interkulturelle Kompetenz", "social", "c10d5d87-36cf-42f5-8a12-e560fb5f4af8"),
    # ESCO: negotiate compromise
    ("Konfliktfähigkeit", "social", "7954861c-86d4-4529-afbb-2c23dab9ac74"),
    # ESCO: accept constructive criticism
    ("Kritikfähigkeit", "social", "a311ab20-75df-4aff-8016-3142c5659d30"),
    # ESCO: instruct others
    ("Andere anleiten", "social", "699e7c26-6502-4e78-a823-3656ff5a5b8b"),
    # Working methods.
    # ESCO: manage time
    ("Zeitmanagement", "methodical", "d9013e0e-e937-43d5-ab71-0e917ee882b8"),
    # ESCO: develop strategy to solve problems
    ("Probleme lösen", "methodical", "7a8fb784-67fa-41e9-a75c-6b491d91f800"),
    # ESCO: carry out work-related calculations
    ("Rechnen im Arbeitsalltag", "methodical", "19ba11f3-9c99-41fd-a7c9-f77e6a026186"),
    # ESCO: carry out work-related measurements
    ("Messen und Abmessen", "methodical", "ab75d510-ac75-482d-b671-bb3bad741f07"),
    # ESCO: follow safety precautions in work practices
    ("Arbeitssicherheit beachten", "methodical", "d2d9051a-10e1-41c5-9cfb-bbdc58016176"),
    # Languages.
    ("Deutsch im Alltag", "language", ""),
    ("Deutsch im Beruf", "language", ""),
    ("Lesen und Schreiben auf Deutsch", "language", ""),
    ("Englisch (Grundkenntnisse)", "language", ""),
    ("Sprachmittlung in der Herkunftssprache", "language", ""),
    # Digital skills.
    ("Grundkenntnisse PC/Office", "digital", ""),
    # ESCO: use word processing software
    ("Textverarbeitung", "digital", "81633a44-f1db-4a01-a940-804c6905e330"),
    # ESCO: use spreadsheets software
    ("Tabellenkalkulation", "digital", "1973c966-f236-40c9-b2d4-5d71a89019be"),
    # ESCO: operate handheld devices
    ("Smartphone-Nutzung", "digital", "20ba084f-129c-4c5e-b39f-539913e0acc4"),
    # ESCO: search for information online
    ("Online-Recherche und Stellensuche", "digital", "698be2d3-8768-422d-a2d3-1cb701816089"),
    # ESCO: use online communication tools
    ("E-Mail und Messenger", "digital", "5f1dd9f6-dcb4-4384-88c9-f9f6a75305c9"),
    # ESCO: use e-services
    ("Online-Dienste nutzen (Behörden, Bank)", "digital", "d908a818-70ef-419e-9d60-8f459114cb2f"),
    # ESCO: develop digital content
    ("Digitale Medien gestalten", "digital", "5fd5c985-eaaa-47aa-8314-62359c54505a"),
    # Occupational fields of the seed projects.
    ("Gartenarbeit und Grünpflege", "professional", ""),
    ("Hausmeistertätigkeiten", "professional", ""),
    ("Haushaltsnahe Dienstleistungen", "professional", ""),
    ("Reinigung und Gebäudepflege", "professional", ""),
    ("Pflegehilfe und Alltagsbegleitung", "professional", ""),
    ("Küche und Service", "professional", ""),
    ("Lager und Logistik", "professional", ""),
    ("Verkauf und Kasse", "professional", ""),
    ("Handwerkliches Geschick", "professional", ""),
    ("Bau- und Renovierungsarbeiten", "professional", ""),
    ("Fahrradtechnik und E-Mobilität", "professional", ""),
    ("Büro und Verwaltung", "professional", ""),
    ("Kinderbetreuung", "professional", ""),
    ("Fahrpraxis mit Pkw oder Transporter", "professional", ""),
]


def add_skills(apps, schema_editor):
    Skill = apps.get_model("cases", "Skill")
    for name, category, uuid in SKILLS:
        Skill.objects.update_or_create(
            name=name,
            defaults={"category": category, "esco_uri": f"{ESCO}{uuid}" if uuid else ""},
        )


def remove_skills(apps, schema_editor):
    Skill = apps.get_model("cases", "Skill")
    Skill.objects.filter(name__in=[name for name, _category, _uuid in SKILLS]).delete()


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_reminder_digest")]

    operations = [migrations.RunPython(add_skills, remove_skills)]
