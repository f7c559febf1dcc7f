"""The German translation is complete and its compiled catalogue is up to date."""

import gettext
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PO = ROOT / "quartier" / "locale" / "de" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def _entries(text: str):
    """(msgid, msgstr) pairs of a .po file, plural forms joined, header skipped."""
    blocks = text.split("\n\n")
    for block in blocks:
        if "#, fuzzy" in block and 'msgid ""\nmsgstr ""' not in block:
            yield ("FUZZY", block)
        msgid = _collect(block, "msgid")
        if not msgid:
            continue
        msgstrs = [_collect(block, key) for key in ("msgstr", "msgstr[0]", "msgstr[1]")]
        yield (msgid, [s for s in msgstrs if s is not None])


def _collect(block: str, key: str) -> str | None:
    match = re.search(rf'^{re.escape(key)} ((?:".*"\n?)+)', block, re.M)
    if not match:
        return None
    return "".join(re.findall(r'"(.*)"', match.group(1)))


def test_every_german_message_is_translated_and_none_is_fuzzy():
    problems = []
    for msgid, msgstrs in _entries(PO.read_text(encoding="utf-8")):
        if msgid == "FUZZY":
            problems.append(msgstrs[:80])
        elif not msgstrs or any(not s for s in msgstrs):
            problems.append(msgid)
    assert problems == []


def test_compiled_catalogue_matches_the_po_file():
    catalogue = gettext.GNUTranslations(MO.open("rb"))
    missing = []
    for msgid, msgstrs in _entries(PO.read_text(encoding="utf-8")):
        if msgid == "FUZZY" or "msgid_plural" in msgid:
            continue
        plain = msgid.encode().decode("unicode_escape").encode("latin-1").decode("utf-8")
        if msgstrs and not msgid.startswith("%") and catalogue.gettext(plain) == plain:
            if plain != msgstrs[0].encode().decode("unicode_escape").encode("latin-1").decode(
                "utf-8"
            ):
                missing.append(plain)
    assert missing == [], "run `make messages` and commit the .mo file"
