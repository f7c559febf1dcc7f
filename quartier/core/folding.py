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

`Fold` is the same in SQL, for searching columns that hold no folded copy (the public
offer search): on SQLite it calls `fold` itself (a function registered on the
connection), on PostgreSQL it is REPLACE and TRANSLATE with the mapping that `fold`
gives each Latin letter (no `unaccent` extension needed).
"""

import functools
import unicodedata

from django.db.models import CharField, Func

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


def _fold(value: str) -> str:
    return _strip_marks(_lower(value).translate(_SPELLED_OUT))


def _fold_loose(value: str) -> str:
    return _strip_marks(_lower(value).translate(_BARE))


#: Below this character (Basic Latin to Latin Extended-B, no combining marks) folding
#: goes character by character, so a table built from `_fold` does it at C speed.
_TABLE_END = 0x250
_FOLD_TABLE = {code: _fold(chr(code)) for code in range(_TABLE_END)}
_FOLD_LOOSE_TABLE = {code: _fold_loose(chr(code)) for code in range(_TABLE_END)}
_TABLE_LIMIT = chr(_TABLE_END)


def fold(value: str) -> str:
    """`value` in the form search and the duplicate check compare: lower case, umlauts
    spelled out (ö → oe), ß as ss, accents dropped, ı/İ as i. Idempotent."""
    if not value:
        return ""
    if max(value) < _TABLE_LIMIT:
        return value.translate(_FOLD_TABLE)
    return _fold(value)


def fold_loose(value: str) -> str:
    """Like `fold`, but umlauts become their bare vowel (ö → o)."""
    if not value:
        return ""
    if max(value) < _TABLE_LIMIT:
        return value.translate(_FOLD_LOOSE_TABLE)
    return _fold_loose(value)


def fold_letters(value: str) -> str:
    """`fold` with everything but letters dropped (for comparing names):
    'Müller-Lüdenscheidt' and 'mueller ludenscheidt' differ only in the 'ue'."""
    return "".join(char for char in fold(value) if char.isalpha())


# In SQL ------------------------------------------------------------------------------


def _sql_mapping(table: dict[int, str]) -> tuple[list[tuple[str, str]], str, str]:
    """From a folding table: the letters that fold into more than one letter (ä → ae),
    for REPLACE; the others as the two strings of one TRANSLATE, which also deletes
    the combining marks (U+0300–U+036F). A–Z are left to LOWER."""
    multiple, single = [], []
    for code, folded in table.items():
        char = chr(code)
        if char == folded or "A" <= char <= "Z":
            continue
        (multiple if len(folded) > 1 else single).append((char, folded))
    source = "".join(char for char, _ in single) + "".join(map(chr, range(0x300, 0x370)))
    return multiple, source, "".join(folded for _, folded in single)


_SQL_MAPPINGS = {False: _sql_mapping(_FOLD_TABLE), True: _sql_mapping(_FOLD_LOOSE_TABLE)}


#: Texts folded for SQLite, remembered: a search reads the same titles and
#: descriptions in each of its queries (count, page, places) and in every request.
SQL_CACHE_SIZE = 20_000


@functools.lru_cache(maxsize=SQL_CACHE_SIZE)
def _cached_fold(value: str) -> str:
    return fold(value)


@functools.lru_cache(maxsize=SQL_CACHE_SIZE)
def _cached_fold_loose(value: str) -> str:
    return fold_loose(value)


def _sql_function(loose: bool):
    function = _cached_fold_loose if loose else _cached_fold
    return lambda value: None if value is None else function(value)


class Fold(Func):
    """`fold(expression)` in SQL (`fold_loose` with `loose=True`), on SQLite and
    PostgreSQL (see the module docstring). On PostgreSQL letters outside Latin
    (Cyrillic, Greek) are lower-cased by the database, which in rare cases differs
    from Python's case folding."""

    arity = 1
    output_field = CharField()

    def __init__(self, expression, *, loose: bool = False, **extra):
        super().__init__(expression, **extra)
        self.loose = loose

    @property
    def _name(self) -> str:
        return "quartier_fold_loose" if self.loose else "quartier_fold"

    def as_sql(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function=self._name, **extra_context)

    def as_sqlite(self, compiler, connection, **extra_context):
        connection.ensure_connection()
        connection.connection.create_function(
            self._name, 1, _sql_function(self.loose), deterministic=True
        )
        return self.as_sql(compiler, connection, **extra_context)

    def as_postgresql(self, compiler, connection, **extra_context):
        multiple, source, target = _SQL_MAPPINGS[self.loose]
        sql, params = compiler.compile(self.source_expressions[0])
        params = list(params)
        for letter, folded in multiple:
            sql = f"REPLACE({sql}, %s, %s)"
            params += [letter, folded]
        sql = f"LOWER(TRANSLATE({sql}, %s, %s))"
        params += [source, target]
        return sql, params
