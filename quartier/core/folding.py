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
connection), on PostgreSQL LOWER, REPLACE of the letters that `fold`
maps by hand, NORMALIZE (NFKD) and dropping the marks (no `unaccent` extension).
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


def _database_like(char: str) -> str:
    """What PostgreSQL's part of `Fold` makes of a letter without the replacements:
    lower case, compatibility decomposition, marks dropped, lower case again."""
    decomposed = unicodedata.normalize("NFKD", char.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def _sql_replacements(table: dict[int, str]) -> list[tuple[str, str]]:
    """The (lower-case) letters PostgreSQL must replace before decomposing, so that
    it folds them as `table` does (ä → ae, ß → ss, ı → i, ø → o, æ → ae, ...)."""
    replacements = {}
    for code, folded in table.items():
        char = chr(code)
        lower = char.lower()
        if len(lower) == 1 and _database_like(char) != folded and lower not in replacements:
            replacements[lower] = folded
    return sorted(replacements.items())


_SQL_REPLACEMENTS = {
    False: _sql_replacements(_FOLD_TABLE),
    True: _sql_replacements(_FOLD_LOOSE_TABLE),
}
#: Combining marks, dropped after decomposition (one pass of a regular expression).
_MARKS = "[\u0300-\u036f]"


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
        # LOWER, the letters Unicode does not decompose (and the umlauts, spelled out),
        # NFKD, marks dropped, LOWER again: a few passes over the text, not one per
        # letter of a table (TRANSLATE with hundreds of letters was far too slow).
        sql, params = compiler.compile(self.source_expressions[0])
        params = list(params)
        sql = f"LOWER({sql})"
        for letter, folded in _SQL_REPLACEMENTS[self.loose]:
            sql = f"REPLACE({sql}, %s, %s)"
            params += [letter, folded]
        sql = f"LOWER(REGEXP_REPLACE(NORMALIZE({sql}, NFKD), %s, '', 'g'))"
        params.append(_MARKS)
        return sql, params
