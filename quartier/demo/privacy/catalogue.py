"""The demo's retention rules as data: per scope the legal basis in words, its citation,
the start event and the duration. They are configured examples, not legal advice: each
project checks its funding notice and sets its own."""

from quartier.privacy.models.retention import RetentionScope, StartEvent

#: The funder's documentation duty for ESF Plus projects.
ESF_INDICATORS = {
    "scope": RetentionScope.INDICATOR_DATA,
    "legal_basis": (
        "Die Unterlagen zum Vorhaben, auch die Teilnehmendendaten für die Indikatoren, "
        "sind für Prüfungen fünf Jahre ab dem 31. Dezember des Jahres aufzubewahren, in "
        "dem die letzte Zahlung an den Begünstigten geleistet wurde. Konfiguriertes "
        "Beispiel: 60 Monate ab Ende des Förderzeitraums; kommt die Schlusszahlung "
        "später, ist die Dauer zu verlängern."
    ),
    "citation": "Art. 82 VO (EU) 2021/1060",
    "start_event": StartEvent.FUNDED_PERIOD_END,
    "duration_months": 60,
}

#: The documentation duty of a federal or state grant (Soziale Stadt: Job-in-West).
GRANT_INDICATORS = {
    "scope": RetentionScope.INDICATOR_DATA,
    "legal_basis": (
        "Belege und Nachweise zur Zuwendung sind fünf Jahre nach Vorlage des "
        "Verwendungsnachweises aufzubewahren. Konfiguriertes Beispiel: 60 Monate ab Ende "
        "des Förderzeitraums."
    ),
    "citation": "Nr. 6.5 ANBest-P",
    "start_event": StartEvent.FUNDED_PERIOD_END,
    "duration_months": 60,
}

#: The case file once its purpose has ended.
CASE_FILE = {
    "scope": RetentionScope.CASE_FILE,
    "legal_basis": (
        "Sozialdaten sind zu löschen, wenn ihre Kenntnis für die Aufgabe nicht mehr "
        "erforderlich ist. Die Fallakte wird bis nach der Nachbefragung sechs Monate nach "
        "dem Austritt und für Rückfragen gebraucht: 12 Monate ab Austritt."
    ),
    "citation": "§ 84 Abs. 2 SGB X, Art. 17 Abs. 1 lit. a DSGVO",
    "start_event": StartEvent.EXIT,
    "duration_months": 12,
}

#: The access log.
ACCESS_LOG = {
    "scope": RetentionScope.ACCESS_LOG,
    "legal_basis": (
        "Nachweis, wer wann auf welche Daten zugegriffen hat (Rechenschaft und Sicherheit "
        "der Verarbeitung); danach löschen die täglichen Aufgaben die Einträge."
    ),
    "citation": "Art. 5 Abs. 2, Art. 32 DSGVO",
    "start_event": StartEvent.RECORDED,
    "duration_months": 24,
}


def rules_for(funder_kinds: set[str]) -> list[dict]:
    """The rules of a project funded by funders of these kinds."""
    indicators = ESF_INDICATORS if "esf_plus" in funder_kinds else GRANT_INDICATORS
    return [indicators, CASE_FILE, ACCESS_LOG]


#: Days from today on which the demo's expiring consents end (the start page's 30 days).
EXPIRY_DAYS = (6, 13, 27)
#: Days ago the demo's withdrawn consent was withdrawn.
WITHDRAWN_DAYS_AGO = 4
#: The pupil's age on entry (settings.GUARDIAN_CONSENT_AGE is 16 by default).
PUPIL_AGE = 15
