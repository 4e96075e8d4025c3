"""Erasing a member takes their best-time replies (and any other settings entry that
holds their id) with them."""

from __future__ import annotations

from datetime import UTC, datetime, time
from pathlib import Path

from coordinator.besttime.tally import SETTING, Reply, Tally, TallyOption
from coordinator.clock import FixedClock
from coordinator.model import Member, Weekday
from coordinator.store import Store

CLOCK = FixedClock(datetime(2026, 3, 10, 9, 0, tzinfo=UTC))


def test_erasing_a_member_removes_their_tally_replies(tmp_path: Path) -> None:
    with Store.open(tmp_path / "group.json", CLOCK) as store:
        store.save_member(Member(id="m1", name="Ann"))
        store.save_member(Member(id="m2", name="Bea"))
        options = (TallyOption(Weekday.TUE, time(14)), TallyOption(Weekday.THU, time(10)))
        tally = Tally(options).with_reply("m1", 0, Reply.YES).with_reply("m2", 1, Reply.NO)
        store.save_settings(
            {SETTING: tally.to_setting(), "other": {"ids": ["m1", "m2"]}, "theme": "m1x"}
        )
        store.erase_member("m1")
        settings = store.settings()
        kept = Tally.from_settings(settings)
        assert kept.reply("m1", 0) is None
        assert kept.reply("m2", 1) is Reply.NO
        assert "m1" not in str(settings[SETTING])
        assert settings["other"] == {"ids": ["m2"]}
        assert settings["theme"] == "m1x"
    with Store.open(tmp_path / "group.json", CLOCK) as store:  # and on disk
        assert "m1" not in str(store.settings()[SETTING])
