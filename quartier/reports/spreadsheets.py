"""Spreadsheet cells that stay data: protection against formula injection (CSV injection).

Excel, LibreOffice and Google Sheets run a cell that starts with `=`, `+`, `-` or `@`
as a formula, also when it arrives in a CSV file, and a tab or carriage return in
front hides such a start. Every text cell Quartier writes into a CSV or XLSX file
for people to open goes through `safe_cell`: such text gets a leading apostrophe,
which spreadsheets show as plain text. Numbers stay numbers (a negative count does
not occur, and a number is never run as a formula).
"""

from django.utils.functional import Promise

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """`value` unchanged, unless it is text starting like a formula: then "'" + value.
    A lazy translation comes back as text in the active language."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
