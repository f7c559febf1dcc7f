"""The five seed projects as data: places, organisations, funders and area statistics.

Taken from the public project descriptions in shared/seeds/. Where a seed does not
say something (the lead of a consortium, a project's exact dates, a district's
centre), the value here is a plausible assumption, marked as such.
"""

from datetime import date

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

# (local part, full name, role, organisation slug) in BQB-Süd, plus leads elsewhere.
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
]
