"""Reading postcode files and `manage.py load_postcodes`."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from quartier.matching.models import PostcodeArea
from quartier.matching.postcodes import DEMO_FILE, parse_postcodes


def test_bad_lines_are_named():
    rows, errors = parse_postcodes(
        "postcode;name;latitude;longitude\n4464;X;51;7\n44649;Wanne;91;7\n44649;Wanne;51,5;7.1\n"
        "44649;Wanne;51.5;7.1\nonly;three;fields\n"
    )
    assert [r.postcode for r in rows] == ["44649"]
    assert errors == [
        "line 2: postcode '4464' is not five digits",
        "line 3: latitude '91' is not a number from -90 to 90",
        "line 5: postcode 44649 already on line 4",
        "line 6: expected 4 fields (postcode;name;latitude;longitude), found 3",
    ]


def test_load_is_an_idempotent_upsert(db, tmp_path):
    out = StringIO()
    call_command("load_postcodes", "--demo", stdout=out)
    count = PostcodeArea.objects.count()
    assert count == len(DEMO_FILE.read_text().splitlines()) - 1
    assert PostcodeArea.objects.get(postcode="07747").name == "Jena-Lobeda"
    out = StringIO()
    call_command("load_postcodes", "--demo", stdout=out)
    assert f"0 new, 0 changed, {count} unchanged" in out.getvalue()
    changed = tmp_path / "changed.csv"
    changed.write_text("07747;Lobeda;50.888;11.609\n99999;Neu;50;10\n", encoding="utf-8")
    out = StringIO()
    call_command("load_postcodes", str(changed), stdout=out)
    assert "1 new, 1 changed" in out.getvalue()
    assert PostcodeArea.objects.count() == count + 1


def test_a_bad_file_loads_nothing(db, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("44649;Wanne;51.5;7.1\n44866;Wattenscheid;x;7.1\n", encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError, match="1 bad line"):
        call_command("load_postcodes", str(bad), stderr=err)
    assert "line 2: latitude 'x'" in err.getvalue()
    assert not PostcodeArea.objects.exists()
    latin = tmp_path / "latin.csv"
    latin.write_bytes("44649;Wanne-Süd;51.5;7.1\n".encode("latin-1"))
    with pytest.raises(CommandError, match="not UTF-8"):
        call_command("load_postcodes", str(latin))
