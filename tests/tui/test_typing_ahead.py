"""Typing ahead: a fast typist (or a paste) sends the next field's text straight after
Tab, before the app has caught up. Every character lands in the field the keys say,
never in the field just left (the newcomer's "5 Jan", Tab, "15:00" gave "5 Jan15:00")."""

from __future__ import annotations

import pytest
from textual import events
from textual.widgets import Input, TextArea

from coordinator.store import Store

from .conftest import SIZE, AppFactory
from .test_forms import open_add_member


def _keys(text: str) -> list[events.Key]:
    return [events.Key("space" if c == " " else c, c) for c in text]


@pytest.mark.parametrize("back", [False, True])
async def test_text_typed_straight_after_tab_lands_in_the_next_field(
    store: Store, app_factory: AppFactory, back: bool
) -> None:
    """Forward with Tab, and (``back``) the same fields typed last to first with
    shift+Tab."""
    wanted = ["Ann Lee", "Annie", "07700 900123", "ann@example.org"]
    app = app_factory(store)
    async with app.run_test(size=SIZE) as pilot:
        form = await open_add_member(app, pilot)
        fields = [w for w in form.query(Input) if w.display][: len(wanted)]
        order = list(range(len(wanted)))
        if back:
            fields[-1].focus()
            await pilot.pause()
            order.reverse()
        assert app.focused is fields[order[0]]
        burst: list[events.Key] = []
        for n, at in enumerate(order):
            burst += _keys(wanted[at])
            if n < len(order) - 1:
                burst.append(events.Key("shift+tab" if back else "tab", None))
        for key in burst:  # all at once, as a paste or a fast typist sends them
            app.post_message(key)
        for _ in range(5):
            await pilot.pause()
        assert [f.value for f in fields] == wanted


EDITING = ["backspace", "left", "right", "home", "end", "delete", "ctrl+u", "ctrl+w"]


@pytest.mark.parametrize("field_id", ["name", "notes"])  # a one-line field, a text box
async def test_editing_keys_in_a_burst_act_in_the_order_typed(
    store: Store, app_factory: AppFactory, field_id: str
) -> None:
    """The field's own keys (backspace, arrows, ctrl+u...) used to run only after the
    letters typed after them ("Ann", backspace, "e" gave "Anne"): the same keys sent in
    one go and one at a time give the same text, over random mixes of letters and keys."""
    import random

    draw = random.Random(17)
    sequences = [
        [draw.choice([*"abcdef ", *EDITING]) for _ in range(draw.randint(6, 18))] for _ in range(8)
    ]
    results: dict[str, list[str]] = {}
    for mode in ("one at a time", "in one go"):
        app = app_factory(store)
        async with app.run_test(size=SIZE) as pilot:
            field = (await open_add_member(app, pilot)).query_one(f"#{field_id}")
            field.focus()
            got = []
            for keys in sequences:
                if isinstance(field, Input):
                    field.value = ""
                else:
                    assert isinstance(field, TextArea)
                    field.text = ""
                await pilot.pause()
                events_ = [
                    events.Key("space" if k == " " else k, k if len(k) == 1 else None) for k in keys
                ]
                for key in events_:
                    app.post_message(key)
                    if mode == "one at a time":
                        await pilot.pause()
                for _ in range(4):
                    await pilot.pause()
                got.append(field.value if isinstance(field, Input) else field.text)
            results[mode] = got
    assert results["in one go"] == results["one at a time"]
    assert any(results["one at a time"])  # the sequences do type something
