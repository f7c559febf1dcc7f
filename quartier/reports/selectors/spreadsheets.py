"""Spreadsheet cells that stay data: protection against formula injection (CSV injection).

Excel, LibreOffice and Google Sheets run a cell that starts with `=`, `+`, `-` or `@`
as a formula, also when it arrives in a CSV file, and a tab or carriage return in
front hides such a start. Every text cell Quartier writes into a CSV or XLSX file
for people to open goes through `safe_cell`: such text gets a leading apostrophe,
which spreadsheets show as plain text. Numbers stay numbers (a negative count does
not occur, and a number is never run as a formula).

The participant list is also read back by the import (import(export(x)) = x), so the
escaping can be undone exactly: `read_cell` drops the apostrophe `safe_cell` added.
For that, text that already starts with apostrophes in front of a formula start gets one
more too (`'=x` is written `''=x`), and text that merely starts with an apostrophe
(`'t Hooft`) is left as it is.
"""

from django.utils.functional import Promise

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _looks_like_formula(text: str) -> bool:
    return text.lstrip("'").startswith(FORMULA_STARTS)


def safe_cell(value):
    """`value` unchanged, unless it is text starting like a formula (after any leading
    apostrophes): then "'" + value. A lazy translation comes back as text in the active
    language."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str) and _looks_like_formula(value):
        return "'" + value
    return value


def read_cell(text: str) -> str:
    """The text `safe_cell` was given, from the text it wrote (the inverse for reading)."""
    if text.startswith("'") and _looks_like_formula(text[1:]):
        return text[1:]
    return text
