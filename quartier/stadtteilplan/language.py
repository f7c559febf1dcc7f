"""Which language the public map speaks, and which language an offer's texts are read in."""

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
