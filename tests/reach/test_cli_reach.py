from __future__ import annotations

import json
from pathlib import Path

import vobject
from click.testing import CliRunner, Result

from coordinator.bundle import dumps, export_bundle
from coordinator.cli import main
from coordinator.store import codec
from tests.reach.fixtures import NOW, reach_group


def run(db: Path, *args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(main, ["--db", str(db), *args], input=input)


def _group_file(tmp_path: Path) -> Path:
    bundle = tmp_path / "bundle.json"
    bundle.write_text(dumps(export_bundle(reach_group(), NOW)))
    db = tmp_path / "group.json"
    assert run(db, "import", str(bundle)).exit_code == 0
    return db


def test_message_json_and_link(tmp_path: Path) -> None:
    db = _group_file(tmp_path)
    result = run(db, "message", "check-in", "--member", "Sammy", "--format", "json")
    assert result.exit_code == 0, result.output
    made = json.loads(result.output)
    assert set(made) == {"text", "channel", "link"}
    assert made["channel"] == "whatsapp" and made["link"].startswith("https://wa.me/447911123456?")
    jean = json.loads(run(db, "message", "welcome", "--member", "m3", "--format", "json").output)
    assert jean["link"].startswith("mailto:ray@example.org")
    qr = run(db, "message", "check-in", "--member", "m1", "--format", "qr")
    assert qr.exit_code == 0 and "▀" in qr.output
    missing = run(db, "message", "welcome")
    assert missing.exit_code == 1 and "Member: choose who" in missing.output
    nobody = run(db, "message", "welcome", "--member", "[red]x[/]")
    assert nobody.exit_code == 1 and "[red]" not in nobody.output


def test_contacts_vcard_to_a_file_and_never_over_the_group_file(tmp_path: Path) -> None:
    db = _group_file(tmp_path)
    out = tmp_path / "group.vcf"
    assert run(db, "contacts", "-o", str(out)).exit_code == 0
    assert len(list(vobject.readComponents(out.read_text()))) == 3
    assert (out.stat().st_mode & 0o777) == 0o600
    refused = run(db, "contacts", "-o", str(db))
    assert refused.exit_code == 1 and "group file" in refused.output
    shared = run(db, "contacts", "--format", "csv", "--shareable")
    assert len(shared.output.splitlines()) == 2  # heading and Sam


def test_import_roster_previews_then_imports_all_or_nothing(tmp_path: Path) -> None:
    db = _group_file(tmp_path)
    sheet = tmp_path / "roster.csv"
    sheet.write_bytes(
        "\ufeffName;Mobile;Email\r\nPriya Shah;07912 345678;\r\nBad Phone;0791;\r\n"
        "Sam Jones;;\r\n".encode()
    )
    result = run(db, "import-roster", str(sheet))
    assert result.exit_code == 1
    assert "row 3: ⚠ Mobile: is too short" in result.output
    assert "row 4: ⚠ Name: same name as Sam Jones already on the roster" in result.output
    assert "Nothing was imported." in result.output
    sheet.write_bytes(
        "\ufeffName;Mobile;Email\r\nPriya Shah;07912 345678;\r\nBad Phone;07723 456789;\r\n"
        "Sam Jones;;\r\n".encode()
    )
    dry = run(db, "import-roster", "--dry-run", "--skip-duplicates", str(sheet))
    assert dry.exit_code == 0 and "row 4: skipped, same name as Sam Jones" in dry.output
    declined = run(db, "import-roster", "--skip-duplicates", str(sheet), input="n\n")
    assert "Nothing was imported." in declined.output
    done = run(db, "import-roster", "--skip-duplicates", str(sheet), input="y\n")
    assert done.exit_code == 0 and "Added 2 members" in done.output
    from coordinator.store import read_raw

    raw = read_raw(db)
    assert raw is not None
    names = sorted(codec.member_from_doc(doc).name for doc in raw["members"].values())
    assert names == [
        "Bad Phone",
        "Jean Morris",
        "Old Friend",
        "Priya Shah",
        "Ray Patel",
        "Sam Jones",
    ]


def test_member_by_first_name_and_a_clear_word_when_ambiguous(tmp_path: Path) -> None:
    db = _group_file(tmp_path)
    by_first = run(db, "message", "details", "--member", "jean", "--format", "json")
    assert json.loads(by_first.output)["link"].startswith("sms:+441174960123")
    assert "I have 0117 496 0123 for you" in json.loads(by_first.output)["text"]
    sheet = tmp_path / "more.csv"
    sheet.write_text("Name,Email\nJean Bloggs,jb@example.org\n")
    assert run(db, "import-roster", "--yes", str(sheet)).exit_code == 0
    both = run(db, "message", "details", "--member", "Jean")
    assert both.exit_code == 1
    assert "--member: which one? That fits 2 people: m2 (Jean Morris), " in both.output
    assert "(Jean Bloggs)" in both.output and "Give the id." in both.output


def test_contacts_to_standard_output_with_dash(tmp_path: Path) -> None:
    db = _group_file(tmp_path)
    result = run(db, "contacts", "--format", "csv", "-o", "-")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == "Name,Known as,Phone,Email,Preferred channel"


def test_import_roster_refuses_what_is_not_a_roster_without_reading_it_all(
    tmp_path: Path,
) -> None:
    """A device is never read without end (/dev/zero filled the memory), a pipe never
    waited on, and a group file, backup or bundle is refused before its details could
    be shown as "column headings"."""
    import os

    db = _group_file(tmp_path)
    bundle = tmp_path / "bundle.json"
    bundle.write_text(db.read_text(encoding="utf-8"), encoding="utf-8")
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    huge = tmp_path / "huge.csv"
    huge.write_bytes(b"Name,Phone\n" + b"x" * 3_000_000)
    cases = {
        "/dev/zero": "pipe or a device",
        str(fifo): "pipe or a device",
        str(db): "JSON file",
        str(bundle): "JSON file",
        str(huge): "larger than a roster can be",
        str(tmp_path): "is a folder",
        str(tmp_path / "nowhere.csv"): "no such file",
    }
    before = db.read_bytes()
    for path, words in cases.items():
        result = run(db, "import-roster", "--dry-run", path)
        assert result.exit_code == 1, (path, result.output)
        assert words in result.output, (path, result.output)
        assert "Traceback" not in result.output
        assert "07700" not in result.output  # nobody's details from the group file
    assert db.read_bytes() == before


def test_a_sheet_of_many_columns_lists_a_few_and_counts_the_rest(tmp_path: Path) -> None:
    db = _group_file(tmp_path)
    sheet = tmp_path / "wide.csv"
    headings = ["Name", "Mobile", *[f"Extra {n}" for n in range(40)]]
    sheet.write_text(
        ",".join(headings) + "\n" + ",".join(["Ann Lee", "07700 900123", *[""] * 40]) + "\n",
        encoding="utf-8",
    )
    result = run(db, "import-roster", "--dry-run", str(sheet))
    assert "and 28 more columns not used" in result.output, result.output
    assert "Extra 39" not in result.output
