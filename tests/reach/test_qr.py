from __future__ import annotations

from pathlib import Path

import pytest

from coordinator.reach.messages import compose, next_meeting
from coordinator.reach.qr import QUIET_ZONE, QrTooLong, darker_first, qr_modules, qr_text
from coordinator.reach.templates import MessageKind
from tests.reach.fixtures import NOW, reach_group
from tests.reach.qr_image import decode, half_blocks_to_png, zbarimg


def test_half_blocks_hold_two_rows_of_modules_with_a_quiet_zone() -> None:
    modules = qr_modules("https://wa.me/447911123456")
    assert len(modules) == len(modules[0]) == 25 + 2 * QUIET_ZONE  # version 2
    code = qr_text("https://wa.me/447911123456")
    assert code.width == 33 and code.height == 17
    assert set("".join(code.lines)) <= set("█▀▄ ")
    assert code.lines[0].strip() == "" and code.lines[1].strip() == ""  # 4 quiet rows
    assert all(line[:QUIET_ZONE] == " " * QUIET_ZONE for line in code.lines)
    assert code.fits(33, 17) and not code.fits(32, 17)


def test_too_long_is_said() -> None:
    with pytest.raises(QrTooLong):
        qr_text("x" * 5000)


def test_the_darker_colour_draws_the_dark_modules() -> None:
    assert darker_first((0, 0, 0), (255, 255, 255))
    assert not darker_first((224, 224, 224), (30, 30, 30))


needs_zbar = pytest.mark.skipif(zbarimg() is None, reason="zbarimg (zbar-tools) is not installed")


@needs_zbar
@pytest.mark.parametrize("with_text", [False, True])
def test_the_terminal_qr_scans_to_the_exact_link(tmp_path: Path, with_text: bool) -> None:
    data = reach_group()
    member = data.member("m1")
    made = compose(
        data,
        {},
        MessageKind.REMINDER,
        member=member,
        meeting=next_meeting(data, NOW, MessageKind.REMINDER),
    )
    assert made.link is not None
    link = made.link if with_text else made.link.split("?", 1)[0]
    image = half_blocks_to_png(qr_text(link).lines, tmp_path / "qr.png")
    assert decode(image) == [link]
