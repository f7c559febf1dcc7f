"""Which language the public map speaks, which language an offer's texts are read in, and
the languages an offer may be held in (`SPOKEN_LANGUAGES`)."""

from django.conf import settings
from django.utils import translation

from quartier.offers.models import TranslationLanguage

#: The language names in the switcher, each in its own language.
NATIVE_NAMES = {
    "de": "Deutsch",
    "en": "English",
    "tr": "Türkçe",
    "ar": "العربية",
    "uk": "Українська",
    "ru": "Русский",
    "ro": "Română",
    "bg": "Български",
    "de-ls": "Leichte Sprache",
}

#: Languages an offer may be held in, shown in their own names (not translated).
SPOKEN_LANGUAGES = [
    ("de", "Deutsch"),
    ("en", "English"),
    ("tr", "Türkçe"),
    ("ar", "العربية"),
    ("uk", "Українська"),
    ("ru", "Русский"),
    ("ro", "Română"),
    ("bg", "Български"),
    ("pl", "Polski"),
    ("fa", "فارسی"),
    ("ku", "Kurdî"),
    ("fr", "Français"),
    ("el", "Ελληνικά"),
    ("sq", "Shqip"),
    ("so", "Soomaali"),
    ("ti", "ትግርኛ"),
]

PLAIN_GERMAN = "de-ls"


def public_languages() -> list[tuple[str, str, str]]:
    """(code, native name, `lang` attribute) of every language of the public pages,
    German first."""
    return [
        (code, NATIVE_NAMES.get(code, str(name)), html_lang(code))
        for code, name in settings.LANGUAGES
    ]


def content_language(language: str | None = None) -> str:
    """The language the offers' own texts are read in: a translation's language, or
    German (also for plain German, whose offer texts are the German ones)."""
    language = language or translation.get_language() or "de"
    return language if language in TranslationLanguage.values else "de"


def html_lang(language: str | None = None) -> str:
    """The `lang` attribute: plain German is German to a screen reader."""
    language = language or translation.get_language() or "de"
    return "de" if language == PLAIN_GERMAN else language


#: List separators of the languages that do not use the Latin comma and semicolon.
SEPARATORS = {"ar": ("، ", "؛ ")}


def list_separators(language: str | None = None) -> tuple[str, str]:
    """(comma, semicolon) between the items of a list in the page's language: the
    Arabic comma "، " and semicolon "؛ " on Arabic pages, ", " and "; " elsewhere."""
    language = language or translation.get_language() or "de"
    return SEPARATORS.get(language.split("-")[0], (", ", "; "))


#: Unicode isolates (LRI … PDI) for plain text that cannot carry HTML, e.g. the PDF
#: notice's lines: a time range keeps its order inside right-to-left text.
LEFT_TO_RIGHT_ISOLATE = "\u2066"
POP_DIRECTIONAL_ISOLATE = "\u2069"


def ltr_isolated(text: str) -> str:
    """`text` as a left-to-right isolate, for plain text (HTML uses <bdi dir="ltr">)."""
    return f"{LEFT_TO_RIGHT_ISOLATE}{text}{POP_DIRECTIONAL_ISOLATE}"
