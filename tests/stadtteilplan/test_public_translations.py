"""Every text of the public offer map is translated into each residents' language and
into plain German, and the compiled catalogues are up to date.

A message counts as public when one of its places in the code is a public module or
template (the `#:` lines of the .po file); staff-only messages stay untranslated there
(the staff UI speaks German and English only).
"""

import gettext
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "quartier" / "locale"
PUBLIC_PLACES = ("stadtteilplan/",)
RESIDENT_LOCALES = ["tr", "ar", "uk", "ru", "ro", "bg", "de_LS"]
_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), text)


def _field(block: str, key: str) -> str | None:
    match = re.search(rf"^{re.escape(key)} ((?:\".*\"\n?)+)", block, re.M)
    if not match:
        return None
    return _unescape("".join(re.findall(r'"(.*)"', match.group(1))))


def plural_count(locale: str) -> int:
    po = LOCALE / locale / "LC_MESSAGES" / "django.po"
    return int(re.search(r"nplurals=(\d+);", po.read_text(encoding="utf-8")).group(1))


def public_entries(locale: str):
    """(msgid, is_plural, [msgstr...], fuzzy) of every public message."""
    po = LOCALE / locale / "LC_MESSAGES" / "django.po"
    for block in po.read_text(encoding="utf-8").split("\n\n"):
        msgid = _field(block, "msgid")
        places = " ".join(re.findall(r"^#: (.*)$", block, re.M))
        if not msgid or not any(place in places for place in PUBLIC_PLACES):
            continue
        plural = _field(block, "msgid_plural") is not None
        keys = sorted(set(re.findall(r"^(msgstr\[\d\])", block, re.M))) if plural else ["msgstr"]
        yield msgid, plural, [_field(block, key) for key in keys], "#, fuzzy" in block


@pytest.mark.parametrize("locale", RESIDENT_LOCALES)
def test_every_public_message_is_translated(locale):
    entries = list(public_entries(locale))
    assert len(entries) > 100
    missing = [msgid for msgid, _, strs, fuzzy in entries if fuzzy or not all(strs)]
    assert missing == []
    forms = plural_count(locale)
    short = [msgid for msgid, plural, strs, _ in entries if plural and len(strs) != forms]
    assert short == [], f"plural messages need {forms} forms in {locale}"


@pytest.mark.parametrize("locale", RESIDENT_LOCALES)
def test_compiled_catalogue_matches_the_po_file(locale):
    mo = LOCALE / locale / "LC_MESSAGES" / "django.mo"
    with mo.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    stale = [
        msgid
        for msgid, plural, strs, _ in public_entries(locale)
        if not plural and catalogue.gettext(msgid) != strs[0]
    ]
    assert stale == [], "run `make messages` and commit the .mo files"
