"""The demo network as data: Duisburg's partners on the two levels with their contact
persons and contacts, the coach teams, the referrals (one per state), the Beirat and the
network meetings; Job-in-West's partner and referrals. The texts are German because the
projects write them in German. Names and phone numbers are invented."""

DUISBURG = "aktiv-fuer-arbeit"
TRIER = "job-in-west"
#: The consortium member that keeps Duisburg's network.
DUISBURG_OWNER = "eg-du"
#: The network coach and the partner staff logins (data.DEMO_USERS).
COACH_LOGIN = "netzwerk.duisburg"
PARTNER_LOGIN = "partner.duisburg"
LEAD_LOGIN = "leitung.duisburg"
TRIER_LEAD_LOGIN = "leitung.trier"
#: The partner organisation whose staff use Quartier (partner.duisburg works there).
PARTNER_WITH_LOGIN = "bruecke-hochfeld"

# Partners: organisation slug → (level, role, districts, target groups, contact persons
# (name, function, phone, e-mail), contacts (days before the seed, channel, note)).
# Target groups are the codes of participants.TargetGroup.
PARTNERS = {
    "moscheegemeinde-marxloh": (
        "activation",
        "Zugang zu Familien mit türkischer und kurdischer Einwanderungsgeschichte; "
        "Aushänge und Ansprache nach dem Freitagsgebet",
        ["duisburg-marxloh"],
        ["immigrants", "families", "young_people"],
        [("Hakan Yıldırım", "Vorstand, Jugendarbeit", "0203 555 1201", "")],
        [(134, "meeting", "Vorstellung des Projekts beim Vorstand; Aushang vereinbart.")],
    ),
    "kirchengemeinde-hochfeld": (
        "activation",
        "Zugang zu Alleinerziehenden und älteren Langzeitarbeitslosen über Kleiderkammer "
        "und Mittagstisch",
        ["duisburg-hochfeld"],
        ["single_parents", "long_term_unemployed", "seniors"],
        [("Pfarrerin Ruth Albers", "Gemeindepfarrerin", "0203 555 2230", "")],
        [
            (210, "meeting", "Erstgespräch im Gemeindehaus."),
            (101, "phone", "Termin für eine Sprechstunde im Mittagstisch besprochen."),
        ],
    ),
    "familienzentrum-marxloh": (
        "activation",
        "Zugang zu Müttern mit kleinen Kindern; Kinderbetreuung während der Kurse",
        ["duisburg-marxloh"],
        ["women_returning", "single_parents", "families"],
        [
            ("Sabine Korte", "Leitung", "0203 555 3110", "leitung@fz-marxloh.example"),
            ("Melek Aksoy", "Elternbegleiterin", "0203 555 3112", ""),
        ],
        [
            (60, "meeting", "Elterncafé: Sprechstunde der Netzwerkcoaches eingerichtet."),
            (12, "phone", "Freie Betreuungsplätze für den Frauenkurs abgestimmt."),
        ],
    ),
    "bruecke-hochfeld": (
        "activation",
        "Migrationsberatung und Sprachcafé; Zugang zu Neuzugewanderten aus Südosteuropa; "
        "nimmt Überleitungen in Quartier an",
        ["duisburg-hochfeld", "duisburg-marxloh"],
        ["immigrants", "unregistered", "women_returning"],
        [
            ("Paula Partner", "Migrationsberatung", "0203 555 4410", "beratung@bruecke.example"),
            ("Ionuț Marin", "Sprachmittler Rumänisch", "0203 555 4412", ""),
        ],
        [
            (45, "meeting", "Ablauf der Überleitungen in Quartier besprochen."),
            (8, "email", "Rückfrage zu zwei offenen Überleitungen."),
        ],
    ),
    "schule-marxloh": (
        "activation",
        "Übergang Schule–Beruf: Schülerinnen und Schüler ohne Anschlussperspektive",
        ["duisburg-marxloh"],
        ["pupils", "young_people"],
        [("Thomas Brandt", "Beratungslehrer Berufsorientierung", "0203 555 5120", "")],
        [(30, "event", "Berufsorientierungstag: Stand der Netzwerkcoaches.")],
    ),
    "nachbarschaftscafe-hochfeld": (
        "activation",
        "Offener Treff; erreicht Menschen, die bei keinem Amt gemeldet sind",
        ["duisburg-hochfeld"],
        ["unregistered", "long_term_unemployed"],
        [("Gül Demirtaş", "Ehrenamtliche Koordination", "", "")],
        [],
    ),
    "schuldnerberatung-duisburg-nord": (
        "activation",
        "Schuldner- und Insolvenzberatung; kurze Wartezeit für Überleitungen aus dem Projekt",
        ["duisburg-marxloh"],
        ["benefit_recipients", "long_term_unemployed"],
        [("Frank Wiegand", "Schuldnerberater", "0203 555 6610", "")],
        [(20, "phone", "Wartezeit derzeit zwei Wochen.")],
    ),
    "jobcenter-duisburg": (
        "strategy",
        "Zuweisungen, Förderinstrumente (AGH, FbW); Abstimmung über Teamleitungen Nord und Mitte",
        ["duisburg-marxloh", "duisburg-hochfeld"],
        ["benefit_recipients", "long_term_unemployed"],
        [
            ("Michael Heinen", "Teamleitung Markt und Integration Nord", "0203 555 7010", ""),
            ("Claudia Vogt", "Beauftragte für Chancengleichheit", "0203 555 7020", ""),
        ],
        [
            (150, "meeting", "Strategienetzwerk: Zuweisungswege abgestimmt."),
            (40, "meeting", "Fallkonferenz zu AGH-Plätzen in Hochfeld."),
        ],
    ),
    "agentur-duisburg": (
        "strategy",
        "Berufsberatung und Ausbildungsvermittlung für Jugendliche",
        ["duisburg-marxloh", "duisburg-hochfeld"],
        ["young_people", "pupils"],
        [("Nadine Scholz", "Berufsberaterin U25", "0203 555 7110", "")],
        [(125, "email", "Termine der Berufsberatung im Stadtteilbüro angefragt.")],
    ),
    "kammern-duisburg": (
        "strategy",
        "Ausbildungsberatung, Anerkennung ausländischer Abschlüsse, Kontakte zu Betrieben",
        [],
        ["immigrants", "young_people"],
        [("Jörg Lammers", "Ausbildungsberater", "0203 555 7210", "")],
        [(240, "event", "Ausbildungsbörse.")],
    ),
    "beschaeftigungsfoerderung-duisburg": (
        "strategy",
        "Kommunale Beschäftigungsförderung: Mittel, Programme, Sozialraumplanung",
        ["duisburg-marxloh", "duisburg-hochfeld"],
        ["long_term_unemployed", "benefit_recipients"],
        [("Dr. Katrin Ohm", "Amtsleitung", "0203 555 7310", "")],
        [(70, "meeting", "Vorbereitung des Beirats.")],
    ),
    "bildungswerk-rhein-ruhr": (
        "both",
        "Bildungsträger: Qualifizierung in Lager/Logistik und Reinigung, Teilzeitkurse "
        "für Frauen; im Stadtteil und in der Maßnahmeplanung",
        ["duisburg-hochfeld"],
        ["women_returning", "long_term_unemployed", "immigrants"],
        [("Stefan Kühn", "Bereichsleitung Qualifizierung", "0203 555 8010", "")],
        [(25, "meeting", "Plätze im Teilzeitkurs ab dem nächsten Monat.")],
    ),
    "integrationszentrum-duisburg": (
        "both",
        "Kommunales Integrationszentrum: Sprachkurse, Anerkennungsberatung, Integrationskursträger",
        ["duisburg-marxloh", "duisburg-hochfeld"],
        ["immigrants"],
        [("Aylin Kara", "Bildungskoordination Neuzugewanderte", "0203 555 8110", "")],
        [(95, "meeting", "Abstimmung Sprachkursplätze.")],
    ),
}

# Coach teams: district slug → (name, description, public?, members (name, function,
# phone, e-mail, public?, demo login or None)).
TEAMS = {
    "duisburg-marxloh": (
        "Netzwerkcoach-Team Marxloh",
        "Sprechstunden im Stadtteilbüro Marxloh, im Familienzentrum und nach Absprache "
        "in den Gemeinden.",
        True,
        [
            (
                "Nele Netzwerk",
                "Netzwerkcoach",
                "0203 555 0031",
                "netzwerk.marxloh@eg-du.example",
                True,
                COACH_LOGIN,
            ),
            ("Serap Aydın", "Netzwerkcoach", "0203 555 0046", "s.aydin@eg-du.example", True, None),
            (
                "Martin Keller",
                "Netzwerkcoach (Strategienetzwerk)",
                "0203 555 0041",
                "",
                False,
                None,
            ),
        ],
    ),
    "duisburg-hochfeld": (
        "Netzwerkcoach-Team Hochfeld",
        "Sprechstunden im Stadtteilbüro Hochfeld und im Nachbarschaftscafé.",
        True,
        [
            (
                "Karin Dahlmann",
                "Netzwerkcoach",
                "0203 555 0051",
                "k.dahlmann@eg-du.example",
                True,
                None,
            ),
            ("Emre Yavuz", "Netzwerkcoach", "0203 555 0070", "e.yavuz@eg-du.example", True, None),
            ("Lea Hoffmann", "Netzwerkcoach", "0203 555 0032", "", True, None),
        ],
    ),
}

# Duisburg's referrals, one per line: (key, recipient slug, purpose, final state,
# working days before the seed it was sent, feedback consent?, reason). The final
# state is reached through the services: "reminded" and "escalated" are sent
# referrals the daily deadline check reminded or escalated; "expired" expires there;
# "ended" was accepted and then the consent was withdrawn.
REFERRALS = [
    (
        "draft",
        "bruecke-hochfeld",
        "migration_counselling",
        "draft",
        0,
        False,
        "Aufenthaltstitel läuft in drei Monaten ab; Beratung zur Verlängerung und zur "
        "Arbeitserlaubnis gewünscht.",
    ),
    (
        "sent",
        "bruecke-hochfeld",
        "language_course",
        "sent",
        2,
        False,
        "Möchte einen Deutschkurs am Vormittag, während die Kinder in der Kita sind.",
    ),
    (
        "reminded",
        "bruecke-hochfeld",
        "migration_counselling",
        "reminded",
        7,
        False,
        "Fragen zur Anerkennung des rumänischen Berufsabschlusses als Schneiderin.",
    ),
    (
        "escalated",
        "familienzentrum-marxloh",
        "childcare",
        "escalated",
        9,
        False,
        "Sucht einen Betreuungsplatz für die zweijährige Tochter, um den Teilzeitkurs zu beginnen.",
    ),
    (
        "accepted",
        "bruecke-hochfeld",
        "language_course",
        "accepted",
        6,
        True,
        "Sprachcafé als Einstieg, danach Integrationskurs; spricht Bulgarisch und etwas Türkisch.",
    ),
    (
        "declined",
        "bildungswerk-rhein-ruhr",
        "qualification",
        "declined",
        15,
        False,
        "Interesse an der Qualifizierung Lager und Logistik (Staplerschein).",
    ),
    (
        "completed",
        "bruecke-hochfeld",
        "migration_counselling",
        "completed",
        30,
        True,
        "Unterstützung beim Antrag auf Anerkennung des Abschlusses.",
    ),
    (
        "not_completed",
        "bildungswerk-rhein-ruhr",
        "qualification",
        "not_completed",
        40,
        True,
        "Teilzeitkurs Reinigung und Gebäudepflege, vormittags.",
    ),
    (
        "cancelled",
        "jobcenter-duisburg",
        "employment_service",
        "cancelled",
        5,
        False,
        "Klärung, ob eine Förderung des Führerscheins möglich ist.",
    ),
    (
        "expired",
        "schuldnerberatung-duisburg-nord",
        "debt_counselling",
        "expired",
        14,
        False,
        "Mehrere Mahnungen, Stromsperre angedroht; braucht einen Termin zur Schuldenregulierung.",
    ),
    (
        "ended",
        "bruecke-hochfeld",
        "language_course",
        "ended",
        12,
        False,
        "Sprachkurs A2 für den Einstieg in die Pflegehilfe.",
    ),
]

# Job-in-West: a referral between two consortium members (the Caritas refers to the
# Bürgerservice's work opportunities, leitung.trier answers) and an assignment of the
# Arge Trier to a work opportunity.
TRIER_SENDER = "caritas-trier"
TRIER_RECIPIENT = "buergerservice-trier"
TRIER_JOBCENTER = "arge-trier"
TRIER_REASON = (
    "Nach der Beratung im Café Bär: möchte im Garten- und Landschaftsbau arbeiten; "
    "Arbeitsgelegenheit beim Bürgerservice angefragt."
)
ASSIGNMENT_REASON = "Zuweisung in eine Arbeitsgelegenheit (AGH) im Stadtteilservice Trier-West."
ASSIGNMENT_CONTACT = "Arge Trier, Team U25, Frau Reuter"

# The Beirat: both networks, with public and internal minutes.
BOARD_TITLE = "Sitzung des Beirats „Aktiv für Arbeit im Stadtteil“"
BOARD_AGENDA = (
    "1. Begrüßung und Protokoll der letzten Sitzung\n"
    "2. Bericht der Netzwerkcoach-Teams Marxloh und Hochfeld\n"
    "3. Netzwerkzahlen des letzten Quartals: Überleitungen und Rückmeldungen\n"
    "4. Kinderbetreuung während der Qualifizierung\n"
    "5. Verankerung nach Projektende\n"
    "6. Verschiedenes"
)
BOARD_MINUTES_PUBLIC = (
    "Die Teams berichten von wachsender Nachfrage in den Sprechstunden, vor allem von "
    "Frauen mit kleinen Kindern und von Neuzugewanderten aus Südosteuropa. Die meisten "
    "Überleitungen gehen an die Migrationsberatung und an Sprachkurse; Rückmeldungen "
    "kommen überwiegend innerhalb von zehn Arbeitstagen. Der Beirat beschließt eine "
    "Kinderbetreuung während der Teilzeitkurse und einen Fachtag zur Verankerung."
)
BOARD_MINUTES_INTERNAL = (
    "Zwei Überleitungen an die Schuldnerberatung blieben ohne Antwort; die Leitung der "
    "Beratungsstelle wird angesprochen. Das Jobcenter prüft, ob AGH-Plätze in Hochfeld "
    "für Teilnehmende des Projekts reserviert werden können (noch nicht öffentlich)."
)
BOARD_INFORMATION = "Die Netzwerkzahlen des letzten Quartals wurden vorgestellt."
#: (text, responsible organisation slug, due in days after the session)
BOARD_DECISIONS = [
    (
        "Während der Teilzeitkurse des Bildungswerks wird eine Kinderbetreuung im "
        "Familienzentrum Marxloh angeboten.",
        "familienzentrum-marxloh",
        60,
    ),
    (
        "Ein Fachtag „Arbeit im Stadtteil verankern“ wird mit der kommunalen "
        "Beschäftigungsförderung vorbereitet.",
        "beschaeftigungsfoerderung-duisburg",
        120,
    ),
]
#: (text, login, follows decision number or None, due in days after the seed, done?)
BOARD_TASKS = [
    (
        "Einladung und Programmentwurf für den Fachtag an die Mitglieder des Beirats schicken.",
        COACH_LOGIN,
        1,
        10,
        False,
    ),
    (
        "Betreuungszeiten mit dem Familienzentrum und dem Bildungswerk abstimmen.",
        LEAD_LOGIN,
        0,
        -3,
        True,
    ),
]
#: The organisations at the session (slug, attended?); the staff logins attend too.
BOARD_ATTENDEES = [
    ("jobcenter-duisburg", True),
    ("agentur-duisburg", False),
    ("beschaeftigungsfoerderung-duisburg", True),
    ("kammern-duisburg", True),
    ("bildungswerk-rhein-ruhr", True),
    ("integrationszentrum-duisburg", True),
    ("familienzentrum-marxloh", True),
    ("moscheegemeinde-marxloh", True),
    ("bruecke-hochfeld", True),
    ("kirchengemeinde-hochfeld", False),
]

NETWORK_MEETINGS = [
    # (title, kind, level, district slug or "", days after the seed, place, agenda,
    #  public minutes, attendees)
    (
        "Aktivierungsnetzwerk Marxloh",
        "network",
        "activation",
        "duisburg-marxloh",
        -35,
        "Familienzentrum Marxloh",
        "1. Neue Angebote im Stadtteil\n2. Sprechstunden der Netzwerkcoaches\n"
        "3. Berufsorientierungstag",
        "Die Sprechstunde im Elterncafé wird fortgesetzt; die Schule lädt zum "
        "Berufsorientierungstag ein.",
        [
            "familienzentrum-marxloh",
            "moscheegemeinde-marxloh",
            "schule-marxloh",
            "schuldnerberatung-duisburg-nord",
        ],
    ),
    (
        "Strategienetzwerk: Zugänge zu Qualifizierung",
        "network",
        "strategy",
        "",
        12,
        "Rathaus Duisburg, Raum 204",
        "1. AGH-Plätze in Hochfeld\n2. Teilzeitqualifizierung für Frauen\n3. Anerkennungsberatung",
        "",
        [
            "jobcenter-duisburg",
            "agentur-duisburg",
            "beschaeftigungsfoerderung-duisburg",
            "bildungswerk-rhein-ruhr",
            "integrationszentrum-duisburg",
        ],
    ),
]
