"""`quartier.core.folding`: one rule for how names and words compare."""

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quartier.core.folding import fold, fold_letters, fold_loose


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("yildiz", "Yıldız"),
        ("YILDIZ", "Yıldız"),
        ("Celik", "Çelik"),
        ("Sahin", "Şahin"),
        ("Koehler", "Köhler"),
        ("Dogan", "Doğan"),
        ("istanbul", "İstanbul"),
        ("Weiss", "Weiß"),
        ("Mueller", "Müller"),
        ("Jaeger", "Jäger"),
        ("Cafe", "Café"),
        ("Francois", "François"),
        ("Ozturk", "Öztürk".replace("Ö", "O").replace("ü", "u")),
    ],
)
def test_the_ways_people_type_a_name_fold_alike(typed, stored):
    assert fold(typed) == fold(stored)


def test_umlauts_are_spelled_out_and_loosely_bare():
    assert fold("Köhler") == "koehler"
    assert fold_loose("Köhler") == "kohler"
    assert fold("Straße") == fold("STRASSE") == "strasse"
    assert fold_letters("Müller-Lüdenscheidt") == "muellerluedenscheidt"


#: Letters of the names Quartier sees most: German, Turkish, French, Polish.
LATIN = (
    "abcdefghijklmnopqrstuvwxyzäöüßıişçğéèêáàâóòôúùûñłøæœ "
    "ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÜİŞÇĞÉÈÁÓÚÑŁØ-"
)
latin_names = st.text(alphabet=LATIN, max_size=30)

#: What a keyboard without those letters types instead.
_TYPED_INSTEAD = {
    "ı": "i", "İ": "I", "ş": "s", "Ş": "S", "ç": "c", "Ç": "C", "ğ": "g", "Ğ": "G",
    "é": "e", "è": "e", "ê": "e", "á": "a", "à": "a", "â": "a", "ó": "o", "ò": "o",
    "ô": "o", "ú": "u", "ù": "u", "û": "u", "ñ": "n", "É": "E", "È": "E", "Á": "A",
    "Ó": "O", "Ú": "U", "Ñ": "N", "ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe",
    "Ü": "Ue", "ß": "ss",
}  # fmt: skip


@given(st.text())
def test_folding_twice_changes_nothing(text):
    assert fold(fold(text)) == fold(text)
    assert fold_loose(fold_loose(text)) == fold_loose(text)


@given(st.text())
def test_folded_text_has_no_marks_and_no_capitals(text):
    folded = fold(text)
    assert not any(unicodedata.combining(char) for char in folded)
    assert folded == folded.casefold()


@given(latin_names)
def test_latin_names_fold_to_ascii(name):
    assert fold(name).isascii()
    assert fold_loose(name).isascii()


@given(latin_names)
def test_case_does_not_matter(name):
    assert fold(name.upper()) == fold(name.lower()) == fold(name)


@given(latin_names)
def test_a_name_typed_without_its_special_letters_folds_the_same(name):
    typed = "".join(_TYPED_INSTEAD.get(char, char) for char in name)
    assert fold(typed) == fold(name)


@given(latin_names, st.data())
def test_every_part_of_a_name_typed_plainly_is_found_in_its_folded_form(name, data):
    typed = "".join(_TYPED_INSTEAD.get(char, char) for char in name)
    start = data.draw(st.integers(0, len(typed)))
    end = data.draw(st.integers(start, len(typed)))
    assert fold(typed[start:end]) in fold(name)


@given(latin_names)
def test_umlauts_typed_as_bare_vowels_fold_loosely_alike(name):
    bare = name.translate(str.maketrans("äöüÄÖÜ", "aouAOU"))
    assert fold_loose(bare) == fold_loose(name)


#: Every character the folding table covers, and some it does not.
table_text = st.text(alphabet=st.characters(max_codepoint=0x24F), max_size=40)


@given(table_text)
def test_the_fast_table_folds_like_the_full_rule(text):
    from quartier.core import folding

    assert fold(text) == folding._fold(text)
    assert fold_loose(text) == folding._fold_loose(text)


@pytest.mark.django_db
@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x24F), max_size=40))
def test_folding_in_sql_gives_what_folding_in_python_gives(text):
    """On SQLite and on PostgreSQL (REPLACE and TRANSLATE built from the same table)."""
    from django.db.models import Value

    from quartier.core.folding import Fold
    from quartier.core.models import Organisation

    text = text.replace("\x00", "")
    row = Organisation.objects.annotate(
        strict=Fold(Value(text)), loose=Fold(Value(text), loose=True)
    ).values("strict", "loose")[:1]
    if not row:
        Organisation.objects.create(name="x", slug="x")
        row = Organisation.objects.annotate(
            strict=Fold(Value(text)), loose=Fold(Value(text), loose=True)
        ).values("strict", "loose")[:1]
    assert row[0] == {"strict": fold(text), "loose": fold_loose(text)}
