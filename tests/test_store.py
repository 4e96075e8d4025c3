"""The crash-safe store: round trips, privacy, the lock, refusing bad files, backups,
migrations and what a failed write leaves behind."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from coordinator.clock import FixedClock
from coordinator.model import (
    AttendanceMark,
    AwayPeriod,
    Channel,
    Consent,
    ContactOutcome,
    CoordinatorContact,
    Group,
    GroupData,
    Mark,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Member,
    MemberStatus,
    OutreachNote,
    Reason,
    Rhythm,
    RhythmUnit,
    SupportLine,
    Venue,
    Weekday,
)
from coordinator.store import (
    SCHEMA_VERSION,
    ReadOnlyError,
    Store,
    UnreadableFileError,
    list_backups,
    read_raw,
    repository as store_module,
)

LONDON = ZoneInfo("Europe/London")
CLOCK = FixedClock(datetime(2026, 3, 10, 9, 0, tzinfo=UTC))


def clock_on(day: date) -> FixedClock:
    return FixedClock(datetime.combine(day, time(12, 0), tzinfo=UTC))


def sample_group() -> Group:
    return Group(
        name="Tuesday Crew",
        timezone="Europe/London",
        rhythm=Rhythm(
            every=1, unit=RhythmUnit.MONTH, weekday=Weekday.THU, nth=-1, time=time(10, 30)
        ),
        started_on=date(2025, 3, 4),
        default_venue_id="v1",
        coordinator=CoordinatorContact("Ann", "07700 900123", "ann@example.org", {"k": 1}),
        deputy_member_id="m2",
        support_line=SupportLine("Pain service", "0117 000 0000", "weekdays"),
        extra={"from_elsewhere": {"kept": True}},
    )


def sample_data() -> GroupData:
    """One of every kind of record, with the optional parts filled in."""
    venue = Venue("v1", "Riverside Cafe", "1 Quay St", "step-free", extra={"x": [1, 2]})
    sam = Member(
        id="m1",
        name="Sam Jones",
        known_as="Sam",
        phone="07700 900001",
        email="sam@example.org",
        channel=Channel.WHATSAPP,
        joined_on=date(2025, 3, 4),
        availability="not after 4pm",
        access_needs="parking",
        consent=Consent(date(2025, 3, 4), True, extra={"how": "paper"}),
        contact_checked_on=date(2025, 9, 1),
        away=(AwayPeriod(date(2025, 7, 1), date(2025, 7, 20), "holiday"),),
        notes="likes tea",
        extra={"pronouns": "they"},
    )
    kim = Member(
        id="m2",
        name="Kim Lee",
        status=MemberStatus.LEFT,
        status_since=date(2025, 10, 1),
        status_reason=Reason.MOVED,
    )
    meeting = Meeting(
        id="g1",
        starts_at=datetime(2025, 3, 4, 14, 0, tzinfo=LONDON),
        venue_id="v1",
        kind=MeetingKind.SOCIAL,
        status=MeetingStatus.HELD,
        topics=("catch-up", "pacing", "our own tag"),
        guests=2,
        notes="good turnout",
        sequence=3,
        attendance={
            "m1": AttendanceMark(Mark.PRESENT),
            "m2": AttendanceMark(Mark.APOLOGIES, Reason.ILL_HEALTH, "flare-up"),
        },
        extra={"colour": "blue"},
    )
    outing = Meeting(
        id="g2",
        starts_at=datetime(2025, 10, 28, 11, 0, tzinfo=LONDON),
        duration_minutes=240,
        location="Botanic garden",
        kind=MeetingKind.SPECIAL,
    )
    note = OutreachNote(
        id="c1",
        member_id="m1",
        on=date(2025, 3, 20),
        channel=Channel.SMS,
        outcome=ContactOutcome.LEFT_MESSAGE,
        note="flare-up, hopes to come next time",
        extra={"tag": "x"},
    )
    return GroupData(sample_group(), (venue,), (sam, kim), (meeting, outing), (note,))


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "data" / "group.json"


@pytest.fixture
def saved(db: Path) -> Iterator[Path]:
    """A group file holding :func:`sample_data`, closed."""
    with Store.open(db, CLOCK) as store:
        store.replace_all(sample_data())
    yield db


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def temp_files(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.name.endswith(".tmp")]


# --- round trips --------------------------------------------------------------------


def test_every_record_type_survives_saving_one_at_a_time(db: Path) -> None:
    data = sample_data()
    with Store.open(db, CLOCK) as store:
        assert data.group is not None
        store.save_group(data.group)
        for venue in data.venues:
            store.save_venue(venue)
        for member in data.members:
            store.save_member(member)
        for meeting in data.meetings:
            store.save_meeting(meeting)
        for note in data.contacts:
            store.save_contact(note)
        store.save_settings({"theme": "nord", "watch": {"reach_out_after": 3}})
        assert store.load() == data
    with Store.open(db, CLOCK) as again:
        assert again.load() == data
        assert again.settings() == {"theme": "nord", "watch": {"reach_out_after": 3}}
        assert again.member("m1") == data.members[0]
        assert again.meeting("g1") == data.meetings[0]
        assert again.group() == data.group


def test_replace_all_round_trips_and_keeps_settings(saved: Path) -> None:
    with Store.open(saved, CLOCK) as store:
        store.save_settings({"theme": "gruvbox"})
        store.replace_all(sample_data())
    with Store.open(saved, CLOCK) as store:
        assert store.load() == sample_data()
        assert store.settings() == {"theme": "gruvbox"}


def test_the_file_carries_its_schema_version(saved: Path) -> None:
    raw = read_raw(saved)
    assert raw is not None
    assert store_module.schema_version(raw) == SCHEMA_VERSION


def test_deletes_and_erasure_reach_the_disk(saved: Path) -> None:
    with Store.open(saved, CLOCK) as store:
        store.delete_venue("v1")
        store.erase_member("m2")
        store.delete_contact("c1")
        store.delete_meeting("g2")
    with Store.open(saved, CLOCK) as store:
        data = store.load()
    assert data.venues == ()
    assert [m.id for m in data.members] == ["m1"]
    assert data.contacts == ()
    assert [m.id for m in data.meetings] == ["g1"]
    held = data.meetings[0]
    assert held.venue_id is None and held.location == "Riverside Cafe"
    assert "m2" not in held.attendance
    assert data.group is not None
    assert data.group.default_venue_id is None and data.group.deputy_member_id is None
    assert "Kim" not in saved.read_text("utf-8")


def test_moving_a_meeting_bumps_its_sequence(saved: Path) -> None:
    with Store.open(saved, CLOCK) as store:
        meeting = store.meeting("g2")
        assert meeting is not None
        moved = store.save_meeting(
            Meeting(**{**meeting.__dict__, "starts_at": meeting.starts_at + timedelta(days=1)})
        )
        assert moved.sequence == meeting.sequence + 1
        same = store.save_meeting(Meeting(**{**moved.__dict__, "notes": "bring cake"}))
        assert same.sequence == moved.sequence


def test_set_mark_changes_one_mark_and_nothing_else(saved: Path) -> None:
    with Store.open(saved, CLOCK) as store:
        before = store.load()
        updated = store.set_mark("g1", "m1", AttendanceMark(Mark.ABSENT))
        cleared = store.set_mark("g1", "m2", None)
    assert updated.attendance["m1"].status is Mark.ABSENT
    assert "m2" not in cleared.attendance
    with Store.open(saved, CLOCK) as store:
        after = store.load()
    assert after.meeting("g1") == cleared
    assert after.members == before.members and after.contacts == before.contacts
    assert after.meeting("g2") == before.meeting("g2")


def test_a_batch_is_all_or_nothing(saved: Path) -> None:
    with Store.open(saved, CLOCK) as store:
        with pytest.raises(RuntimeError), store.batch():
            store.save_member(Member(id="m9", name="Half"))
            store.delete_contact("c1")
            raise RuntimeError("interrupted")
        assert store.member("m9") is None
        assert len(store.contacts()) == 1
    with Store.open(saved, CLOCK) as store:
        assert store.load() == sample_data()


# --- privacy --------------------------------------------------------------------------


def test_file_folder_lock_and_backups_are_private(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = os.umask(0o022)  # a typical, permissive umask must not leak into our files
    try:
        db = tmp_path / "fresh" / "group.json"
        with Store.open(db, clock_on(date(2026, 1, 1))) as store:
            store.save_group(sample_group())
            store.clock = clock_on(date(2026, 1, 2))
            store.save_member(Member(id="m1", name="Sam"))
            manual = store_module.take_backup(db, date(2026, 1, 2), kind="manual")
        assert manual is not None
        assert mode(db) == 0o600
        assert mode(db.parent) == 0o700
        assert mode(db.with_name("group.json.lock")) == 0o600
        backups = list_backups(db)
        assert {b.kind for b in backups} == {"daily", "manual"}
        assert all(mode(b.path) == 0o600 for b in backups)
        assert mode(store_module.backup_folder(db)) == 0o700
    finally:
        os.umask(old)


def test_only_folders_the_store_creates_are_made_private(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)  # like /tmp: not ours to change
    with Store.open(shared / "group.json", CLOCK) as store:
        store.save_group(sample_group())
    assert mode(shared) == 0o1777
    nested = tmp_path / "a" / "b" / "group.json"
    with Store.open(nested, CLOCK) as store:
        store.save_group(sample_group())
    assert (mode(tmp_path / "a"), mode(tmp_path / "a" / "b")) == (0o700, 0o700)


# --- the lock -------------------------------------------------------------------------


def test_a_second_store_on_the_same_file_is_read_only(saved: Path) -> None:
    with Store.open(saved, CLOCK) as first:
        second = Store.open(saved, CLOCK)
        try:
            assert not first.read_only
            assert second.read_only
            assert second.read_only_reason is not None
            assert "read-only" in second.read_only_reason
            assert second.load() == sample_data()
            with pytest.raises(ReadOnlyError):
                second.save_member(Member(id="m9", name="Nope"))
            with pytest.raises(ReadOnlyError):
                second.set_mark("g1", "m1", AttendanceMark(Mark.ABSENT))
            with pytest.raises(ReadOnlyError):
                second.replace_all(GroupData(None))
        finally:
            second.close()
        first.save_member(Member(id="m9", name="Still writable"))
    # Once the first closes, the lock is free again.
    with Store.open(saved, CLOCK) as third:
        assert not third.read_only
        assert third.member("m9") is not None


_HOLD_LOCK = """
import sys
from datetime import UTC, datetime
from pathlib import Path
from coordinator.clock import FixedClock
from coordinator.store import Store
store = Store.open(Path(sys.argv[1]), FixedClock(datetime(2026, 1, 1, tzinfo=UTC)))
print("read-only" if store.read_only else "holding", flush=True)
sys.stdin.readline()
store.close()
"""


def test_a_second_process_opens_read_only_and_says_why(saved: Path) -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", _HOLD_LOCK, str(saved)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None and child.stdin is not None
        assert child.stdout.readline().strip() == "holding"
        with Store.open(saved, CLOCK) as store:
            assert store.read_only
            assert "Another coordinator window" in (store.read_only_reason or "")
            with pytest.raises(ReadOnlyError):
                store.save_group(sample_group())
        child.stdin.write("\n")
        child.stdin.flush()
        assert child.wait(timeout=30) == 0
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    with Store.open(saved, CLOCK) as store:
        assert not store.read_only


def test_asking_for_read_only_takes_no_lock(saved: Path) -> None:
    with Store.open(saved, CLOCK, read_only=True) as viewer, Store.open(saved, CLOCK) as writer:
        assert viewer.read_only and not writer.read_only
        assert viewer.read_only_reason


# --- files we cannot use are refused and left alone --------------------------------


def _bad_files(good: bytes) -> dict[str, bytes]:
    bundle = {"format": "coordinator-bundle", "version": 1, "group": {"name": "x"}}
    return {
        "truncated": good[: len(good) // 2],
        "empty": b"",
        "not JSON": b"Name,Phone\nSam,07700\n",
        "not text": bytes(range(256)),
        "a JSON list": b"[1, 2, 3]",
        "unknown tables": json.dumps({"people": {"1": {"name": "Sam"}}}).encode(),
        "a table that is a list": json.dumps({"members": [{"id": "m1"}]}).encode(),
        "a document id that is not a number": json.dumps(
            {"members": {"abc": {"id": "m1", "name": "x"}}}
        ).encode(),
        "a document that is not an object": json.dumps({"members": {"1": "Sam"}}).encode(),
        "an invalid record": json.dumps(
            {"meta": {"1": {"schema_version": 1}}, "members": {"1": {"id": "m1", "name": ""}}}
        ).encode(),
        "an unreadable version": json.dumps({"meta": {"1": {"schema_version": "two"}}}).encode(),
        "a future schema version": json.dumps(
            {"meta": {"1": {"schema_version": SCHEMA_VERSION + 1}}, "members": {}}
        ).encode(),
        "a bundle": json.dumps(bundle).encode(),
        "deeply nested": b"[" * 100_000 + b"]" * 100_000,
    }


@pytest.mark.parametrize("kind", list(_bad_files(b"{}")))
def test_a_file_we_cannot_use_is_refused_and_left_untouched(saved: Path, kind: str) -> None:
    content = _bad_files(saved.read_bytes())[kind]
    saved.write_bytes(content)
    backups_before = list_backups(saved)
    with pytest.raises(UnreadableFileError) as caught:
        Store.open(saved, CLOCK)
    assert str(saved) in str(caught.value)
    assert saved.read_bytes() == content
    assert list_backups(saved) == backups_before
    assert temp_files(saved.parent) == []
    # The refusal released the lock: a fixed file opens writable straight away.
    saved.unlink()
    with Store.open(saved, CLOCK) as store:
        assert not store.read_only


def test_the_refusals_say_what_is_wrong(saved: Path) -> None:
    good = saved.read_bytes()
    expected = {
        "truncated": "not valid JSON",
        "empty": "empty",
        "a future schema version": "newer version of coordinator",
        "a bundle": "coordinator import",
        "an invalid record": "member m1: Name: is required",
    }
    for kind, words in expected.items():
        saved.write_bytes(_bad_files(good)[kind])
        with pytest.raises(UnreadableFileError, match=words):
            Store.open(saved, CLOCK)


def test_a_read_only_viewer_also_refuses_a_bad_file(saved: Path) -> None:
    saved.write_bytes(b"{nope")
    with pytest.raises(UnreadableFileError):
        Store.open(saved, CLOCK, read_only=True)
    assert saved.read_bytes() == b"{nope"


def test_a_folder_in_place_of_the_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "group.json").mkdir()
    with pytest.raises(UnreadableFileError, match="is a folder"):
        Store.open(tmp_path / "group.json", CLOCK)


# --- backups ------------------------------------------------------------------------


def test_the_first_change_of_each_day_backs_up_the_day_before(db: Path) -> None:
    with Store.open(db, clock_on(date(2026, 1, 1))) as store:
        store.save_group(sample_group())  # no file before this save: nothing to back up
        assert list_backups(db) == []
        first_state = db.read_bytes()
        store.clock = clock_on(date(2026, 1, 2))
        store.save_member(Member(id="m1", name="Sam"))
        store.save_member(Member(id="m2", name="Kim"))  # same day: no second backup
    backups = list_backups(db)
    assert [(b.taken_on, b.kind) for b in backups] == [(date(2026, 1, 2), "daily")]
    assert backups[0].path.read_bytes() == first_state


def test_backups_rotate_to_14_days_plus_one_a_month(db: Path) -> None:
    start = date(2026, 1, 1)
    days = [start + timedelta(days=n) for n in range(60)]  # 1 Jan .. 1 Mar
    with Store.open(db, clock_on(start)) as store:
        for n, day in enumerate(days):
            store.clock = clock_on(day)
            store.save_member(Member(id=f"m{n}", name=f"Person {n}"))
    kept = sorted(b.taken_on for b in list_backups(db) if b.kind == "daily")
    # The first day had no file to back up; every later day backed up the one before.
    taken = days[1:]
    newest_14 = taken[-14:]
    first_of_each_month = [date(2026, 1, 2), date(2026, 2, 1), date(2026, 3, 1)]
    assert kept == sorted(set(newest_14) | set(first_of_each_month))
    # Each backup holds the file as it was before that day's first change.
    jan_2 = next(b for b in list_backups(db) if b.taken_on == date(2026, 1, 2))
    raw = json.loads(jan_2.path.read_bytes())
    assert [d["name"] for d in raw["members"].values()] == ["Person 0"]


def test_monthly_backups_are_kept_for_12_months(db: Path) -> None:
    start = date(2025, 1, 1)
    days = [start + timedelta(days=3 * n) for n in range(160)]  # every 3 days, ~16 months
    with Store.open(db, clock_on(start)) as store:
        for n, day in enumerate(days):
            store.clock = clock_on(day)
            store.save_member(Member(id=f"m{n}", name=f"Person {n}"))
    kept = sorted(b.taken_on for b in list_backups(db))
    taken = days[1:]
    months = sorted({(d.year, d.month) for d in taken})[-12:]
    first_in_month = [min(d for d in taken if (d.year, d.month) == m) for m in months]
    assert kept == sorted(set(taken[-14:]) | set(first_in_month))
    assert len(kept) == 14 + 12 - 1  # the newest month's first backup is also a recent one
    # The last save is on 2026-04-23: the oldest backup kept is from 12 months back.
    assert (max(kept), min(kept)) == (date(2026, 4, 23), date(2025, 5, 1))


def test_special_backups_keep_the_last_five(db: Path) -> None:
    with Store.open(db, CLOCK) as store:
        store.save_group(sample_group())
    for _ in range(7):
        store_module.take_backup(db, date(2026, 3, 10), kind="manual")
    store_module.rotate_backups(db)
    manual = [b for b in list_backups(db) if b.kind == "manual"]
    assert len(manual) == 5
    assert len({b.path for b in manual}) == 5


# --- migrations ---------------------------------------------------------------------


def _version_0_file(db: Path) -> bytes:
    """A file from before versioning: tables but no ``meta``."""
    db.parent.mkdir(parents=True, exist_ok=True)
    content = json.dumps(
        {
            "group": {"1": {"name": "Old Group", "timezone": "Europe/London"}},
            "members": {"1": {"id": "m1", "name": "Sam"}},
        }
    ).encode()
    db.write_bytes(content)
    return content


def test_an_old_file_is_backed_up_then_stamped(db: Path) -> None:
    original = _version_0_file(db)
    with Store.open(db, CLOCK) as store:
        assert store.group() is not None
        assert [m.name for m in store.members()] == ["Sam"]
    raw = read_raw(db)
    assert raw is not None and store_module.schema_version(raw) == 1
    backups = list_backups(db)
    assert [b.kind for b in backups] == ["pre-migration"]
    assert backups[0].path.read_bytes() == original
    assert mode(backups[0].path) == 0o600


def test_an_old_file_with_a_bad_record_is_refused_before_migrating(db: Path) -> None:
    db.parent.mkdir(parents=True)
    content = json.dumps({"members": {"1": {"id": "m1", "name": "x", "away": "soon"}}}).encode()
    db.write_bytes(content)
    with pytest.raises(UnreadableFileError, match="Away periods"):
        Store.open(db, CLOCK)
    assert db.read_bytes() == content
    assert list_backups(db) == []


def test_a_read_only_viewer_does_not_migrate(db: Path) -> None:
    original = _version_0_file(db)
    with Store.open(db, CLOCK, read_only=True) as store:
        assert [m.name for m in store.members()] == ["Sam"]
    assert db.read_bytes() == original


def test_a_new_timezone_or_venue_address_bumps_the_meetings_it_changes(tmp_path: Path) -> None:
    """Calendars must update when a meeting's moment or place changes, whatever its
    status (a held meeting's file can be exported again too)."""
    clock = FixedClock(datetime(2026, 1, 5, 10, tzinfo=UTC))
    london = ZoneInfo("Europe/London")
    with Store.open(tmp_path / "g.json", clock) as store:
        store.save_group(Group(name="Crew"))
        store.save_venue(Venue("v1", "Cafe", "1 Quay St"))
        store.save_venue(Venue("v2", "Hall"))
        for mid, status, venue in (
            ("g1", MeetingStatus.HELD, "v1"),
            ("g2", MeetingStatus.PLANNED, "v1"),
            ("g3", MeetingStatus.PLANNED, "v2"),
        ):
            store.save_meeting(
                Meeting(mid, datetime(2026, 2, 3, 14, tzinfo=london), venue_id=venue, status=status)
            )
        store.save_venue(Venue("v1", "Cafe", "2 Quay St"))
        assert [m.sequence for m in store.meetings()] == [1, 1, 0]
        store.save_venue(Venue("v1", "Cafe", "2 Quay St", access_notes="ramp"))
        assert [m.sequence for m in store.meetings()] == [1, 1, 0]
        group = store.group()
        assert group is not None
        store.save_group(replace(group, timezone="America/New_York"))
    with Store.open(tmp_path / "g.json", clock) as store:
        assert [m.sequence for m in store.meetings()] == [2, 2, 1]
        assert store.meetings()[0].starts_at.tzinfo == ZoneInfo("America/New_York")
        # Removing a venue changes its meetings' place: their sequence goes up too.
        store.delete_venue("v1")
        assert [(m.sequence, m.location) for m in store.meetings()] == [
            (3, "Cafe"),
            (3, "Cafe"),
            (1, None),
        ]


@pytest.mark.parametrize(("kind", "how_many"), [("daily", 30), ("manual", 7), ("pre-import", 7)])
def test_backups_dated_later_never_push_out_the_one_just_taken(
    db: Path, kind: str, how_many: int
) -> None:
    """Backups named for days after today (a clock that was wrong, copies put in by
    hand) sort as the newest; the copy of the file as it is now must still be kept."""
    with Store.open(db, CLOCK) as store:
        store.save_group(sample_group())
    folder = store_module.backup_folder(db)
    folder.mkdir(parents=True, exist_ok=True)
    suffix = "" if kind == "daily" else f".{kind}"
    for n in range(how_many):  # a month apart, so the monthly ones are all later too
        later = date(2099, 1, 1) + timedelta(days=31 * n)
        (folder / f"{db.stem}.{later.isoformat()}{suffix}.json").write_bytes(db.read_bytes())
    made = store_module.take_backup(db, CLOCK.now().date(), kind=kind)
    assert made is not None and made.read_bytes() == db.read_bytes()
    assert made in {b.path for b in list_backups(db)}


def test_the_first_change_of_a_day_keeps_its_backup_beside_later_dated_ones(db: Path) -> None:
    with Store.open(db, clock_on(date(2026, 3, 9))) as store:
        store.save_group(sample_group())
    folder = store_module.backup_folder(db)
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(30):
        later = date(2099, 1, 1) + timedelta(days=31 * n)
        (folder / f"{db.stem}.{later.isoformat()}.json").write_text("{}", encoding="utf-8")
    before = db.read_bytes()
    with Store.open(db, clock_on(date(2026, 3, 10))) as store:
        store.save_member(Member(id="m1", name="Sam"))
    today = [b for b in list_backups(db) if b.taken_on == date(2026, 3, 10)]
    assert [b.path.read_bytes() for b in today] == [before]


@pytest.mark.parametrize("kind", ["daily", "manual", "pre-import", "pre-restore"])
def test_a_backup_opened_as_the_group_file_is_only_shown(db: Path, kind: str) -> None:
    """`coordinator --db backups/…` to look at an old copy: the window is read-only and
    says why, so a backup is never changed (nor given a lock, nor backed up itself)."""
    with Store.open(db, CLOCK) as store:
        store.save_group(sample_group())
    backup = store_module.take_backup(db, CLOCK.now().date(), kind=kind)
    assert backup is not None
    before = sorted(p.name for p in backup.parent.iterdir())
    content = backup.read_bytes()
    with Store.open(backup, CLOCK) as opened:
        assert opened.read_only and opened.read_only_reason is not None
        assert "is a backup" in opened.read_only_reason
        assert opened.group() is not None
        with pytest.raises(store_module.StoreError):
            opened.save_member(Member(id="m9", name="Nobody"))
    assert backup.read_bytes() == content
    assert sorted(p.name for p in backup.parent.iterdir()) == before
    with pytest.raises(store_module.StoreError):
        store_module.restore_backup(backup, db, CLOCK)
    assert backup.read_bytes() == content
