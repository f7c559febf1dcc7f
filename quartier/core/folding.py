"""Folding of names and words for search and the duplicate check: one rule, used everywhere.

People type names the way their keyboard lets them: "Yildiz" for "Yıldız", "Celik"
for "Çelik", "Koehler" for "Köhler", "Cafe" for "Café". `fold` turns every spelling
into one comparable form: lower case (case folding, so "İ", "I" and "ı" are all "i"),
the German umlauts and ß spelled out (ä → ae, ö → oe, ü → ue, ß → ss), every other
accent and mark dropped (ş → s, ç → c, ğ → g, é → e), and letters without a
decomposition mapped by hand (ı → i, ł → l, ø → o, æ → ae).

`fold_loose` also maps the umlauts to their bare vowel (ö → o), for those who type
"Kohler" for "Köhler". A search key holds both forms of a name, so that a word folded
with `fold` finds either.

Texts in other scripts (Arabic, Cyrillic) are only case folded and stripped of marks.
"""

import unicodedata

#: Umlauts spelled out the German way (after case folding, which also makes ß "ss").
_SPELLED_OUT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue"})
#: Umlauts as their bare vowel.
_BARE = str.maketrans({"ä": "a", "ö": "o", "ü": "u"})
#: Latin letters that Unicode does not decompose into a base letter and a mark.
_UNDECOMPOSED = str.maketrans(
    {
        "ı": "i",
        "ł": "l",
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "ħ": "h",
        "æ": "ae",
        "œ": "oe",
        "þ": "th",
        "ŀ": "l",
    }
)


def _lower(value: str) -> str:
    # Compatibility forms first (ﬁ → fi, ℌ → H), then case folding (ß → ss, İ → i̇).
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", value).casefold())


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return unicodedata.normalize("NFC", plain).translate(_UNDECOMPOSED)


def fold(value: str) -> str:
    """`value` in the form search and the duplicate check compare: lower case, umlauts
    spelled out (ö → oe), ß as ss, accents dropped, ı/İ as i. Idempotent."""
    return _strip_marks(_lower(value).translate(_SPELLED_OUT))


def fold_loose(value: str) -> str:
    """Like `fold`, but umlauts become their bare vowel (ö → o)."""
    return _strip_marks(_lower(value).translate(_BARE))


def fold_letters(value: str) -> str:
    """`fold` with everything but letters dropped (for comparing names):
    'Müller-Lüdenscheidt' and 'mueller ludenscheidt' differ only in the 'ue'."""
    return "".join(char for char in fold(value) if char.isalpha())
