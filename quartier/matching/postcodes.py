"""Reading a file of postcode-area centres (`postcode;name;latitude;longitude`, UTF-8,
one header line optional) for `manage.py load_postcodes`.

`data/postcodes_demo.csv` holds the demo districts' postcodes with approximate centres
(public facts, rounded to about 100 m; good enough for "how far from home", not for
navigation)."""

import csv
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

DEMO_FILE = Path(__file__).parent / "data" / "postcodes_demo.csv"
HEADER = ["postcode", "name", "latitude", "longitude"]


@dataclass(frozen=True)
class PostcodeRow:
    postcode: str
    name: str
    latitude: Decimal
    longitude: Decimal


def _coordinate(value: str, low: int, high: int) -> Decimal | None:
    try:
        number = Decimal(value.strip().replace(",", "."))
    except InvalidOperation:
        return None
    if not number.is_finite() or not low <= number <= high:
        return None
    return number.quantize(Decimal("0.000001"))


def parse_postcodes(text: str) -> tuple[list[PostcodeRow], list[str]]:
    """The rows of the file and one message per bad line (`line N: …`)."""
    rows, errors, seen = [], [], {}
    # newline="": a line may end in \r\n, \n or a lone \r (found by a property test:
    # a lone \r inside a line made the csv module raise instead of naming the line).
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";")
    try:
        lines = list(reader)
    except csv.Error as error:
        return [], [f"line {reader.line_num}: {error}"]
    for number, fields in enumerate(lines, start=1):
        if not fields or all(not f.strip() for f in fields):
            continue
        if number == 1 and [f.strip().lower() for f in fields] == HEADER:
            continue
        if len(fields) != 4:
            errors.append(
                f"line {number}: expected 4 fields (postcode;name;latitude;longitude), "
                f"found {len(fields)}"
            )
            continue
        postcode, name, latitude, longitude = (f.strip() for f in fields)
        problems = []
        if not (len(postcode) == 5 and postcode.isdigit()):
            problems.append(f"postcode {postcode!r} is not five digits")
        if len(name) > 100:
            problems.append("the name is longer than 100 characters")
        lat = _coordinate(latitude, -90, 90)
        if lat is None:
            problems.append(f"latitude {latitude!r} is not a number from -90 to 90")
        lon = _coordinate(longitude, -180, 180)
        if lon is None:
            problems.append(f"longitude {longitude!r} is not a number from -180 to 180")
        if not problems and postcode in seen:
            problems.append(f"postcode {postcode} already on line {seen[postcode]}")
        if problems:
            errors.append(f"line {number}: " + "; ".join(problems))
            continue
        seen[postcode] = number
        rows.append(PostcodeRow(postcode, name, lat, lon))
    return rows, errors
