"""The participant list: the CSV/XLSX format of INDICATORS.md section 1, read and written.

A domain package beside the rooms, not a service or a selector: it touches no
database, and both the import (a service) and the export (a selector, also used by
`reports`) depend on it. Reading checks every row before anything is returned, and
reports each problem as `row N, column C: what is wrong (value given)`, counting the
header as row 1. A file that cannot be read at all (not UTF-8, too large once
unpacked, no header, a missing required or an unknown column) raises `ListFileError`
with one clear line.

Messages are translated into the active language (the web import shows them in
German); the `row N, column C` frame and the column names stay as the format
defines them, and the management commands run without translation.

- `columns`: the columns, their allowed values, `ParticipantRow`, `Problem`, `ListFileError`
- `reading`: a CSV or XLSX file into a header and raw rows, with the guards
- `parsing`: raw rows checked into `ParticipantRow`s and `Problem`s
- `writing`: rows written as CSV or XLSX
"""
