"""The German translation is complete and its compiled catalogue is up to date."""

import gettext
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PO = ROOT / "quartier" / "locale" / "de" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), text)


def _field(block: str, key: str) -> str | None:
    match = re.search(rf"^{re.escape(key)} ((?:\".*\"\n?)+)", block, re.M)
    if not match:
        return None
    return _unescape("".join(re.findall(r'"(.*)"', match.group(1))))


def _entries():
    """(msgid, is_plural, [msgstr...], fuzzy) for every message except the header; a
    message with a context is keyed as the compiled catalogue keys it, "context\x04msgid"."""
    for block in PO.read_text(encoding="utf-8").split("\n\n"):
        msgid = _field(block, "msgid")
        if not msgid:
            continue
        context = _field(block, "msgctxt")
        if context is not None:
            msgid = f"{context}\x04{msgid}"
        plural = _field(block, "msgid_plural") is not None
        keys = ("msgstr[0]", "msgstr[1]") if plural else ("msgstr",)
        yield msgid, plural, [_field(block, key) for key in keys], "#, fuzzy" in block


def test_every_german_message_is_translated_and_none_is_fuzzy():
    problems = [msgid for msgid, _, strs, fuzzy in _entries() if fuzzy or not all(strs)]
    assert problems == []


def test_compiled_catalogue_matches_the_po_file():
    with MO.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    stale = [
        msgid
        for msgid, plural, strs, _ in _entries()
        if not plural and catalogue.gettext(msgid) != strs[0]
    ]
    assert stale == [], "run `make messages` and commit the .mo file"
