"""The five seed projects as data: places, organisations, funders and area statistics.

Taken from the public project descriptions in shared/seeds/. Where a seed does not
say something (the lead of a consortium, a project's exact dates, a district's
centre), the value here is a plausible assumption, marked as such.
"""

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

# District centres are approximate (map use only).
DISTRICTS = {
    "trier-west": {
        "name": "Trier-West",
        "city": "Trier",
        "lat": "49.7530",
        "lon": "6.6250",
        "plz": "54294",
    },
    "dorsten-mitte": {
        "name": "Dorsten-Mitte",
        "city": "Dorsten",
        "lat": "51.6605",
        "lon": "6.9650",
        "plz": "46282",
    },
    "duisburg-marxloh": {
        "name": "Marxloh",
        "city": "Duisburg",
        "lat": "51.5010",
        "lon": "6.7790",
        "plz": "47169",
    },
    "duisburg-hochfeld": {
        "name": "Hochfeld",
        "city": "Duisburg",
        "lat": "51.4180",
        "lon": "6.7620",
        "plz": "47053",
    },
    "jena-lobeda": {
        "name": "Lobeda",
        "city": "Jena",
        "lat": "50.8900",
        "lon": "11.6080",
        "plz": "07747",
    },
    "jena-winzerla": {
        "name": "Winzerla",
        "city": "Jena",
        "lat": "50.8960",
        "lon": "11.5660",
        "plz": "07745",
    },
    "herne-wanne-sued": {
        "name": "Wanne-Süd",
        "city": "Herne",
        "lat": "51.5280",
        "lon": "7.1590",
        "plz": "44649",
    },
}

# BQB-Süd's published area description (seed 004).
STATISTICS = {
    "herne-wanne-sued": {
        "reference_date": date(2018, 12, 31),
        "source": (
            "Statistikstelle der Stadt Herne (Stand 31.12.2018); SGB-II- und Arbeitslosenquote: "
            "Bundesagentur für Arbeit, Statistikstelle der Stadt Herne (Stand 31.12.2016)"
        ),
        "area_ha_district": "230",
        "population_district": 9725,
        "population_city": 161084,
        "sgb2_rate_district": "23.9",
        "sgb2_rate_city": "19.3",
        "unemployment_rate_district": "11.2",
        "unemployment_rate_city": "9.2",
        "migration_share_district": "36.9",
        "migration_share_city": "33.3",
    },
}

FUNDERS = {
    "soziale-stadt": ("Bund-Länder-Programm Soziale Stadt", "federal", "Soziale Stadt"),
    "stadt-trier": ("Stadt Trier", "municipal", ""),
    "arge-trier": ("Arge Trier (Jobcenter)", "jobcenter", "Arbeitsgelegenheiten"),
    "add-rlp": ("Aufsichts- und Dienstleistungsdirektion (ADD) Rheinland-Pfalz", "state", ""),
    "land-nrw": ("Land Nordrhein-Westfalen", "state", "Starke Quartiere – starke Menschen"),
    "esf": ("Europäischer Sozialfonds (ESF)", "esf_plus", "ESF / ESF Plus"),
    "land-nrw-afa": ("Land Nordrhein-Westfalen (MAIS)", "state", "Aktiv für Arbeit im Stadtteil"),
    "biwaq": ("BIWAQ – Bundesministerium des Innern, für Bau und Heimat", "federal", "BIWAQ"),
    "stadt-herne": ("Stadt Herne", "municipal", ""),
    "stadt-jena": ("Stadt Jena", "municipal", ""),
}

# (slug, name, kind, street, postcode, city)
ORGANISATIONS = {
    "buergerservice-trier": ("Bürgerservice GmbH", "provider", "", "54294", "Trier"),
    "caritas-trier": ("Caritasverband Trier e. V.", "counselling", "", "54290", "Trier"),
    "don-bosco-helenenberg": (
        "Jugendhilfezentrum Don Bosco Helenenberg",
        "provider",
        "",
        "54298",
        "Welschbillig",
    ),
    "jugendwerk-don-bosco": ("Jugendwerk Don Bosco Trier-West", "provider", "", "54294", "Trier"),
    "kurfuerst-balduin-hs": (
        "Kurfürst-Balduin-Hauptschule Trier-West",
        "school",
        "",
        "54294",
        "Trier",
    ),
    "arge-trier": ("Arge Trier", "jobcenter", "", "54290", "Trier"),
    "dorstener-arbeit": ("Dorstener Arbeit gGmbH", "provider", "Lippestr. 41", "46282", "Dorsten"),
    "stadtteilbuero-dorsten": (
        "Stadtteilbüro „Wir machen MITte“",
        "municipality",
        "",
        "46282",
        "Dorsten",
    ),
    "gruenflaechenamt-dorsten": (
        "Grünflächenamt der Stadt Dorsten",
        "municipality",
        "",
        "46282",
        "Dorsten",
    ),
    "eg-du": ("Entwicklungsgesellschaft Duisburg mbH (EG DU)", "provider", "", "47169", "Duisburg"),
    "jobcenter-duisburg": ("Jobcenter Duisburg", "jobcenter", "", "47051", "Duisburg"),
    "awo-mitte-west-thueringen": (
        "AWO Regionalverband Mitte-West-Thüringen e. V.",
        "provider",
        "",
        "07747",
        "Jena",
    ),
    "behling-consult": ("Behling Consult", "company", "", "07743", "Jena"),
    "jenarbeit": ("Jobcenter Jena (jenarbeit)", "jobcenter", "", "07743", "Jena"),
    "drk-herne": (
        "Deutsches Rotes Kreuz Kreisverband Herne und Wanne-Eickel e.V.",
        "provider",
        "",
        "44649",
        "Herne",
    ),
    "gbh-herne": (
        "Gemeinnützige Beschäftigungsgesellschaft Herne mbH",
        "provider",
        "",
        "44649",
        "Herne",
    ),
    "jobcenter-herne": ("Jobcenter Herne", "jobcenter", "", "44623", "Herne"),
    "arbeitslosenzentrum-herne": ("Arbeitslosenzentrum Herne", "counselling", "", "44649", "Herne"),
    "inha-herne": ("InHa – In Herne angekommen", "counselling", "", "44649", "Herne"),
    "ki-herne": ("Kommunales Integrationszentrum Herne", "municipality", "", "44623", "Herne"),
    "familienbuero-herne": ("Familienbüro Stadt Herne", "municipality", "", "44623", "Herne"),
    "stadtteilbuero-wanne-sued": ("Stadtteilbüro Wanne-Süd", "municipality", "", "44649", "Herne"),
    "qm-wanne-sued": ("Quartiersmanagement Wanne-Süd", "municipality", "", "44649", "Herne"),
    "gemeinden-wanne-sued": (
        "Kirchen- und Moscheegemeinden Wanne-Süd",
        "religious",
        "",
        "44649",
        "Herne",
    ),
    "familienzentrum-wanne": (
        "Familienzentrum / Kindertageseinrichtungen Wanne-Süd",
        "other",
        "",
        "44649",
        "Herne",
    ),
    "wittekindshof": ("Stiftung Wittekindshof Diakonie", "other", "", "44649", "Herne"),
    "unterkunft-ackerstrasse": (
        "Flüchtlingsunterkunft Ackerstraße",
        "other",
        "Ackerstraße",
        "44649",
        "Herne",
    ),
    # The network of "Aktiv für Arbeit im Stadtteil" (quartier.demo.network): the seed
    # names the kinds of partners on its two levels, not the organisations; these are
    # invented (the Jobcenter Duisburg above is one of them).
    "moscheegemeinde-marxloh": (
        "Islamische Gemeinde Marxloh e. V.",
        "religious",
        "",
        "47169",
        "Duisburg",
    ),
    "kirchengemeinde-hochfeld": (
        "Evangelische Kirchengemeinde Hochfeld",
        "religious",
        "",
        "47053",
        "Duisburg",
    ),
    "familienzentrum-marxloh": ("Familienzentrum Marxloh", "other", "", "47169", "Duisburg"),
    "bruecke-hochfeld": (
        "Brücke Hochfeld – Verein für Migrantinnen und Migranten e. V.",
        "counselling",
        "",
        "47053",
        "Duisburg",
    ),
    "schule-marxloh": ("Gemeinschaftsschule Marxloh", "school", "", "47169", "Duisburg"),
    "nachbarschaftscafe-hochfeld": (
        "Nachbarschaftscafé Hochfeld",
        "other",
        "",
        "47053",
        "Duisburg",
    ),
    "schuldnerberatung-duisburg-nord": (
        "Schuldner- und Insolvenzberatung Duisburg-Nord",
        "counselling",
        "",
        "47169",
        "Duisburg",
    ),
    "agentur-duisburg": ("Agentur für Arbeit Duisburg", "jobcenter", "", "47051", "Duisburg"),
    "kammern-duisburg": (
        "Industrie- und Handelskammer / Handwerkskammer (Ausbildungsberatung Duisburg)",
        "other",
        "",
        "47051",
        "Duisburg",
    ),
    "beschaeftigungsfoerderung-duisburg": (
        "Stadt Duisburg – Kommunale Beschäftigungsförderung",
        "municipality",
        "",
        "47051",
        "Duisburg",
    ),
    "bildungswerk-rhein-ruhr": (
        "Bildungswerk Rhein-Ruhr gGmbH",
        "provider",
        "",
        "47053",
        "Duisburg",
    ),
    "integrationszentrum-duisburg": (
        "Kommunales Integrationszentrum Duisburg",
        "municipality",
        "",
        "47051",
        "Duisburg",
    ),
}

PROJECTS = [
    {
        "slug": "job-in-west",
        "name": "Job-in-West – Trägerverbund zur beruflichen Integration in Trier-West",
        "description": (
            "Trägerübergreifender Stadtteilverbund: schulische Angebote für eine Arbeitsweltklasse "
            "und eine BVJ-Klasse, nachschulische Qualifizierung, niedrigschwellige Beratung im "
            "Café Bär, Arbeitsgelegenheiten mit der Arge Trier, Kooperation mit Betrieben und "
            "Angebote für Vereine des Stadtteils."
        ),
        "start": date(2008, 8, 1),
        "end": date(2012, 7, 31),
        "districts": ["trier-west"],
        "funders": ["soziale-stadt", "stadt-trier", "arge-trier", "add-rlp"],
        # The seed names five partners but no lead; Bürgerservice is assumed to lead.
        "consortium": [
            "buergerservice-trier",
            "caritas-trier",
            "don-bosco-helenenberg",
            "jugendwerk-don-bosco",
            "kurfuerst-balduin-hs",
        ],
    },
    {
        "slug": "dorsten-treff",
        "name": "DORSTEN TREFF – Aktiv im Quartier",
        "description": (
            "Anlaufstelle auf der Lippestr. 41 mit individueller Beratung, Stärken und "
            "Unterstützungsbedarf, individuellem Qualifizierungsangebot, Modulen Stadtteilservice, "
            "Quartiershausmeister und Fahrradrikscha/E-Mobilität; Zertifikat nach mindestens vier "
            "Monaten in einem Modul."
        ),
        "start": date(2017, 7, 1),
        "end": date(2020, 12, 31),
        "districts": ["dorsten-mitte"],
        "funders": ["land-nrw", "esf"],
        "consortium": ["dorstener-arbeit"],
    },
    {
        "slug": "aktiv-fuer-arbeit",
        "name": "Aktiv für Arbeit im Stadtteil – Netzwerkcoaching in Marxloh und Hochfeld",
        "description": (
            "Netzwerkcoaching auf zwei Ebenen: lokales Aktivierungsnetzwerk und kommunales "
            "Strategienetzwerk, mit Netzwerkcoach-Teams in Marxloh und Hochfeld und einem Beirat."
        ),
        "start": date(2013, 3, 1),
        "end": date(2015, 2, 28),
        "districts": ["duisburg-marxloh", "duisburg-hochfeld"],
        "funders": ["esf", "land-nrw-afa"],
        "consortium": ["eg-du"],
    },
    {
        "slug": "teilhabe-am-wachstum",
        "name": "Teilhabe am Wachstum – Arbeitsläden in Lobeda und Winzerla",
        "description": (
            "Arbeitsläden als Schnittstelle zwischen Arbeitsuchenden und lokalen Unternehmen, "
            "Case Management, modulare Kette von Profiling bis Begleitung in Arbeit, "
            "Stabilisierung der Beschäftigung, Diversity Management und wirtschaftliches "
            "Quartiersmanagement."
        ),
        # The seed gives no period; a BIWAQ funding round of 2019–2022 is assumed.
        "start": date(2019, 1, 1),
        "end": date(2022, 12, 31),
        "districts": ["jena-lobeda", "jena-winzerla"],
        "funders": ["biwaq", "esf", "stadt-jena"],
        "consortium": ["awo-mitte-west-thueringen", "behling-consult"],
    },
    {
        "slug": "bqb-sued",
        "name": "BQB-Süd – Beschäftigung vor Ort sichern, Qualifizierung ermöglichen, "
        "Begegnung schaffen in Wanne-Süd",
        "description": (
            "Bildungs- und Sozialberatung, Jobcoaching, Qualifizierung u. a. in digitalen Medien, "
            "Praxisprojekte in haushaltsnahen Dienstleistungen und Garten- und Landschaftsbau, "
            "Teilzeitangebote für Alleinerziehende, Stadtteilcafé, digitaler Stadtteil- und "
            "Angebotsplan, Quartiersnetzwerk."
        ),
        "start": date(2020, 1, 1),
        "end": date(2022, 12, 31),
        "districts": ["herne-wanne-sued"],
        "funders": ["biwaq", "esf", "stadt-herne"],
        "consortium": ["drk-herne", "gbh-herne"],
    },
]

DEMO_PASSWORD = "quartier-demo-2026"
DEMO_DOMAIN = "demo.quartier.example"

# (local part, full name, role, organisation slug, project slug) in BQB-Süd, plus leads
# elsewhere, an employer liaison for Jena's economic district management, and Duisburg's
# network coach and a partner organisation's staff member.
DEMO_USERS = [
    ("projektleitung", "Petra Projektleitung", "project_lead", "drk-herne", "bqb-sued"),
    ("fallmanagement", "Fatma Fallmanagement", "case_worker", "drk-herne", "bqb-sued"),
    ("jobcoach", "Jonas Jobcoach", "job_coach", "gbh-herne", "bqb-sued"),
    ("netzwerk", "Nadia Netzwerk", "network_coach", "drk-herne", "bqb-sued"),
    ("betriebe", "Bernd Betriebskontakt", "employer_liaison", "gbh-herne", "bqb-sued"),
    ("evaluation", "Eva Evaluation", "evaluator", "drk-herne", "bqb-sued"),
    ("orgadmin", "Olaf Organisationsadmin", "organisation_admin", "drk-herne", "bqb-sued"),
    ("leitung.trier", "Tanja Leitung", "project_lead", "buergerservice-trier", "job-in-west"),
    ("leitung.dorsten", "Dirk Leitung", "project_lead", "dorstener-arbeit", "dorsten-treff"),
    ("leitung.duisburg", "Derya Leitung", "project_lead", "eg-du", "aktiv-fuer-arbeit"),
    (
        "leitung.jena",
        "Jana Leitung",
        "project_lead",
        "awo-mitte-west-thueringen",
        "teilhabe-am-wachstum",
    ),
    (
        "betriebe.jena",
        "Birgit Betriebskontakt",
        "employer_liaison",
        "awo-mitte-west-thueringen",
        "teilhabe-am-wachstum",
    ),
    # The network of Aktiv für Arbeit (quartier.demo.network): its network coach, and a
    # partner organisation's staff member who answers referrals in Quartier.
    ("netzwerk.duisburg", "Nele Netzwerk", "network_coach", "eg-du", "aktiv-fuer-arbeit"),
    ("partner.duisburg", "Paula Partner", "partner_staff", "bruecke-hochfeld", "aktiv-fuer-arbeit"),
    # Data protection (quartier.demo.privacy): each project's data-protection officer, in
    # its lead organisation.
    ("datenschutz", "Dana Datenschutz", "data_protection_officer", "drk-herne", "bqb-sued"),
    (
        "datenschutz.trier",
        "Tobias Datenschutz",
        "data_protection_officer",
        "buergerservice-trier",
        "job-in-west",
    ),
    (
        "datenschutz.dorsten",
        "Doris Datenschutz",
        "data_protection_officer",
        "dorstener-arbeit",
        "dorsten-treff",
    ),
    (
        "datenschutz.duisburg",
        "Deniz Datenschutz",
        "data_protection_officer",
        "eg-du",
        "aktiv-fuer-arbeit",
    ),
    (
        "datenschutz.jena",
        "Johanna Datenschutz",
        "data_protection_officer",
        "awo-mitte-west-thueringen",
        "teilhabe-am-wachstum",
    ),
]


# --- The case file -------------------------------------------------------------------
# Everything below feeds the synthetic case files (services._seed_people). The texts are
# German because the projects write their case notes in German.

# Where a project meets people: walk-ins are recorded at these places.
PLACES = {
    "job-in-west": ["Café Bär"],
    "dorsten-treff": ["DORSTEN TREFF, Lippestr. 41"],
    "aktiv-fuer-arbeit": ["Stadtteilbüro Marxloh", "Stadtteilbüro Hochfeld"],
    "teilhabe-am-wachstum": ["Arbeitsladen Lobeda", "Arbeitsladen Winzerla"],
    "bqb-sued": ["Stadtteilcafé Wanne-Süd"],
}

# Telephone area codes of the project towns (landline numbers in contact data).
AREA_CODES = {
    "Trier": "0651",
    "Dorsten": "02362",
    "Duisburg": "0203",
    "Jena": "03641",
    "Herne": "02325",
}

# Share of participants with a foreign background and which origins, per project
# (assumed from the seeds' descriptions of their districts and target groups).
ORIGIN_MIX = {
    "job-in-west": (0.30, {"ru": 4, "tr": 3, "pl": 2, "ar": 1}),
    "dorsten-treff": (0.30, {"tr": 4, "pl": 3, "ru": 2, "ar": 2}),
    "aktiv-fuer-arbeit": (0.65, {"tr": 5, "bg": 4, "ro": 3, "ar": 2, "ku": 2}),
    "teilhabe-am-wachstum": (0.22, {"ru": 3, "ar": 3, "fa": 2, "vi": 1, "uk": 2}),
    "bqb-sued": (0.45, {"tr": 4, "ar": 3, "bg": 2, "ro": 2, "pl": 2, "ku": 1}),
}

# origin: (language as written in the file, EU citizen?, Roma minority likely?, first
# names female, first names male, last names). Transliterated, no real persons.
ORIGINS = {
    "tr": (
        "Türkisch",
        False,
        False,
        ["Ayşe", "Fatma", "Elif", "Zeynep", "Emine", "Hatice", "Merve", "Selin", "Derya"],
        ["Mehmet", "Mustafa", "Ahmet", "Ali", "Hüseyin", "Murat", "Emre", "Burak", "Kemal"],
        ["Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Aydın", "Öztürk", "Arslan"],
    ),
    "ar": (
        "Arabisch",
        False,
        False,
        ["Fatima", "Mariam", "Aisha", "Noor", "Rana", "Huda", "Lina", "Yasmin", "Amal"],
        ["Mohammed", "Ahmad", "Omar", "Khaled", "Yousef", "Hassan", "Ibrahim", "Samir", "Tarek"],
        ["Al-Hassan", "Haddad", "Khalil", "Nasser", "Saleh", "Mansour", "Darwish", "Hamdan"],
    ),
    "ku": (
        "Kurdisch",
        False,
        False,
        ["Berfin", "Rojda", "Dilan", "Zilan", "Hêvî", "Helin"],
        ["Azad", "Baran", "Serhat", "Rojhat", "Dilovan", "Şivan"],
        ["Bozkurt", "Ekinci", "Aslan", "Tekin", "Kurt", "Akbaba"],
    ),
    "bg": (
        "Bulgarisch",
        True,
        True,
        ["Maria", "Ivanka", "Desislava", "Elena", "Galina", "Rumyana", "Svetla"],
        ["Georgi", "Ivan", "Dimitar", "Nikolay", "Stoyan", "Petar", "Asen"],
        ["Ivanov", "Petrova", "Georgiev", "Dimitrova", "Stoyanov", "Asenova", "Kolev"],
    ),
    "ro": (
        "Rumänisch",
        True,
        True,
        ["Ioana", "Elena", "Andreea", "Mihaela", "Florentina", "Daniela", "Roxana"],
        ["Ion", "Andrei", "Florin", "Marian", "Costel", "Adrian", "Gheorghe"],
        ["Popescu", "Ionescu", "Stan", "Dumitru", "Constantin", "Lungu", "Munteanu"],
    ),
    "pl": (
        "Polnisch",
        True,
        False,
        ["Anna", "Katarzyna", "Magdalena", "Agnieszka", "Joanna", "Ewa", "Monika"],
        ["Piotr", "Tomasz", "Krzysztof", "Paweł", "Marcin", "Łukasz", "Andrzej"],
        ["Nowak", "Kowalski", "Wiśniewska", "Wójcik", "Kamiński", "Lewandowska", "Zieliński"],
    ),
    "ru": (
        "Russisch",
        False,
        False,
        ["Olga", "Natalia", "Swetlana", "Irina", "Tatjana", "Jelena", "Ljudmila"],
        ["Sergej", "Alexander", "Dmitri", "Andrej", "Wladimir", "Juri", "Viktor"],
        ["Schmidt", "Wagner", "Becker", "Iwanow", "Petrow", "Kusnezow", "Popow"],
    ),
    "uk": (
        "Ukrainisch",
        False,
        False,
        ["Oksana", "Olena", "Iryna", "Kateryna", "Yuliia", "Nataliia"],
        ["Oleksandr", "Andrii", "Serhii", "Mykola", "Dmytro", "Volodymyr"],
        ["Kovalenko", "Bondarenko", "Shevchenko", "Tkachenko", "Kravchenko", "Melnyk"],
    ),
    "fa": (
        "Dari",
        False,
        False,
        ["Fereshta", "Mariam", "Zahra", "Shabnam", "Laila", "Nilofar"],
        ["Ahmad", "Mohammad", "Ali", "Javid", "Farid", "Hamid"],
        ["Ahmadi", "Rahimi", "Hakimi", "Karimi", "Sultani", "Noori"],
    ),
    "vi": (
        "Vietnamesisch",
        False,
        False,
        ["Thi Lan", "Thi Hoa", "Thu Trang", "Ngoc Anh", "Thi Mai"],
        ["Van Minh", "Duc Anh", "Van Hung", "Quang Huy", "Van Long"],
        ["Nguyen", "Tran", "Le", "Pham", "Hoang"],
    ),
}

# The occupational fields each project's practical work covers (skill names of the
# curated list in cases/migrations/0003_skills.py); assessments draw from these.
PROJECT_FIELDS = {
    "job-in-west": [
        "Handwerkliches Geschick",
        "Bau- und Renovierungsarbeiten",
        "Gartenarbeit und Grünpflege",
        "Küche und Service",
        "Verkauf und Kasse",
        "Lager und Logistik",
    ],
    "dorsten-treff": [
        "Gartenarbeit und Grünpflege",
        "Hausmeistertätigkeiten",
        "Reinigung und Gebäudepflege",
        "Fahrradtechnik und E-Mobilität",
        "Handwerkliches Geschick",
        "Fahrpraxis mit Pkw oder Transporter",
    ],
    "aktiv-fuer-arbeit": [
        "Reinigung und Gebäudepflege",
        "Lager und Logistik",
        "Küche und Service",
        "Verkauf und Kasse",
        "Kinderbetreuung",
        "Bau- und Renovierungsarbeiten",
    ],
    "teilhabe-am-wachstum": [
        "Lager und Logistik",
        "Verkauf und Kasse",
        "Büro und Verwaltung",
        "Pflegehilfe und Alltagsbegleitung",
        "Küche und Service",
        "Handwerkliches Geschick",
    ],
    "bqb-sued": [
        "Haushaltsnahe Dienstleistungen",
        "Gartenarbeit und Grünpflege",
        "Pflegehilfe und Alltagsbegleitung",
        "Küche und Service",
        "Digitale Medien gestalten",
        "Kinderbetreuung",
    ],
}

# Every project's consent texts, version 1.0; `{project}` is the project's name.
CONSENT_TEXTS = {
    "counselling": (
        "Ich willige ein, dass im Projekt {project} meine Angaben (Name, Kontaktdaten, "
        "Angaben zur beruflichen und persönlichen Situation) und die Dokumentation der "
        "Beratung gespeichert und für meine Beratung, Qualifizierung und Vermittlung "
        "genutzt werden. Die Angaben nach dem ESF-Plus-Stammblatt werden für die "
        "Berichte an die Fördergeber ausgewertet, dabei nur zusammengefasst und ohne "
        "meinen Namen weitergegeben. Ich kann diese Einwilligung jederzeit für die "
        "Zukunft widerrufen; Daten, die der Fördergeber zur Prüfung verlangt, werden "
        "bis zum Ende der Aufbewahrungsfrist aufbewahrt."
    ),
    "partner_sharing": (
        "Ich willige ein, dass das Projekt {project} die für meine Unterstützung nötigen "
        "Angaben an die unten genannte Partnerorganisation weitergibt und dass diese "
        "mich dazu anspricht. Weitergegeben wird nur, was für das genannte Angebot "
        "gebraucht wird. Ich kann diese Einwilligung jederzeit für die Zukunft widerrufen."
    ),
    "partner_feedback": (
        "Ich willige ein, dass die unten genannte Partnerorganisation dem Projekt {project} "
        "mitteilt, ob ich ihr Angebot angenommen habe und wie es ausgegangen ist, damit "
        "meine Unterstützung im Projekt daran anschließen kann. Ich kann diese "
        "Einwilligung jederzeit für die Zukunft widerrufen."
    ),
    "photos": (
        "Ich bin damit einverstanden, dass Fotos, auf denen ich zu erkennen bin, für die "
        "Öffentlichkeitsarbeit des Projekts {project} genutzt werden (Website, "
        "Stadtteilzeitung, Berichte an die Fördergeber). Mein Name wird dabei nicht "
        "genannt. Ich kann diese Einwilligung jederzeit für die Zukunft widerrufen; "
        "bereits gedruckte Materialien können nicht zurückgeholt werden."
    ),
    "followup_contact": (
        "Ich bin damit einverstanden, dass mich das Projekt {project} etwa sechs Monate "
        "nach meinem Austritt noch einmal anruft, anschreibt oder per E-Mail fragt, wie "
        "es mir beruflich geht (Nachbefragung für den Europäischen Sozialfonds). Ich "
        "kann diese Einwilligung jederzeit widerrufen."
    ),
    "special_categories": (
        "Ich willige ausdrücklich ein, dass im Projekt {project} auch Angaben zu meiner "
        "Gesundheit, zu einer Behinderung und zur Zugehörigkeit zu einer Minderheit "
        "gespeichert werden, soweit ich sie selbst mache, und dass sie nur für meine "
        "Beratung und – ohne meinen Namen – für die Berichte an die Fördergeber genutzt "
        "werden (Art. 9 Abs. 2 lit. a DSGVO). Ich muss diese Angaben nicht machen. Ich "
        "kann diese Einwilligung jederzeit für die Zukunft widerrufen."
    ),
}

# Plan goals: (title, steps, who is responsible).
GOALS = [
    (
        "Deutschkenntnisse auf B1 verbessern",
        "Anmeldung zum Integrationskurs; Lerntandem im Stadtteilcafé",
        "Teilnehmende Person",
    ),
    (
        "Bewerbungsunterlagen vollständig erstellen",
        "Lebenslauf am PC schreiben, Zeugnisse sammeln, Foto machen lassen",
        "Jobcoach",
    ),
    (
        "Praktikum in einem Betrieb im Stadtteil",
        "Drei Betriebe ansprechen, Vorstellungsgespräch üben",
        "Betriebskontakte",
    ),
    (
        "Kinderbetreuung sichern",
        "Antrag auf Kita-Platz stellen, Familienbüro einbeziehen",
        "Teilnehmende Person",
    ),
    (
        "Schulden ordnen",
        "Termin bei der Schuldnerberatung vereinbaren, Unterlagen mitbringen",
        "Fallmanagement",
    ),
    (
        "Führerschein Klasse B beginnen",
        "Förderung beim Jobcenter klären, Fahrschule auswählen",
        "Jobcenter",
    ),
    (
        "Modul Stadtteilservice vier Monate besuchen",
        "Regelmäßige Teilnahme, Zertifikat nach vier Monaten",
        "Teilnehmende Person",
    ),
    (
        "Arbeitserprobung im Garten- und Landschaftsbau",
        "Zwei Wochen Erprobung, danach Auswertungsgespräch",
        "Jobcoach",
    ),
    (
        "Grundkenntnisse am PC erwerben",
        "Kurs digitale Medien, E-Mail-Konto einrichten, Online-Bewerbung üben",
        "Teilnehmende Person",
    ),
    (
        "Sozialversicherungspflichtige Beschäftigung aufnehmen",
        "Stellen gemeinsam auswählen, wöchentlich zwei Bewerbungen",
        "Jobcoach",
    ),
    (
        "Tagesstruktur stabilisieren",
        "Feste Termine im Stadtteilcafé, pünktliches Erscheinen",
        "Teilnehmende Person",
    ),
    (
        "Anerkennung des ausländischen Abschlusses prüfen",
        "Unterlagen übersetzen lassen, Anerkennungsberatung aufsuchen",
        "Fallmanagement",
    ),
    (
        "Wohnsituation klären",
        "Kontakt zur Wohnungsgesellschaft, Antrag auf Wohnberechtigungsschein",
        "Fallmanagement",
    ),
    (
        "Qualifizierung Alltagsbegleitung abschließen",
        "Kurs zur Betreuungskraft, Praktikum in einer Pflegeeinrichtung",
        "Teilnehmende Person",
    ),
    (
        "Ausbildungsplatz finden",
        "Berufsorientierung, Bewerbung bei drei Ausbildungsbetrieben",
        "Jobcoach",
    ),
    (
        "Gesundheitliche Einschränkungen abklären",
        "Hausarzttermin, Rückmeldung zur Belastbarkeit",
        "Teilnehmende Person",
    ),
    (
        "Teilzeitstelle passend zu den Kita-Zeiten finden",
        "Arbeitszeiten mit Betrieben klären, Teilzeitangebote prüfen",
        "Betriebskontakte",
    ),
    (
        "Erste Wochen im neuen Job begleiten",
        "Anruf nach einer Woche, Gespräch mit dem Betrieb nach einem Monat",
        "Jobcoach",
    ),
]

PLAN_SUMMARIES = [
    "Schrittweise Heranführung an Arbeit über Praxisprojekt und Qualifizierung.",
    "Zuerst Sprache und Kinderbetreuung klären, danach Praktikum.",
    "Direkte Vermittlung in Arbeit mit Begleitung in den ersten Monaten.",
    "Stabilisierung im Alltag, danach Arbeitserprobung.",
    "Qualifizierung im Modul und Zertifikat, parallel Bewerbungen.",
    "",
]

# Contact notes by topic (short, as written in a log).
CONTACT_NOTES = {
    "job_search": [
        "Stellenangebote gemeinsam durchgesehen, zwei passende gefunden.",
        "Über Arbeitszeiten und Wege zur Arbeit gesprochen.",
        "Stellensuche in der Jobbörse geübt.",
    ],
    "application": [
        "Lebenslauf überarbeitet, Anschreiben begonnen.",
        "Vorstellungsgespräch geübt.",
        "Bewerbung per E-Mail gemeinsam abgeschickt.",
    ],
    "qualification": [
        "Über Kursangebote informiert, Anmeldung vorbereitet.",
        "Rückmeldung aus dem Modul: regelmäßige Teilnahme.",
        "Zertifikat besprochen, nächste Schritte geplant.",
    ],
    "language": [
        "Stand im Deutschkurs besprochen.",
        "Termin beim Integrationskurs-Träger vereinbart.",
    ],
    "childcare": [
        "Kita-Platz noch offen, Familienbüro informiert.",
        "Betreuung in den Ferien besprochen.",
    ],
    "health": [
        "Gesundheitliche Situation kurz besprochen, Termin beim Hausarzt.",
        "Belastbarkeit für das Praktikum eingeschätzt.",
    ],
    "debts": [
        "Briefe von Gläubigern sortiert, Schuldnerberatung empfohlen.",
        "Ratenzahlung mit dem Energieversorger besprochen.",
    ],
    "housing": [
        "Wohnungssuche besprochen, Unterlagen für den WBS zusammengestellt.",
        "Mietrückstand: Kontakt zum Vermieter vorbereitet.",
    ],
    "benefits": [
        "Bescheid des Jobcenters erklärt.",
        "Weiterbewilligungsantrag gemeinsam ausgefüllt.",
    ],
    "residence": [
        "Aufenthaltstitel läuft ab, Termin bei der Ausländerbehörde vereinbart.",
        "Arbeitserlaubnis für das Praktikum geklärt.",
    ],
    "digital": [
        "Smartphone eingerichtet, E-Mail-Konto angelegt.",
        "Online-Termin beim Amt gemeinsam gebucht.",
    ],
    "employer": [
        "Rückmeldung vom Betrieb: zuverlässig, gut im Team.",
        "Gespräch mit dem Betrieb über Übernahme.",
    ],
    "other": [
        "Kurzer Kontakt, Termin bestätigt.",
        "Allgemeine Fragen geklärt.",
    ],
}

FOLLOW_UP_TITLES = [
    "Rückruf wegen Bewerbung",
    "Unterlagen für den Antrag nachfragen",
    "Nachfragen, ob der Kita-Platz bestätigt ist",
    "Termin zur zweiten Potenzialanalyse vereinbaren",
    "Rückmeldung vom Praktikumsbetrieb einholen",
    "Bescheid vom Jobcenter besprechen",
    "Anmeldung zum Deutschkurs prüfen",
    "Förderplan gemeinsam überprüfen",
    "Nachfragen, wie das Vorstellungsgespräch lief",
    "Zertifikat aushändigen",
]

STABILISATION_TITLES = [
    "Nachbetreuung: Anruf nach dem ersten Monat",
    "Nachbetreuung: Gespräch mit dem Betrieb",
    "Nachbetreuung: Stand nach drei Monaten",
]

STRENGTHS = [
    "Kann gut mit älteren Menschen umgehen.",
    "Hat im Herkunftsland als Schneiderin gearbeitet.",
    "Übernimmt gern Verantwortung in der Gruppe.",
    "Sehr hilfsbereit im Stadtteilcafé.",
    "Repariert in der Freizeit Fahrräder.",
    "Kocht für Nachbarschaftsfeste.",
    "Hat Erfahrung in der Pflege eines Angehörigen.",
    "Ruhig und ausdauernd bei handwerklichen Arbeiten.",
]

HEALTH_NOTES = [
    "Rückenbeschwerden, kein schweres Heben.",
    "Allergie gegen Gräser (Garten nur eingeschränkt).",
    "Diabetes, regelmäßige Pausen nötig.",
    "Knieprobleme, keine Arbeit auf Leitern.",
]

FIRST_CONTACT_NOTES = [
    "Kam mit einer Nachbarin ins Café, fragt nach Deutschkurs.",
    "Sucht Arbeit in der Nähe, möchte wiederkommen.",
    "Fragen zum Bescheid, kurz erklärt.",
    "Hat den Aushang gelesen, interessiert sich für das Gartenprojekt.",
    "Möchte Hilfe bei der Bewerbung.",
    "",
]


def demo_period(spec: dict, today: date) -> tuple[date, date, int]:
    """The seed project's funded period as the demo runs it: the same length (whole
    months, as every seed's period is), moved by whole months so that it ends on the last
    day of the sixth month after today's (today lies inside, with more than a year of
    history before it). Returns (start, end, months moved)."""
    first_of_month = today.replace(day=1)
    end = first_of_month + relativedelta(months=7) - timedelta(days=1)
    real_end = spec["end"]
    months = (end.year - real_end.year) * 12 + (end.month - real_end.month)
    start = spec["start"] + relativedelta(months=months)
    length = relativedelta(spec["end"] + timedelta(days=1), spec["start"])
    return start, start + length - timedelta(days=1), months


def demo_description(spec: dict) -> str:
    """The seed's description with its real funded period, which the demo moves."""
    return (
        f"{spec['description']}\n\nFörderzeitraum des Vorbilds: "
        f"{spec['start']:%d.%m.%Y} bis {spec['end']:%d.%m.%Y}. Die Demo verschiebt ihn "
        "bei gleicher Länge so, dass das Projekt heute läuft."
    )


def shift_day(day: date, months: int, *, keep_weekday: bool = False) -> date:
    """A date of a seed moved with its project's period; a single event stays on its
    weekday (the nearest one)."""
    moved = day + relativedelta(months=months)
    if keep_weekday:
        moved += timedelta(days=(day.weekday() - moved.weekday() + 3) % 7 - 3)
    return moved
