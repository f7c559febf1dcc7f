"""What the five seed projects offer, as data: places, offers with their schedules,
translations for the public map, and the residents' requests to practical projects.

The facts come from the project descriptions in shared/seeds/ (which module, which
café, which target groups, which partner). Where the seeds say nothing, the value is an
assumption and marked as such: which consortium partner runs an offer, weekdays and
times, capacity, house numbers and coordinates (near the district centres of
data.DISTRICTS, good enough for the map). Street names follow public sources: the
DORSTEN TREFF at Lippestr. 41 (seed 001), Café Bär in the Bärenfeldstraße and the
Jugendwerk Don Bosco in the Gneisenaustraße in Trier-West, the Arbeitsläden at the
Salvador-Allende-Platz (Lobeda) and in the Anna-Siemsen-Straße (Winzerla, with its
published office hours); the Stadtteilcafé is placed on the Hauptstraße, Wanne-Süd's
main street, where the Stadtteilbüro is.

The German texts are written for the demo; the seeds were the source of the facts,
not of the sentences.
"""

from datetime import date

# Public holidays differ between the federal states (Fronleichnam and Allerheiligen in
# North Rhine-Westphalia and Rhineland-Palatinate, Reformationstag and Weltkindertag
# in Thuringia); the demo's schedules leave them out.
PROJECT_STATES = {
    "job-in-west": "RP",
    "dorsten-treff": "NW",
    "aktiv-fuer-arbeit": "NW",
    "teilhabe-am-wachstum": "TH",
    "bqb-sued": "NW",
}

# Who is named as contact on an offer, per organisation: a demo login of the project
# (their e-mail's local part in data.DEMO_USERS); the project lead where the
# organisation has no demo login of its own.
CONTACTS = {
    "drk-herne": "fallmanagement",
    "gbh-herne": "jobcoach",
    "dorstener-arbeit": "leitung.dorsten",
    "eg-du": "leitung.duisburg",
    "awo-mitte-west-thueringen": "leitung.jena",
}
PROJECT_LEAD_LOGINS = {
    "job-in-west": "leitung.trier",
    "dorsten-treff": "leitung.dorsten",
    "aktiv-fuer-arbeit": "leitung.duisburg",
    "teilhabe-am-wachstum": "leitung.jena",
    "bqb-sued": "projektleitung",
}

# key: the place. House numbers and coordinates are assumed unless a source gives them.
LOCATIONS = {
    # --- Job-in-West, Trier-West ---------------------------------------------------
    "cafe-baer": {
        "project": "job-in-west",
        "organisation": "caritas-trier",
        "name": "Café Bär",
        "street": "Bärenfeldstraße 5",
        "postcode": "54294",
        "city": "Trier",
        "district": "trier-west",
        "lat": "49.751200",
        "lon": "6.624100",
        "accessible": True,
        "notes": "Stadtteilcafé des Caritasverbands mit Frühstück und Mittagstisch.",
    },
    "jugendwerk-don-bosco": {
        "project": "job-in-west",
        "organisation": "jugendwerk-don-bosco",
        "name": "Jugendwerk Don Bosco, Werkstatthalle",
        "street": "Gneisenaustraße 31",
        "postcode": "54294",
        "city": "Trier",
        "district": "trier-west",
        "lat": "49.748900",
        "lon": "6.622600",
        "accessible": True,
        "notes": "Werkstatt in der ehemaligen Reithalle; Eingang über den Hof.",
    },
    "kurfuerst-balduin-hs": {
        "project": "job-in-west",
        "organisation": "kurfuerst-balduin-hs",
        "name": "Kurfürst-Balduin-Hauptschule",
        "street": "Gneisenaustraße 39",
        "postcode": "54294",
        "city": "Trier",
        "district": "trier-west",
        "lat": "49.748300",
        "lon": "6.623500",
        "accessible": False,
        "notes": "Werkraum im Erdgeschoss, Lehrküche im ersten Stock.",
    },
    "werkhof-buergerservice": {
        "project": "job-in-west",
        "organisation": "buergerservice-trier",
        "name": "Werkhof der Bürgerservice GmbH",
        "street": "Hornstraße 32",
        "postcode": "54294",
        "city": "Trier",
        "district": "trier-west",
        "lat": "49.755100",
        "lon": "6.626800",
        "accessible": True,
        "notes": "Treffpunkt der Arbeitsgelegenheiten; Arbeitskleidung wird gestellt.",
    },
    # --- DORSTEN TREFF, Dorsten-Mitte ----------------------------------------------
    "dorsten-treff": {
        "project": "dorsten-treff",
        "organisation": "dorstener-arbeit",
        "name": "DORSTEN TREFF",
        "street": "Lippestraße 41",
        "postcode": "46282",
        "city": "Dorsten",
        "district": "dorsten-mitte",
        "lat": "51.661400",
        "lon": "6.966800",
        "accessible": True,
        "notes": "Beratungs- und Begegnungsstätte im Quartier Dorsten-Mitte.",
    },
    "rikscha-station": {
        "project": "dorsten-treff",
        "organisation": "dorstener-arbeit",
        "name": "Rikscha-Station am DORSTEN TREFF",
        "street": "Lippestraße 41",
        "postcode": "46282",
        "city": "Dorsten",
        "district": "dorsten-mitte",
        "lat": "51.661200",
        "lon": "6.967200",
        "accessible": True,
        "notes": "Service-, Verleih- und Ladestation der E-Rikschas im Hof.",
    },
    # The seed: "in addition to the offers in the district" - so outside the district.
    "lehrwerkstaetten-dorsten": {
        "project": "dorsten-treff",
        "organisation": "dorstener-arbeit",
        "name": "Lehrwerkstätten der Dorstener Arbeit",
        "street": "Gewerbegebiet Wulfen",
        "postcode": "46286",
        "city": "Dorsten",
        "district": None,
        "lat": "51.723000",
        "lon": "7.008000",
        "accessible": True,
        "notes": "Holz- und Metallwerkstatt, Schlosserei; außerhalb des Quartiers.",
    },
    # --- Aktiv für Arbeit im Stadtteil, Duisburg -----------------------------------
    "netzwerkbuero-marxloh": {
        "project": "aktiv-fuer-arbeit",
        "organisation": "eg-du",
        "name": "Netzwerkbüro Marxloh",
        "street": "Weseler Straße 30",
        "postcode": "47169",
        "city": "Duisburg",
        "district": "duisburg-marxloh",
        "lat": "51.500500",
        "lon": "6.778100",
        "accessible": True,
        "notes": "",
    },
    "netzwerkbuero-hochfeld": {
        "project": "aktiv-fuer-arbeit",
        "organisation": "eg-du",
        "name": "Netzwerkbüro Hochfeld",
        "street": "Wanheimer Straße 110",
        "postcode": "47053",
        "city": "Duisburg",
        "district": "duisburg-hochfeld",
        "lat": "51.417600",
        "lon": "6.763000",
        "accessible": False,
        "notes": "Im ersten Stock, kein Aufzug; Beratung auf Wunsch im Erdgeschoss.",
    },
    # --- Teilhabe am Wachstum, Jena ------------------------------------------------
    "arbeitsladen-lobeda": {
        "project": "teilhabe-am-wachstum",
        "organisation": "awo-mitte-west-thueringen",
        "name": "Arbeitsladen Lobeda",
        "street": "Salvador-Allende-Platz 17",
        "postcode": "07747",
        "city": "Jena",
        "district": "jena-lobeda",
        "lat": "50.891500",
        "lon": "11.618000",
        "accessible": True,
        "notes": "Ladenlokal in Lobeda-Ost.",
    },
    "arbeitsladen-winzerla": {
        "project": "teilhabe-am-wachstum",
        "organisation": "awo-mitte-west-thueringen",
        "name": "Arbeitsladen Winzerla",
        "street": "Anna-Siemsen-Straße 27",
        "postcode": "07745",
        "city": "Jena",
        "district": "jena-winzerla",
        "lat": "50.897500",
        "lon": "11.566000",
        "accessible": True,
        "notes": "An der Wasserachse, oberhalb des Supermarkts.",
    },
    # --- BQB-Süd, Herne Wanne-Süd --------------------------------------------------
    "stadtteilcafe-wanne-sued": {
        "project": "bqb-sued",
        "organisation": "drk-herne",
        "name": "Stadtteilcafé Wanne-Süd",
        "street": "Hauptstraße 204",
        "postcode": "44652",
        "city": "Herne",
        "district": "herne-wanne-sued",
        "lat": "51.526200",
        "lon": "7.157100",
        "accessible": True,
        "notes": "Café mit Lernraum und Spielecke; Kinderwagen können mit hinein.",
    },
    "stuetzpunkt-gbh": {
        "project": "bqb-sued",
        "organisation": "gbh-herne",
        "name": "Stützpunkt Praxisprojekte der GBH",
        "street": "Kurhausstraße 50",
        "postcode": "44652",
        "city": "Herne",
        "district": "herne-wanne-sued",
        "lat": "51.529300",
        "lon": "7.161400",
        "accessible": True,
        "notes": "Werkzeug, Gartengeräte und Fahrzeuge der Praxisprojekte.",
    },
    "unterkunft-ackerstrasse": {
        "project": "bqb-sued",
        "organisation": "drk-herne",
        "name": "Gemeinschaftsraum der Unterkunft Ackerstraße",
        "street": "Ackerstraße 12",
        "postcode": "44652",
        "city": "Herne",
        "district": "herne-wanne-sued",
        "lat": "51.524400",
        "lon": "7.162900",
        "accessible": True,
        "notes": "Nur für Bewohnerinnen und Bewohner der Unterkunft.",
    },
}

# Kinds of offers people enrol in; the others (cafés, counselling hours, events,
# drop-in workshops) take no enrolments.
#
# Each offer: key, project, organisation (provider), kind, texts, locations (the first
# is the default place of its schedules), capacity, target groups, languages, flags,
# field, published, start (default: the project's start), schedules, certificate rule
# and contents, and "enrol" (who takes part and for how long) for those with places.
#
# Schedules: weekly {"days": "MO TU", "from": "09:00", "to": "12:00"} with optional
# "every" (weeks), "location" and "note"; one date {"on": date(...)} or, relative to
# the day of the seed, {"in_days": 20, "weekday": "SA"} (the first such weekday at
# least that many days ahead).
#
# "school": True: the offer pauses for the Christmas school holidays (to Epiphany).
# "requests": the kind of residents' requests a practical project takes (SERVICE_REQUESTS).
# "enrol": {"weeks": (min, max), "audience": pupils | adults | under_27 | learners |
# None, "school_year": True for a class that runs from August to July, "goal": words
# from the title of the plan goal (data.GOALS) the offer serves}; "popular" offers are
# asked for by more people than they have places, so that they keep a waiting list.
OFFERS = [
    # === Job-in-West (Trier-West) =================================================
    {
        "key": "cafe-baer",
        "project": "job-in-west",
        "organisation": "caritas-trier",  # Café Bär is run by the Caritasverband
        "kind": "cafe_meeting",
        "title": "Café Bär – Stadtteiltreff in Trier-West",
        "short_description": (
            "Frühstück, ein günstiger Mittagstisch und Zeit für ein Gespräch. Wer Fragen "
            "zu Arbeit, Ausbildung oder Behördenpost hat, findet hier jemanden, der zuhört."
        ),
        "description": (
            "Das Café Bär ist Treffpunkt für den ganzen Stadtteil: für Ältere, die nicht "
            "allein zu Mittag essen wollen, für Mütter mit kleinen Kindern, für Leute, die "
            "Arbeit suchen. Die Beraterinnen des Job-in-West-Verbunds sind regelmäßig da."
        ),
        "how_to_take_part": "Einfach vorbeikommen. Der Mittagstisch beginnt um 12 Uhr.",
        "locations": ["cafe-baer"],
        "capacity": None,
        "target_groups": [
            "long_term_unemployed",
            "immigrants",
            "women_returning",
            "seniors",
            "families",
        ],
        "languages": ["de", "ru", "tr"],
        "accessible": True,
        "cost_note": "Speisen und Getränke zu kleinen Preisen",
        "published": True,
        "schedules": [{"days": "MO TU WE TH FR", "from": "08:30", "to": "14:00"}],
    },
    {
        "key": "integrationsberatung-cafe-baer",
        "project": "job-in-west",
        "organisation": "caritas-trier",
        "kind": "counselling_hour",
        "title": "Integrationsberatung im Café Bär",
        "short_description": (
            "Offene Beratung für Menschen ohne Arbeit, für Zugewanderte und für Frauen, "
            "die ohne Berufsabschluss in den Beruf wollen."
        ),
        "description": (
            "Wir schauen gemeinsam, was Sie können und was Sie brauchen, und begleiten "
            "Sie auf dem Weg in Ausbildung oder Arbeit – auch zu Ämtern und Betrieben."
        ),
        "how_to_take_part": "Ohne Termin zu den Beratungszeiten ins Café Bär kommen.",
        "locations": ["cafe-baer"],
        "capacity": None,
        "target_groups": ["long_term_unemployed", "immigrants", "women_returning"],
        "languages": ["de", "ru"],
        "accessible": True,
        "published": True,
        "schedules": [{"days": "TU TH", "from": "14:00", "to": "16:30"}],
    },
    {
        "key": "service-kueche-cafe-baer",
        "project": "job-in-west",
        "organisation": "caritas-trier",
        "kind": "qualification_module",
        "title": "Service und Küche im Café Bär",
        "short_description": (
            "Junge Leute ohne Ausbildung arbeiten im Cafébetrieb mit – Küche, Service, "
            "Kasse – und bereiten sich so auf eine Ausbildung oder Arbeit vor."
        ),
        "description": (
            "Im echten Betrieb lernen: Gäste bedienen, in der Küche vorbereiten, Hygiene "
            "und Abrechnung. Feste Anfangszeiten geben dem Tag eine Struktur; nebenher "
            "gibt es Unterstützung bei Bewerbungen, Geld und Wohnungssuche."
        ),
        "how_to_take_part": "Nach einem Gespräch in der Integrationsberatung.",
        "locations": ["cafe-baer"],
        "capacity": 14,
        "target_groups": ["young_people", "women_returning"],
        "languages": ["de"],
        "occupational_field": "hotel_catering",
        "accessible": True,
        "published": True,
        "schedules": [{"days": "MO TU WE TH", "from": "08:00", "to": "14:00"}],
        "certificate": ("months", 6),
        "certificate_contents": (
            "Hygieneschulung, Arbeiten in Küche und Service, Umgang mit Gästen, Kasse und "
            "Tagesabrechnung"
        ),
        "enrol": {"weeks": (20, 30), "audience": "under_27"},
    },
    {
        "key": "arbeitsweltklasse",
        "project": "job-in-west",
        "organisation": "kurfuerst-balduin-hs",
        "kind": "school_class_offer",
        "title": "Arbeitsweltklasse: Praxistage und Berufsorientierung",
        "short_description": (
            "Zwei Praxistage pro Woche für die Schülerinnen und Schüler der "
            "Arbeitsweltklasse: Werkstatt, Lehrküche und Betriebserkundungen."
        ),
        "description": (
            "Die Klasse lernt Berufe kennen, indem sie arbeitet: im Werkraum, in der "
            "Lehrküche und in Betrieben im Stadtteil. Sozialpädagogische Begleitung hilft "
            "beim Übergang von der Schule in Ausbildung."
        ),
        "how_to_take_part": "Nur für die Schülerinnen und Schüler der Arbeitsweltklasse.",
        "locations": ["kurfuerst-balduin-hs"],
        "capacity": 18,
        "target_groups": ["pupils"],
        "languages": ["de"],
        "occupational_field": "crafts",
        "published": False,
        "schedules": [{"days": "TU TH", "from": "08:00", "to": "12:15"}],
        "school": True,
        "certificate": ("rate", 70),
        "certificate_contents": "Praxistage in Werkraum und Lehrküche, zwei Betriebserkundungen",
        "enrol": {"weeks": (40, 46), "audience": "pupils", "school_year": True},
    },
    {
        "key": "bvj-werkstatttage",
        "project": "job-in-west",
        "organisation": "jugendwerk-don-bosco",
        "kind": "school_class_offer",
        "title": "BVJ-Klasse: Werkstatttage im Jugendwerk Don Bosco",
        "short_description": (
            "Die BVJ-Klasse der Kurfürst-Balduin-Hauptschule arbeitet zweimal pro Woche in "
            "der Werkstatt des Jugendwerks: Holz, Farbe und Ausbau."
        ),
        "description": (
            "Im Berufsvorbereitungsjahr zählt, was man mit den Händen schafft: kleine "
            "Aufträge für Vereine im Stadtteil, vom Regal bis zum gestrichenen Vereinsheim."
        ),
        "how_to_take_part": "Für die Schülerinnen und Schüler der BVJ-Klasse.",
        "locations": ["jugendwerk-don-bosco"],
        "capacity": 16,
        "target_groups": ["pupils", "young_people"],
        "languages": ["de"],
        "occupational_field": "building",
        "accessible": True,
        "published": False,
        "schedules": [{"days": "MO WE", "from": "08:00", "to": "13:00"}],
        "school": True,
        "certificate": ("rate", 70),
        "certificate_contents": "Holzbearbeitung, Malerarbeiten, Arbeitssicherheit",
        "enrol": {"weeks": (40, 46), "audience": "pupils", "school_year": True},
    },
    {
        "key": "trainingswerkstatt",
        "project": "job-in-west",
        "organisation": "don-bosco-helenenberg",
        "kind": "qualification_module",
        "title": "Orientierungs- und Trainingswerkstatt für junge Erwachsene",
        "short_description": (
            "Für junge Menschen nach der Schule ohne Ausbildungsplatz: in der Werkstatt "
            "ausprobieren, was liegt, und den Weg in eine Ausbildung planen."
        ),
        "description": (
            "Metall, Holz und Lager: In der Werkstatt in Trier-West arbeiten junge "
            "Erwachsene an echten Aufträgen. Freitags wird geübt, was die Ausbildung "
            "verlangt – Rechnen, Lesen, Bewerbung."
        ),
        "how_to_take_part": "Über die Berufsberatung, das Jobcenter oder das Café Bär.",
        "locations": ["jugendwerk-don-bosco"],
        "capacity": 12,
        "target_groups": ["young_people"],
        "languages": ["de"],
        "occupational_field": "crafts",
        "accessible": True,
        "published": True,
        "schedules": [
            {"days": "MO TU WE TH", "from": "08:00", "to": "14:30", "note": "Werkstatt"},
            {"days": "FR", "from": "08:00", "to": "12:00", "note": "Lernwerkstatt"},
        ],
        "certificate": ("months", 4),
        "certificate_contents": (
            "Grundlagen der Metall- und Holzbearbeitung, Lagerarbeit, Arbeitssicherheit, "
            "Bewerbungstraining"
        ),
        "enrol": {"weeks": (16, 30), "audience": "under_27"},
    },
    {
        "key": "agh-stadtteilpflege",
        "project": "job-in-west",
        "organisation": "buergerservice-trier",
        "kind": "work_opportunity",
        "title": "Arbeitsgelegenheit Stadtteilpflege und Renovierung",
        "short_description": (
            "Grünflächen pflegen, Spielplätze in Ordnung halten und Räume von Vereinen "
            "renovieren – mit Anleitung und Qualifizierung."
        ),
        "description": (
            "Die Arbeitsgelegenheit wird mit der Arge Trier durchgeführt. Die Teilnehmenden "
            "arbeiten in Trupps im Stadtteil und erwerben dabei Grundkenntnisse im Ausbau."
        ),
        "how_to_take_part": "Die Zuweisung erfolgt über die Arge Trier (Jobcenter).",
        "locations": ["werkhof-buergerservice"],
        "capacity": 20,
        "target_groups": ["long_term_unemployed"],
        "languages": ["de"],
        "occupational_field": "building",
        "published": False,
        "schedules": [{"days": "MO TU WE TH", "from": "08:00", "to": "14:00"}],
        "certificate": ("months", 6),
        "certificate_contents": "Grünpflege, Maler- und Ausbauarbeiten, Arbeitssicherheit",
        "enrol": {"weeks": (26, 44), "audience": "adults"},
    },
    {
        "key": "vereinsforum-trier-west",
        "project": "job-in-west",
        "organisation": "jugendwerk-don-bosco",
        "kind": "event",
        "title": "Vereinsforum Trier-West",
        "short_description": (
            "Vereine und Gruppen des Stadtteils stellen sich vor und planen gemeinsame "
            "Aktionen; Job-in-West zeigt, wobei die Werkstätten helfen können."
        ),
        "description": "",
        "how_to_take_part": "Offen für alle Vereine und Initiativen aus Trier-West.",
        "locations": ["jugendwerk-don-bosco"],
        "capacity": None,
        "target_groups": ["families", "seniors"],
        "languages": ["de"],
        "accessible": True,
        "published": True,
        "schedules": [
            {"on": date(2009, 3, 12), "from": "18:00", "to": "20:30"},
            {"on": date(2010, 3, 18), "from": "18:00", "to": "20:30"},
            {"on": date(2011, 3, 17), "from": "18:00", "to": "20:30"},
        ],
    },
    # === DORSTEN TREFF (Dorsten-Mitte) ============================================
    {
        "key": "dorsten-treff",
        "project": "dorsten-treff",
        "organisation": "dorstener-arbeit",
        "kind": "cafe_meeting",
        "title": "DORSTEN TREFF – offene Anlaufstelle",
        "short_description": (
            "Beratung, Orientierung und Hilfe rund um Bewerbung, Praktikum, Ausbildung und "
            "Arbeit – ohne Termin, mitten in Dorsten."
        ),
        "description": (
            "Der DORSTEN TREFF ist Beratungs- und Begegnungsort für Eltern, Jugendliche und "
            "Arbeitsuchende im Quartier. Wer sich im Viertel engagieren möchte, ist "
            "ebenfalls willkommen."
        ),
        "how_to_take_part": (
            "Zu den offenen Zeiten in die Lippestraße 41 kommen. Für ein längeres Gespräch "
            "vereinbaren wir gern einen Termin."
        ),
        "locations": ["dorsten-treff"],
        "capacity": None,
        "target_groups": ["long_term_unemployed", "young_people", "families", "single_parents"],
        "languages": ["de", "tr", "ar"],
        "accessible": True,
        "published": True,
        "schedules": [
            {"days": "MO TU WE TH FR", "from": "09:00", "to": "12:30"},
            {"days": "TU TH", "from": "14:00", "to": "16:30"},
        ],
    },
    {
        "key": "stadtteilservice",
        "project": "dorsten-treff",
        "organisation": "dorstener-arbeit",
        "kind": "qualification_module",
        "title": "Modul Stadtteilservice",
        "short_description": (
            "Unterwegs auf Spielplätzen und in Parks: ansprechbar sein, auf Sauberkeit "
            "achten und das Stadtteilbüro bei Festen unterstützen."
        ),
        "description": (
            "Das Modul bereitet auf Arbeit im Dienstleistungsbereich vor, etwa auf eine "
            "Qualifizierung im Bewachungsgewerbe nach § 34a GewO. Ein Pädagoge begleitet "
            "die Gruppe; nach mindestens vier Monaten gibt es ein Zertifikat."
        ),
        "how_to_take_part": (
            "Nach der Beratung im DORSTEN TREFF, in der Stärken und Unterstützungsbedarf "
            "festgehalten werden."
        ),
        "locations": ["dorsten-treff"],
        "capacity": 12,
        "target_groups": ["long_term_unemployed", "young_people"],
        "languages": ["de"],
        "occupational_field": "security",
        "accessible": True,
        "published": True,
        "schedules": [{"days": "MO TU WE TH", "from": "08:00", "to": "13:00"}],
        "certificate": ("months", 4),
        "certificate_contents": (
            "Präsenz im öffentlichen Raum, Kommunikation und Deeskalation, Sauberkeit und "
            "Meldewege, Mitarbeit bei Stadtteilveranstaltungen, Grundlagen nach § 34a GewO"
        ),
        "enrol": {"weeks": (17, 30), "audience": "adults", "goal": "Modul Stadtteilservice"},
    },
    {
        "key": "quartiershausmeister",
        "project": "dorsten-treff",
        "organisation": "dorstener-arbeit",
        "kind": "qualification_module",
        "title": "Modul Quartiershausmeister",
        "short_description": (
            "Verantwortung für einen Bereich im eigenen Quartier übernehmen – in Absprache "
            "mit dem Stadtteilbüro und dem Grünflächenamt."
        ),
        "description": (
            "Beete anlegen, kleine Reparaturen, Mängel melden: Die Quartiershausmeister "
            "kümmern sich um ihren Abschnitt und machen bei „MITte blüht auf!“ mit. Das "
            "Wissen dafür gibt es freitags im Seminar."
        ),
        "how_to_take_part": "Nach der Beratung im DORSTEN TREFF.",
        "locations": ["dorsten-treff"],
        "capacity": 10,
        "target_groups": ["long_term_unemployed"],
        "languages": ["de"],
        "occupational_field": "gardening_landscaping",
        "accessible": True,
        "published": True,
        "schedules": [
            {"days": "MO TU WE TH", "from": "07:30", "to": "12:30", "note": "Im Quartier"},
            {"days": "FR", "from": "09:00", "to": "11:00", "note": "Seminar"},
        ],
        "certificate": ("months", 4),
        "certificate_contents": (
            "Grünpflege und Pflanzarbeiten, kleine Instandsetzungen, Mängelmeldung, "
            "Zusammenarbeit mit Grünflächenamt und Stadtteilbüro"
        ),
        "enrol": {"weeks": (17, 30), "audience": "adults"},
    },
    {
        "key": "fahrradrikscha",
        "project": "dorsten-treff",
        "organisation": "dorstener-arbeit",
        "kind": "qualification_module",
        "title": "Modul Fahrradrikscha und E-Mobilität",
        "short_description": (
            "Gebrauchte Fahrradrikschas instand setzen, auf Elektroantrieb umrüsten und "
            "warten – ein Einstieg in ein Berufsfeld mit Zukunft."
        ),
        "description": (
            "In der Schlosserei der Dorstener Arbeit bauen die Teilnehmenden Rikschas um "
            "und lernen Fahrradtechnik, Elektrik und Akkupflege. Wer möchte, fährt danach "
            "im Rikscha-Fahrdienst."
        ),
        "how_to_take_part": "Nach der Beratung im DORSTEN TREFF.",
        "locations": ["lehrwerkstaetten-dorsten", "rikscha-station"],
        "capacity": 8,
        "target_groups": ["long_term_unemployed", "young_people", "immigrants"],
        "languages": ["de"],
        "occupational_field": "emobility_bicycles",
        "published": True,
        "schedules": [{"days": "MO TU WE TH", "from": "08:00", "to": "14:00"}],
        "certificate": ("months", 4),
        "certificate_contents": (
            "Fahrradtechnik, Umrüstung auf Elektroantrieb, Akku- und Ladetechnik, Wartung "
            "und Pflege an der Service- und Ladestation"
        ),
        "enrol": {"weeks": (17, 30), "audience": "adults"},
    },
    {
        "key": "rikscha-fahrdienst",
        "project": "dorsten-treff",
        "organisation": "dorstener-arbeit",
        "kind": "practical_project",
        "title": "Rikscha-Fahrten für Menschen mit eingeschränkter Beweglichkeit",
        "short_description": (
            "Teilnehmende des DORSTEN TREFF fahren Sie mit der E-Rikscha zu Ihren "
            "Lieblingsplätzen in Dorsten – kostenlos."
        ),
        "description": (
            "Ob Wochenmarkt, Friedhof oder ein Nachmittag an der Lippe: Wer nicht mehr gut "
            "zu Fuß ist, entdeckt bekannte und neue Orte im Quartier wieder. Gefahren wird "
            "von Teilnehmenden, die das Modul Fahrradrikscha besucht haben."
        ),
        "how_to_take_part": (
            "Fahrt telefonisch, im DORSTEN TREFF oder über den Angebotsplan anfragen, am "
            "besten eine Woche vorher. Ein Rollator kann mit."
        ),
        "locations": ["rikscha-station"],
        "capacity": 6,
        "target_groups": ["seniors", "disabilities"],
        "languages": ["de"],
        "occupational_field": "emobility_bicycles",
        "accessible": True,
        "published": True,
        "schedules": [{"days": "WE FR", "from": "10:00", "to": "16:00"}],
        "certificate": ("months", 4),
        "certificate_contents": (
            "Fahrsicherheit mit der E-Rikscha, Begleitung mobilitätseingeschränkter Fahrgäste"
        ),
        "enrol": {"weeks": (17, 26), "audience": "adults"},
        "requests": "rikscha",
    },
    {
        "key": "lehrwerkstaetten",
        "project": "dorsten-treff",
        "organisation": "dorstener-arbeit",
        "kind": "workshop",
        "title": "Lehrwerkstätten der Dorstener Arbeit: Holz und Metall",
        "short_description": (
            "Zusätzlich zu den Angeboten im Quartier: Qualifizierung in den Werkstätten "
            "der Dorstener Arbeit, passend zu möglichen Ausbildungsberufen."
        ),
        "description": (
            "Unter Anleitung von Meistern arbeiten die Teilnehmenden an Aufträgen für "
            "Betriebe und Einrichtungen. Was sie lernen, wird so ausgewählt, dass es "
            "Arbeitgebern erkennbar nützt."
        ),
        "how_to_take_part": "Nach der Beratung im DORSTEN TREFF; Anfahrt mit dem Bus.",
        "locations": ["lehrwerkstaetten-dorsten"],
        "capacity": 12,
        "target_groups": ["long_term_unemployed", "young_people"],
        "languages": ["de"],
        "occupational_field": "crafts",
        "accessible": True,
        "published": True,
        "schedules": [{"days": "MO TU WE TH FR", "from": "07:30", "to": "12:30"}],
        "certificate": ("months", 4),
        "certificate_contents": "Holz- und Metallbearbeitung, Maschinenkunde, Arbeitssicherheit",
        "enrol": {"weeks": (17, 34), "audience": "adults"},
    },
    {
        "key": "bewerbungstraining-dorsten",
        "project": "dorsten-treff",
        "organisation": "dorstener-arbeit",
        "kind": "course",
        "title": "Bewerbungstraining",
        "short_description": (
            "In acht Wochen zur vollständigen Bewerbungsmappe: Lebenslauf, Anschreiben, "
            "Online-Bewerbung und Vorstellungsgespräch üben."
        ),
        "description": (
            "Das Training läuft parallel zu den Modulen. Geübt wird am PC und im Rollenspiel; "
            "am Ende hat jede und jeder Unterlagen, die sofort verschickt werden können."
        ),
        "how_to_take_part": "Anmeldung bei der pädagogischen Begleitung.",
        "locations": ["dorsten-treff"],
        "capacity": 10,
        "target_groups": ["long_term_unemployed", "young_people", "single_parents"],
        "languages": ["de"],
        "accessible": True,
        "part_time_suitable": True,
        "published": True,
        "schedules": [{"days": "WE", "from": "13:00", "to": "16:00"}],
        "certificate": ("hours", 18),
        "certificate_contents": (
            "Lebenslauf und Anschreiben, Online-Bewerbung, Vorstellungsgespräch im Rollenspiel"
        ),
        "enrol": {"weeks": (8, 8), "audience": "adults", "goal": "Bewerbungsunterlagen"},
    },
    {
        "key": "paedagogische-sprechstunde",
        "project": "dorsten-treff",
        "organisation": "dorstener-arbeit",
        "kind": "counselling_hour",
        "title": "Sprechstunde der pädagogischen Begleitung",
        "short_description": (
            "Für Teilnehmende der Module: Fragen zu Modul, Zertifikat und dem nächsten "
            "Schritt in Arbeit."
        ),
        "description": "",
        "how_to_take_part": "Für Teilnehmende; ohne Anmeldung.",
        "locations": ["dorsten-treff"],
        "capacity": None,
        "target_groups": ["long_term_unemployed"],
        "languages": ["de"],
        "accessible": True,
        "published": False,
        "schedules": [{"days": "MO", "from": "13:00", "to": "15:00"}],
    },
    {
        "key": "mitte-blueht-auf",
        "project": "dorsten-treff",
        "organisation": "dorstener-arbeit",
        "kind": "event",
        "title": "Aktionstag „MITte blüht auf!“",
        "short_description": (
            "Beete und Baumscheiben in Dorsten-Mitte bepflanzen – mit den "
            "Quartiershausmeistern, dem Grünflächenamt und allen, die mitmachen wollen."
        ),
        "description": "",
        "how_to_take_part": "Treffpunkt am DORSTEN TREFF; Handschuhe und Werkzeug sind da.",
        "locations": ["dorsten-treff"],
        "capacity": None,
        "target_groups": ["families", "seniors"],
        "languages": ["de"],
        "occupational_field": "gardening_landscaping",
        "published": True,
        "schedules": [
            {"on": date(2018, 4, 21), "from": "10:00", "to": "14:00"},
            {"on": date(2019, 4, 13), "from": "10:00", "to": "14:00"},
            {"on": date(2020, 9, 19), "from": "10:00", "to": "13:00"},
            {"in_days": 24, "weekday": "SA", "from": "10:00", "to": "14:00"},
        ],
    },
    # === Aktiv für Arbeit im Stadtteil (Duisburg) =================================
    {
        "key": "sprechstunde-marxloh",
        "project": "aktiv-fuer-arbeit",
        "organisation": "eg-du",
        "kind": "counselling_hour",
        "title": "Offene Sprechstunde der Netzwerkcoaches in Marxloh",
        "short_description": (
            "Sie suchen Arbeit, eine Ausbildung oder einen Deutschkurs? Die Netzwerkcoaches "
            "kennen die Angebote in Duisburg und stellen den Kontakt her."
        ),
        "description": (
            "Auch wer nicht beim Jobcenter gemeldet ist, ist willkommen. Die Coaches "
            "vermitteln zu den Stellen, die weiterhelfen, und begleiten beim ersten Besuch."
        ),
        "how_to_take_part": "Ohne Anmeldung; gern mit einer Person, die übersetzt.",
        "locations": ["netzwerkbuero-marxloh"],
        "capacity": None,
        "target_groups": ["long_term_unemployed", "women_returning", "young_people", "immigrants"],
        "languages": ["de", "tr", "bg", "ro"],
        "accessible": True,
        "published": True,
        "schedules": [{"days": "TU", "from": "10:00", "to": "13:00"}],
    },
    {
        "key": "sprechstunde-hochfeld",
        "project": "aktiv-fuer-arbeit",
        "organisation": "eg-du",
        "kind": "counselling_hour",
        "title": "Offene Sprechstunde der Netzwerkcoaches in Hochfeld",
        "short_description": (
            "Beratung zu Arbeit, Ausbildung, Anerkennung und Sprachkursen – für Menschen "
            "aus Hochfeld, auch für neu Zugewanderte."
        ),
        "description": "",
        "how_to_take_part": "Ohne Anmeldung.",
        "locations": ["netzwerkbuero-hochfeld"],
        "capacity": None,
        "target_groups": ["long_term_unemployed", "young_people", "immigrants"],
        "languages": ["de", "tr", "bg", "ro", "ar"],
        "published": True,
        "schedules": [{"days": "TH", "from": "10:00", "to": "13:00"}],
    },
    {
        "key": "frauenfruehstueck-marxloh",
        "project": "aktiv-fuer-arbeit",
        "organisation": "eg-du",
        "kind": "cafe_meeting",
        "title": "Frauenfrühstück: Wege zurück in den Beruf",
        "short_description": (
            "Alle zwei Wochen Frühstück und Austausch für Frauen, die nach der Familienzeit "
            "oder ohne Berufserfahrung arbeiten möchten. Kinder werden betreut."
        ),
        "description": "",
        "how_to_take_part": "Einfach kommen; Kinder bis sechs Jahre werden nebenan betreut.",
        "locations": ["netzwerkbuero-marxloh"],
        "capacity": None,
        "target_groups": ["women_returning", "immigrants", "single_parents"],
        "languages": ["de", "tr"],
        "childcare_available": True,
        "accessible": True,
        "published": True,
        "schedules": [{"days": "FR", "from": "09:30", "to": "11:30", "every": 2}],
    },
    {
        "key": "orientierungskurs-hochfeld",
        "project": "aktiv-fuer-arbeit",
        "organisation": "eg-du",
        "kind": "course",
        "title": "Orientierungskurs Arbeit und Ausbildung für Neuzugewanderte",
        "short_description": (
            "Wie funktionieren Arbeitsmarkt, Ausbildung und Anerkennung in Deutschland? "
            "Zehn Wochen, zweimal pro Woche, mit Sprachmittlung."
        ),
        "description": (
            "Themen sind Arbeitsverträge und Rechte, Minijob und Sozialversicherung, "
            "Anerkennung von Abschlüssen und der Weg zu Sprachkursen. Dazu besuchen wir "
            "Betriebe in Duisburg."
        ),
        "how_to_take_part": "Anmeldung in der Sprechstunde Hochfeld.",
        "locations": ["netzwerkbuero-hochfeld"],
        "capacity": 15,
        "target_groups": ["immigrants"],
        "languages": ["de", "bg", "ro"],
        "part_time_suitable": True,
        "published": True,
        "schedules": [{"days": "MO WE", "from": "09:00", "to": "12:00"}],
        "certificate": ("rate", 75),
        "certificate_contents": (
            "Arbeitsmarkt und Ausbildung in Deutschland, Arbeitsrecht, Sozialversicherung, "
            "Anerkennung ausländischer Abschlüsse"
        ),
        "enrol": {"weeks": (10, 10), "audience": "learners"},
    },
    {
        "key": "bewerbungswerkstatt-marxloh",
        "project": "aktiv-fuer-arbeit",
        "organisation": "eg-du",
        "kind": "workshop",
        "title": "Bewerbungswerkstatt für junge Leute",
        "short_description": (
            "Für Jugendliche ohne Abschluss oder Ausbildungsplatz: Bewerbungen schreiben, "
            "Praktikumsplätze finden, Vorstellungsgespräche üben."
        ),
        "description": "",
        "how_to_take_part": "Anmeldung in der Sprechstunde Marxloh oder über die Schule.",
        "locations": ["netzwerkbuero-marxloh"],
        "capacity": 12,
        "target_groups": ["young_people", "pupils"],
        "languages": ["de", "tr"],
        "accessible": True,
        "published": True,
        "schedules": [{"days": "TU", "from": "14:00", "to": "17:00"}],
        "certificate": ("hours", 15),
        "certificate_contents": "Bewerbungsunterlagen, Praktikumssuche, Vorstellungsgespräch",
        "enrol": {"weeks": (6, 8), "audience": "under_27", "goal": "Ausbildungsplatz"},
    },
    {
        "key": "infoabend-ausbildung",
        "project": "aktiv-fuer-arbeit",
        "organisation": "eg-du",
        "kind": "event",
        "title": "Infoabend Ausbildung im Stadtteil",
        "short_description": (
            "Betriebe aus Marxloh und Hochfeld stellen ihre Ausbildungsplätze vor; Eltern "
            "sind ausdrücklich eingeladen."
        ),
        "description": "",
        "how_to_take_part": "Ohne Anmeldung.",
        "locations": ["netzwerkbuero-marxloh", "netzwerkbuero-hochfeld"],
        "capacity": None,
        "target_groups": ["young_people", "pupils", "families"],
        "languages": ["de", "tr"],
        "published": True,
        "schedules": [
            {"on": date(2013, 10, 17), "from": "17:30", "to": "20:00"},
            {
                "on": date(2014, 5, 22),
                "from": "17:30",
                "to": "20:00",
                "location": "netzwerkbuero-hochfeld",
            },
        ],
    },
    # === Teilhabe am Wachstum (Jena) ==============================================
    {
        "key": "arbeitsladen-lobeda",
        "project": "teilhabe-am-wachstum",
        "organisation": "awo-mitte-west-thueringen",
        "kind": "counselling_hour",
        "title": "Arbeitsladen Lobeda – offene Sprechzeiten",
        "short_description": (
            "Hilfe bei der Suche nach Arbeit: passende Stellen finden, Bewerbungen "
            "schreiben, Vorstellungsgespräche vorbereiten – direkt im Stadtteil."
        ),
        "description": (
            "Der Arbeitsladen verbindet Arbeitsuchende und Unternehmen aus Lobeda. "
            "Sozialpädagoginnen beraten Arbeitsuchende, Wirtschaftsfachleute kleine Betriebe."
        ),
        "how_to_take_part": "Zu den Sprechzeiten vorbeikommen oder einen Termin vereinbaren.",
        "locations": ["arbeitsladen-lobeda"],
        "capacity": None,
        "target_groups": ["long_term_unemployed", "immigrants", "disabilities"],
        "languages": ["de", "ar", "ru", "uk"],
        "accessible": True,
        "published": True,
        "start": date(2019, 8, 1),
        "schedules": [
            {"days": "MO", "from": "13:00", "to": "17:00"},
            {"days": "WE", "from": "09:00", "to": "13:00"},
        ],
    },
    {
        "key": "arbeitsladen-winzerla",
        "project": "teilhabe-am-wachstum",
        "organisation": "awo-mitte-west-thueringen",
        "kind": "counselling_hour",
        "title": "Arbeitsladen Winzerla – offene Sprechzeiten",
        "short_description": (
            "Beratung, Orientierung und Unterstützung rund um Arbeit – von der Stellensuche "
            "bis zu den ersten Wochen im neuen Job."
        ),
        "description": "",
        "how_to_take_part": "Zu den Sprechzeiten kommen; Termine auch außerhalb möglich.",
        "locations": ["arbeitsladen-winzerla"],
        "capacity": None,
        "target_groups": ["long_term_unemployed", "immigrants", "disabilities"],
        "languages": ["de", "ar", "ru"],
        "accessible": True,
        "published": True,
        "start": date(2019, 8, 1),
        "schedules": [
            {"days": "TU", "from": "13:00", "to": "17:00"},
            {"days": "TH", "from": "09:00", "to": "13:00"},
        ],
    },
    {
        "key": "profiling-jena",
        "project": "teilhabe-am-wachstum",
        "organisation": "awo-mitte-west-thueringen",
        "kind": "course",
        "title": "Profiling: Stärken und nächste Schritte",
        "short_description": (
            "Vier Wochen, in denen wir gemeinsam herausfinden, was Sie können, was Sie "
            "brauchen und welcher Weg in Arbeit passt."
        ),
        "description": "Der erste Baustein der Qualifizierungskette im Arbeitsladen.",
        "how_to_take_part": "Nach dem Erstgespräch im Arbeitsladen.",
        "locations": ["arbeitsladen-lobeda"],
        "capacity": 8,
        "target_groups": ["long_term_unemployed", "immigrants", "disabilities"],
        "languages": ["de"],
        "accessible": True,
        "published": False,
        "start": date(2019, 8, 1),
        "schedules": [{"days": "MO TU", "from": "09:00", "to": "12:00"}],
        "certificate": ("hours", 18),
        "certificate_contents": (
            "Kompetenzfeststellung, Berufsorientierung, individueller Förderplan"
        ),
        "enrol": {"weeks": (4, 4), "audience": "adults"},
    },
    {
        "key": "training-arbeitsalltag",
        "project": "teilhabe-am-wachstum",
        "organisation": "awo-mitte-west-thueringen",
        "kind": "course",
        "title": "Training für den Arbeitsalltag: PC, Kommunikation, Bewerbung",
        "short_description": (
            "Zwölf Wochen Training für den Einstieg: am PC arbeiten, E-Mails schreiben, "
            "im Team sprechen und sich bewerben."
        ),
        "description": "",
        "how_to_take_part": "Nach dem Profiling, in Absprache mit dem Case Management.",
        "locations": ["arbeitsladen-winzerla"],
        "capacity": 10,
        "target_groups": ["long_term_unemployed", "immigrants", "disabilities"],
        "languages": ["de"],
        "occupational_field": "office_digital_media",
        "accessible": True,
        "part_time_suitable": True,
        "published": True,
        "start": date(2019, 9, 2),
        "schedules": [{"days": "TU TH", "from": "09:00", "to": "12:00"}],
        "certificate": ("rate", 75),
        "certificate_contents": "Textverarbeitung und E-Mail, Kommunikation im Betrieb, Bewerbung",
        "enrol": {"weeks": (12, 12), "audience": "adults", "goal": "Grundkenntnisse am PC"},
    },
    {
        "key": "arbeitserprobung-lager",
        "project": "teilhabe-am-wachstum",
        "organisation": "awo-mitte-west-thueringen",
        "kind": "qualification_module",
        "title": "Arbeitserprobung Lager und Logistik",
        "short_description": (
            "Mehrere Wochen in einem Lager eines Unternehmens aus Lobeda oder Winzerla "
            "mitarbeiten – begleitet vom Arbeitsladen."
        ),
        "description": (
            "Kommissionieren, Wareneingang, Inventur: Die Arbeitserprobung zeigt beiden "
            "Seiten, ob es passt. Danach folgt ein Auswertungsgespräch mit dem Betrieb."
        ),
        "how_to_take_part": "Nach Profiling und Training, in Absprache mit dem Case Management.",
        "locations": ["arbeitsladen-lobeda"],
        "capacity": 8,
        "target_groups": ["long_term_unemployed", "disabilities", "immigrants"],
        "languages": ["de"],
        "occupational_field": "logistics",
        "published": False,
        "start": date(2019, 10, 1),
        "schedules": [{"days": "MO TU WE TH", "from": "07:00", "to": "12:00"}],
        "certificate": ("months", 3),
        "certificate_contents": (
            "Wareneingang und Kommissionierung, Inventur, Arbeitssicherheit im Lager"
        ),
        "enrol": {"weeks": (8, 16), "audience": "adults"},
    },
    {
        "key": "berufspraxis-handel",
        "project": "teilhabe-am-wachstum",
        "organisation": "awo-mitte-west-thueringen",
        "kind": "qualification_module",
        "title": "Berufspraktische Bildung Verkauf und Einzelhandel",
        "short_description": (
            "Im Laden eines Partnerbetriebs lernen: Ware verräumen, beraten, kassieren – "
            "mit begleitendem Unterricht im Arbeitsladen Winzerla."
        ),
        "description": "",
        "how_to_take_part": "Nach dem Profiling, in Absprache mit dem Case Management.",
        "locations": ["arbeitsladen-winzerla"],
        "capacity": 8,
        "target_groups": ["long_term_unemployed", "immigrants"],
        "languages": ["de"],
        "occupational_field": "retail",
        "accessible": True,
        "published": True,
        "start": date(2019, 10, 1),
        "schedules": [{"days": "MO TU WE", "from": "08:00", "to": "13:00"}],
        "certificate": ("months", 3),
        "certificate_contents": "Warenpräsentation, Kundenberatung, Kasse, Grundlagen des Handels",
        "enrol": {"weeks": (12, 24), "audience": "adults"},
    },
    {
        "key": "begleitung-in-arbeit",
        "project": "teilhabe-am-wachstum",
        "organisation": "awo-mitte-west-thueringen",
        "kind": "counselling_hour",
        "title": "Begleitung in Arbeit: Sprechstunde nach Feierabend",
        "short_description": (
            "Für alle, die gerade eine Stelle angetreten haben: Fragen klären, bevor aus "
            "kleinen Problemen große werden."
        ),
        "description": "",
        "how_to_take_part": "Ohne Anmeldung; auch telefonisch.",
        "locations": ["arbeitsladen-lobeda"],
        "capacity": None,
        "target_groups": ["long_term_unemployed", "disabilities", "immigrants"],
        "languages": ["de"],
        "accessible": True,
        "published": True,
        "start": date(2019, 8, 1),
        "schedules": [{"days": "TH", "from": "16:00", "to": "18:00"}],
    },
    # === BQB-Süd (Herne Wanne-Süd) ================================================
    {
        "key": "stadtteilcafe-wanne-sued",
        "project": "bqb-sued",
        "organisation": "drk-herne",
        "kind": "cafe_meeting",
        "title": "Stadtteilcafé Wanne-Süd",
        "short_description": (
            "Treffpunkt für alle im Viertel: Kaffee, Gespräche, Hilfe bei Briefen und "
            "Anträgen – und die Angebote von BQB-Süd unter einem Dach."
        ),
        "description": (
            "Im Café arbeiten Teilnehmende der Arbeitsgelegenheit Gastronomie; nebenan "
            "finden Kurse, Beratung und Workshops statt. Familien, Zugewanderte und "
            "Ältere aus Wanne-Süd sind gleichermaßen willkommen."
        ),
        "how_to_take_part": "Einfach vorbeikommen, eine Anmeldung braucht es nicht.",
        "locations": ["stadtteilcafe-wanne-sued"],
        "capacity": None,
        "target_groups": [
            "families",
            "immigrants",
            "seniors",
            "single_parents",
            "long_term_unemployed",
        ],
        "languages": ["de", "tr", "ar", "bg", "ro"],
        "accessible": True,
        "cost_note": "Kaffee und Kuchen zum Selbstkostenpreis",
        "published": True,
        "start": date(2020, 9, 1),
        "schedules": [
            {"days": "MO TU WE TH", "from": "09:00", "to": "15:00"},
            {"days": "FR", "from": "09:00", "to": "13:00"},
        ],
    },
    {
        "key": "sozialberatung-bqb",
        "project": "bqb-sued",
        "organisation": "drk-herne",
        "kind": "counselling_hour",
        "title": "Bildungs- und Sozialberatung",
        "short_description": (
            "Individuelle Beratung zu Schule und Abschluss, Weiterbildung, Geld, Wohnen "
            "und Kinderbetreuung – der erste Schritt in die Angebote von BQB-Süd."
        ),
        "description": "",
        "how_to_take_part": "Im Stadtteilcafé zu den Beratungszeiten oder nach Termin.",
        "locations": ["stadtteilcafe-wanne-sued"],
        "capacity": None,
        "target_groups": ["long_term_unemployed", "single_parents", "immigrants"],
        "languages": ["de", "tr", "ar"],
        "accessible": True,
        "published": True,
        "schedules": [
            {"days": "TU", "from": "09:00", "to": "12:00"},
            {"days": "TH", "from": "13:00", "to": "16:00"},
        ],
    },
    {
        "key": "jobcoaching-bqb",
        "project": "bqb-sued",
        "organisation": "gbh-herne",
        "kind": "counselling_hour",
        "title": "Jobcoaching-Sprechstunde",
        "short_description": (
            "Bewerbung, Stellensuche und Kontakt zu Betrieben im Quartier – mit dem "
            "Jobcoach der GBH."
        ),
        "description": "",
        "how_to_take_part": "Mittwochs im Stadtteilcafé, ohne Anmeldung.",
        "locations": ["stadtteilcafe-wanne-sued"],
        "capacity": None,
        "target_groups": ["long_term_unemployed", "single_parents", "immigrants"],
        "languages": ["de"],
        "accessible": True,
        "published": True,
        "schedules": [{"days": "WE", "from": "10:00", "to": "13:00"}],
    },
    {
        "key": "digitale-medien-grundkurs",
        "project": "bqb-sued",
        "organisation": "drk-herne",
        "kind": "course",
        "title": "Digitale Medien im Alltag und Beruf – Grundkurs",
        "short_description": (
            "Smartphone, E-Mail, Online-Termine und Bewerbung am PC: zehn Wochen in "
            "kleiner Gruppe, vormittags, mit Kinderbetreuung."
        ),
        "description": (
            "Der Kurs ist fachübergreifend und steht allen Teilnehmenden offen. Wer ihn "
            "regelmäßig besucht, bekommt ein Zertifikat."
        ),
        "how_to_take_part": "Anmeldung in der Bildungs- und Sozialberatung.",
        "locations": ["stadtteilcafe-wanne-sued"],
        "capacity": 5,
        "target_groups": ["single_parents", "immigrants", "long_term_unemployed"],
        "languages": ["de"],
        "occupational_field": "office_digital_media",
        "part_time_suitable": True,
        "childcare_available": True,
        "accessible": True,
        "published": True,
        "schedules": [{"days": "MO WE", "from": "09:00", "to": "11:30"}],
        "certificate": ("rate", 80),
        "certificate_contents": (
            "Smartphone und Apps, E-Mail und Dateien, Online-Terminbuchung, Bewerbung am PC, "
            "sicher im Netz"
        ),
        "enrol": {"weeks": (10, 10), "audience": "adults", "goal": "Grundkenntnisse am PC"},
        "popular": True,
    },
    {
        "key": "smartphone-treff",
        "project": "bqb-sued",
        "organisation": "drk-herne",
        "kind": "workshop",
        "title": "Smartphone-Treff: Fragen rund um Handy und Internet",
        "short_description": (
            "Jeden Freitag: eigene Fragen zu Handy, Apps und Internet mitbringen und "
            "gemeinsam lösen. Besonders für Ältere und neu Zugewanderte."
        ),
        "description": "",
        "how_to_take_part": "Ohne Anmeldung; das eigene Gerät mitbringen.",
        "locations": ["stadtteilcafe-wanne-sued"],
        "capacity": None,
        "target_groups": ["seniors", "immigrants", "families"],
        "languages": ["de", "tr", "ar"],
        "accessible": True,
        "published": True,
        "start": date(2020, 9, 4),
        "schedules": [{"days": "FR", "from": "10:00", "to": "12:00"}],
    },
    {
        "key": "sprachfoerderung-bqb",
        "project": "bqb-sued",
        "organisation": "drk-herne",
        "kind": "course",
        "title": "Sprachförderung: Deutsch für Alltag und Arbeit",
        "short_description": (
            "Deutsch üben mit Wörtern aus dem Berufsalltag – in kleiner Gruppe, am "
            "Vormittag und mit Kinderbetreuung."
        ),
        "description": (
            "Begleitend zu den Arbeitsgelegenheiten und Praxisprojekten, für alle, die "
            "sprachlich Unterstützung brauchen. Kein Ersatz für den Integrationskurs."
        ),
        "how_to_take_part": (
            "Termin in der Bildungs- und Sozialberatung ausmachen; wir klären gemeinsam, "
            "welche Gruppe passt."
        ),
        "locations": ["stadtteilcafe-wanne-sued"],
        "capacity": 12,
        "target_groups": ["immigrants", "single_parents"],
        "languages": ["de", "ar", "tr", "bg", "ro", "uk"],
        "part_time_suitable": True,
        "childcare_available": True,
        "accessible": True,
        "published": True,
        "schedules": [{"days": "TU TH", "from": "09:00", "to": "12:00"}],
        "certificate": ("rate", 70),
        "certificate_contents": "Deutsch für den Arbeitsplatz: Anweisungen, Telefonate, Formulare",
        "enrol": {"weeks": (12, 12), "audience": "learners", "goal": "Deutschkenntnisse"},
        "popular": True,
    },
    {
        "key": "praxis-haushaltsnahe-dienstleistungen",
        "project": "bqb-sued",
        "organisation": "gbh-herne",
        "kind": "practical_project",
        "title": "Praxisprojekt Haushaltsnahe Dienstleistungen",
        "short_description": (
            "Putzen, Bügeln, Einkaufen für andere: Die Teilnehmenden lernen den Beruf und "
            "helfen älteren Nachbarinnen und Nachbarn in Wanne-Süd. In Teilzeit, passend "
            "zu den Kita-Zeiten."
        ),
        "description": (
            "Das Praxisprojekt führt auf eine abschlussorientierte Teilqualifizierung hin. "
            "Aufträge kommen von Bewohnerinnen und Bewohnern, die im Haushalt Hilfe brauchen."
        ),
        "how_to_take_part": (
            "Wer Hilfe braucht, fragt über den Angebotsplan oder im Stadtteilcafé an. Wer "
            "mitmachen möchte, spricht zuerst mit dem Jobcoaching."
        ),
        "locations": ["stuetzpunkt-gbh"],
        "capacity": 10,
        "target_groups": ["single_parents", "immigrants", "long_term_unemployed"],
        "languages": ["de"],
        "occupational_field": "household_services",
        "part_time_suitable": True,
        "accessible": True,
        "published": True,
        "schedules": [{"days": "MO TU WE TH", "from": "08:30", "to": "12:30"}],
        "certificate": ("months", 4),
        "certificate_contents": (
            "Reinigung von Wohnräumen, Wäschepflege, Einkauf und einfache Mahlzeiten, "
            "Umgang mit Kundinnen und Kunden im Privathaushalt"
        ),
        "enrol": {"weeks": (17, 30), "audience": "adults"},
        "requests": "household",
    },
    {
        "key": "praxis-garten-landschaftsbau",
        "project": "bqb-sued",
        "organisation": "gbh-herne",
        "kind": "practical_project",
        "title": "Praxisprojekt Garten- und Landschaftsbau im Wohnumfeld",
        "short_description": (
            "Hecken schneiden, Beete anlegen, Höfe und Grünflächen pflegen – "
            "Qualifizierung mit sichtbarem Nutzen für Wanne-Süd."
        ),
        "description": (
            "Ergänzt die Arbeitsgelegenheiten im Garten- und Landschaftsbau: Die Gruppe "
            "pflegt Flächen im Quartier und übernimmt kleine Aufträge von Bewohnerinnen "
            "und Bewohnern."
        ),
        "how_to_take_part": (
            "Aufträge über den Angebotsplan oder im Stadtteilcafé; Teilnahme nach einem "
            "Gespräch im Jobcoaching."
        ),
        "locations": ["stuetzpunkt-gbh"],
        "capacity": 12,
        "target_groups": ["long_term_unemployed", "immigrants"],
        "languages": ["de"],
        "occupational_field": "gardening_landscaping",
        "published": True,
        "schedules": [{"days": "MO TU WE TH", "from": "07:30", "to": "14:00"}],
        "certificate": ("months", 4),
        "certificate_contents": (
            "Gehölzschnitt, Pflanzarbeiten, Pflege von Rasen und Beeten, Umgang mit "
            "Motorgeräten, Arbeitssicherheit"
        ),
        "enrol": {"weeks": (17, 34), "audience": "adults", "goal": "Garten- und Landschaftsbau"},
        "requests": "garden",
    },
    {
        "key": "agh-pflege",
        "project": "bqb-sued",
        "organisation": "drk-herne",
        "kind": "work_opportunity",
        "title": "Arbeitsgelegenheit Pflege und Alltagsbegleitung",
        "short_description": (
            "Ältere Menschen im Alltag begleiten, vorlesen, spazieren gehen – mit "
            "Qualifizierung und Vorbereitung auf eine Teilqualifizierung in der Pflege."
        ),
        "description": "",
        "how_to_take_part": "Zuweisung durch das Jobcenter Herne nach einer Potenzialanalyse.",
        "locations": ["stadtteilcafe-wanne-sued"],
        "capacity": 10,
        "target_groups": ["long_term_unemployed", "women_returning", "immigrants"],
        "languages": ["de"],
        "occupational_field": "care",
        "part_time_suitable": True,
        "published": False,
        "schedules": [{"days": "MO TU WE TH FR", "from": "08:00", "to": "13:00"}],
        "certificate": ("months", 6),
        "certificate_contents": (
            "Alltagsbegleitung, Kommunikation mit älteren Menschen, Hygiene, Erste Hilfe"
        ),
        "enrol": {"weeks": (26, 44), "audience": "adults", "goal": "Alltagsbegleitung"},
    },
    {
        "key": "agh-gastronomie",
        "project": "bqb-sued",
        "organisation": "drk-herne",
        "kind": "work_opportunity",
        "title": "Arbeitsgelegenheit Hotel und Gastronomie im Stadtteilcafé",
        "short_description": (
            "Küche, Service und Café-Betrieb im Stadtteilcafé Wanne-Süd – mit Jobcoaching "
            "und Hygieneschulung."
        ),
        "description": "",
        "how_to_take_part": "Zuweisung durch das Jobcenter Herne.",
        "locations": ["stadtteilcafe-wanne-sued"],
        "capacity": 8,
        "target_groups": ["long_term_unemployed", "immigrants"],
        "languages": ["de"],
        "occupational_field": "hotel_catering",
        "accessible": True,
        "published": False,
        "start": date(2020, 9, 1),
        "schedules": [{"days": "MO TU WE TH FR", "from": "08:30", "to": "14:30"}],
        "certificate": ("months", 6),
        "certificate_contents": "Küche und Service, Hygiene nach HACCP, Kasse, Gästekontakt",
        "enrol": {"weeks": (26, 44), "audience": "adults"},
    },
    {
        "key": "beratung-ackerstrasse",
        "project": "bqb-sued",
        "organisation": "drk-herne",
        "kind": "counselling_hour",
        "title": "Beratung vor Ort in der Unterkunft Ackerstraße",
        "short_description": (
            "Einmal pro Woche kommt die Bildungs- und Sozialberatung in die Unterkunft: "
            "Fragen zu Arbeit, Sprachkurs und Kinderbetreuung."
        ),
        "description": "",
        "how_to_take_part": "Für Bewohnerinnen und Bewohner der Unterkunft.",
        "locations": ["unterkunft-ackerstrasse"],
        "capacity": None,
        "target_groups": ["immigrants", "families"],
        "languages": ["de", "ar", "fa", "uk"],
        "accessible": True,
        "published": False,
        "schedules": [{"days": "MO", "from": "14:00", "to": "16:00"}],
    },
    {
        "key": "feste-stadtteilcafe",
        "project": "bqb-sued",
        "organisation": "drk-herne",
        "kind": "event",
        "title": "Feste und Infoabende im Stadtteilcafé",
        "short_description": (
            "Eröffnung, Nachbarschaftsfest, Vorstellung des digitalen Stadtteil- und "
            "Angebotsplans: die besonderen Termine im Stadtteilcafé."
        ),
        "description": "",
        "how_to_take_part": "Alle sind eingeladen, Eintritt frei.",
        "locations": ["stadtteilcafe-wanne-sued"],
        "capacity": None,
        "target_groups": ["families", "immigrants", "seniors"],
        "languages": ["de", "tr", "ar"],
        "accessible": True,
        "published": True,
        "start": date(2020, 9, 1),
        "schedules": [
            {"on": date(2020, 9, 4), "from": "15:00", "to": "18:00", "note": "Eröffnung"},
            {
                "on": date(2022, 6, 15),
                "from": "17:00",
                "to": "19:00",
                "note": "Vorstellung des Stadtteil- und Angebotsplans",
            },
            {
                "in_days": 18,
                "weekday": "SA",
                "from": "14:00",
                "to": "18:00",
                "note": "Nachbarschaftsfest",
            },
        ],
    },
]

# Translations of the public texts: (title, short description, how to take part,
# reviewed). Offers not listed here are shown in German in every language.
TRANSLATIONS = {
    "stadtteilcafe-wanne-sued": {
        "en": (
            "Wanne-Süd neighbourhood café",
            "A meeting place for everyone in the neighbourhood: coffee, a chat, help with "
            "letters and forms – and all BQB-Süd offers under one roof.",
            "Just drop in, no registration needed.",
            True,
        ),
        "tr": (
            "Wanne-Süd Mahalle Kafesi",
            "Mahalledeki herkes için buluşma yeri: kahve, sohbet, mektup ve başvurularda "
            "yardım – ve BQB-Süd'ün tüm teklifleri tek çatı altında.",
            "Uğramanız yeterli, kayıt gerekmez.",
            True,
        ),
        "ar": (
            "مقهى حي فانه-زود",
            "مكان لقاء لجميع سكان الحي: قهوة وحديث ومساعدة في الرسائل والطلبات، "
            "وكل عروض مشروع BQB-Süd تحت سقف واحد.",
            "تعال ببساطة، لا حاجة للتسجيل.",
            False,
        ),
        "uk": (
            "Кав'ярня району Ванне-Зюд",
            "Місце зустрічі для всіх мешканців району: кава, розмови, допомога з листами "
            "та заявами – і всі пропозиції проєкту BQB-Süd під одним дахом.",
            "Просто приходьте, реєстрація не потрібна.",
            False,
        ),
    },
    "sprachfoerderung-bqb": {
        "en": (
            "Language support: German for everyday life and work",
            "Practise German with the words you need at work – in a small group, in the "
            "mornings, with childcare.",
            "Make an appointment with the education and social counselling; together we "
            "find the right group.",
            True,
        ),
        "tr": (
            "Dil desteği: Günlük hayat ve iş için Almanca",
            "İş hayatında gereken kelimelerle Almanca pratiği – küçük grupta, sabahları ve "
            "çocuk bakımıyla.",
            "Eğitim ve sosyal danışmanlıktan randevu alın; size uygun grubu birlikte belirleriz.",
            True,
        ),
        "ar": (
            "دعم اللغة: الألمانية للحياة اليومية والعمل",
            "تدرّب على الألمانية بكلمات من الحياة المهنية – في مجموعة صغيرة، صباحًا ومع "
            "رعاية للأطفال.",
            "احجز موعدًا في الاستشارة التعليمية والاجتماعية، وسنختار معًا المجموعة المناسبة.",
            False,
        ),
        "uk": (
            "Мовна підтримка: німецька для побуту й роботи",
            "Практикуйте німецьку зі словами з робочих буднів – у невеликій групі, зранку "
            "та з доглядом за дітьми.",
            "Запишіться на прийом до освітньої та соціальної консультації – разом ми "
            "підберемо відповідну групу.",
            False,
        ),
    },
    "digitale-medien-grundkurs": {
        "en": (
            "Digital media for everyday life and work – basic course",
            "Smartphone, e-mail, online appointments and applying on a computer: ten weeks "
            "in a small group, in the mornings, with childcare.",
            "Sign up at the education and social counselling.",
            True,
        ),
        "tr": (
            "Günlük hayat ve iş için dijital medya – temel kurs",
            "Akıllı telefon, e-posta, online randevu ve bilgisayarda iş başvurusu: küçük "
            "grupta on hafta, sabahları, çocuk bakımıyla.",
            "Eğitim ve sosyal danışmanlıkta kayıt olun.",
            False,
        ),
    },
    "praxis-haushaltsnahe-dienstleistungen": {
        "en": (
            "Practical project: household services",
            "Cleaning, ironing and shopping for others: participants learn the trade and "
            "help older neighbours in Wanne-Süd. Part-time, fitting nursery hours.",
            "If you need help, ask through the offer map or in the café. If you want to "
            "take part, talk to the job coaching first.",
            True,
        ),
        "tr": (
            "Uygulama projesi: Ev hizmetleri",
            "Başkaları için temizlik, ütü ve alışveriş: Katılımcılar mesleği öğrenir ve "
            "Wanne-Süd'deki yaşlı komşulara yardım eder. Yarı zamanlı, kreş saatlerine uygun.",
            "Yardıma ihtiyacınız varsa teklif haritası veya kafe üzerinden sorun. Katılmak "
            "isteyenler önce iş koçluğuyla görüşür.",
            False,
        ),
    },
    "dorsten-treff": {
        "en": (
            "DORSTEN TREFF – open drop-in centre",
            "Advice, orientation and help with applications, internships, apprenticeships "
            "and work – no appointment needed, right in the centre of Dorsten.",
            "Come to Lippestraße 41 during opening hours. For a longer talk we are happy to "
            "make an appointment.",
            True,
        ),
        "tr": (
            "DORSTEN TREFF – açık danışma noktası",
            "Başvuru, staj, meslek eğitimi ve iş konularında danışmanlık, yönlendirme ve "
            "yardım – randevusuz, Dorsten'in merkezinde.",
            "Açık saatlerde Lippestraße 41'e gelin. Uzun bir görüşme için memnuniyetle "
            "randevu veririz.",
            True,
        ),
        "ar": (
            "دورستن تريف – نقطة استقبال مفتوحة",
            "استشارة وتوجيه ومساعدة في طلبات العمل والتدريب العملي والتدريب المهني والعمل – "
            "بدون موعد، في وسط دورستن.",
            "تعال إلى Lippestraße 41 في أوقات الاستقبال المفتوحة. ويسعدنا تحديد موعد لمحادثة أطول.",
            False,
        ),
    },
    "rikscha-fahrdienst": {
        "en": (
            "Rickshaw rides for people with limited mobility",
            "Participants of DORSTEN TREFF take you by electric rickshaw to your favourite "
            "places in Dorsten – free of charge.",
            "Ask for a ride by phone, at DORSTEN TREFF or through the offer map, ideally a "
            "week in advance. A walking frame can come along.",
            True,
        ),
        "tr": (
            "Hareket kabiliyeti kısıtlı kişiler için rikşa gezileri",
            "DORSTEN TREFF katılımcıları sizi elektrikli rikşayla Dorsten'deki sevdiğiniz "
            "yerlere götürür – ücretsiz.",
            "Yolculuğu telefonla, DORSTEN TREFF'te veya teklif haritası üzerinden, tercihen "
            "bir hafta önceden isteyin. Yürüteç de götürülebilir.",
            False,
        ),
    },
    "arbeitsladen-lobeda": {
        "en": (
            "Lobeda job shop – open office hours",
            "Help in finding work: finding vacancies, writing applications, preparing for "
            "interviews – right in the neighbourhood.",
            "Come by during office hours or arrange an appointment.",
            True,
        ),
        "ar": (
            "مركز استشارات العمل في لوبيدا – ساعات استقبال مفتوحة",
            "مساعدة في البحث عن عمل: إيجاد الوظائف المناسبة، كتابة طلبات التوظيف، والاستعداد "
            "لمقابلة العمل – مباشرة في الحي.",
            "تعال في ساعات الاستقبال أو احجز موعدًا.",
            False,
        ),
        "uk": (
            "Arbeitsladen Lobeda – консультації без запису",
            "Допомога в пошуку роботи: підходящі вакансії, резюме та заяви, підготовка до "
            "співбесіди – прямо у вашому районі.",
            "Приходьте в години прийому або домовтеся про зустріч.",
            False,
        ),
    },
    "arbeitsladen-winzerla": {
        "en": (
            "Winzerla job shop – open office hours",
            "Advice, orientation and support around work – from the job search to the "
            "first weeks in a new job.",
            "Come during office hours; appointments at other times are possible.",
            True,
        ),
        "ar": (
            "مركز استشارات العمل في فينتسيرلا – ساعات استقبال مفتوحة",
            "استشارة وتوجيه ودعم في كل ما يتعلق بالعمل – من البحث عن وظيفة حتى الأسابيع "
            "الأولى في العمل الجديد.",
            "تعال في ساعات الاستقبال، ويمكن أيضًا تحديد مواعيد في أوقات أخرى.",
            False,
        ),
    },
    "cafe-baer": {
        "en": (
            "Café Bär – neighbourhood meeting place in Trier-West",
            "Breakfast, a low-priced lunch and time for a chat. If you have questions "
            "about work, training or official letters, someone here will listen.",
            "Just drop in. Lunch starts at 12 noon.",
            True,
        ),
    },
    "sprechstunde-marxloh": {
        "en": (
            "Open consultation hour of the network coaches in Marxloh",
            "Looking for work, an apprenticeship or a German course? The network coaches "
            "know the offers in Duisburg and put you in touch.",
            "No registration; you are welcome to bring someone who translates.",
            True,
        ),
        "tr": (
            "Marxloh'da ağ koçlarının açık danışma saati",
            "İş, meslek eğitimi veya Almanca kursu mu arıyorsunuz? Ağ koçları Duisburg'daki "
            "teklifleri tanır ve sizi doğru yere yönlendirir.",
            "Kayıt gerekmez; tercüme edecek birini yanınızda getirebilirsiniz.",
            True,
        ),
    },
    "orientierungskurs-hochfeld": {
        "en": (
            "Orientation course on work and training for newcomers",
            "How do the job market, vocational training and the recognition of "
            "qualifications work in Germany? Ten weeks, twice a week, with interpreting.",
            "Sign up at the consultation hour in Hochfeld.",
            False,
        ),
    },
}

# Residents' requests to practical projects: (who, what, street in the district).
SERVICE_REQUESTS = {
    "rikscha": {
        "streets": ["Lippestraße", "Recklinghäuser Straße", "Essener Straße", "Südwall"],
        "area_code": "02362",
        "asks": [
            "Fahrt zum Wochenmarkt auf dem Marktplatz und zurück",
            "Besuch auf dem Friedhof, etwa eine Stunde Aufenthalt",
            "Ausflug an die Lippe, mit Rollator",
            "Fahrt zum Café in der Altstadt mit einer Freundin",
            "Einmal durch die neu gestaltete Innenstadt fahren",
            "Fahrt zur Kirche zum Gottesdienst am Freitagabend",
            "Besuch bei der Schwester im Altenheim",
        ],
    },
    "household": {
        "streets": ["Hauptstraße", "Kurhausstraße", "Dürerstraße", "Ackerstraße"],
        "area_code": "02325",
        "asks": [
            "Fenster putzen in einer Zweizimmerwohnung",
            "Wöchentlich Einkäufe erledigen, Liste wird bereitgelegt",
            "Wäsche bügeln, etwa zwei Körbe",
            "Küche und Bad gründlich reinigen nach Krankenhausaufenthalt",
            "Hilfe beim Aufräumen des Kellers",
            "Gardinen abnehmen, waschen und wieder aufhängen",
        ],
    },
    "garden": {
        "streets": ["Hauptstraße", "Kurhausstraße", "Dürerstraße"],
        "area_code": "02325",
        "asks": [
            "Hecke im Vorgarten schneiden, etwa zehn Meter",
            "Laub im Hof zusammenharken und abfahren",
            "Beet vor dem Haus neu bepflanzen",
            "Rasen mähen und Kanten schneiden",
            "Unkraut zwischen den Gehwegplatten entfernen",
        ],
    },
}

REQUESTERS = [
    "Frau Kowalski",
    "Herr Brinkmann",
    "Frau Yıldız",
    "Herr Schulte",
    "Frau Nowak",
    "Frau Hoffmann",
    "Herr Demir",
    "Frau Albers",
    "Herr Wiese",
    "Frau Ivanova",
    "Frau Kaiser",
    "Herr Tekin",
]
