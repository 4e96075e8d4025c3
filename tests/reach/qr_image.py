"""Draw half-block QR text (as the terminal shows it) as an image, and decode it with
zbarimg: how the tests check that the terminal's QR code scans to the exact link."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

from PIL import Image

_TOP = {"█": (True, True), "▀": (True, False), "▄": (False, True), " ": (False, False)}


def half_blocks_to_png(lines: Sequence[str], path: Path, scale: int = 8) -> Path:
    """Each character is two modules, one above the other; dark drawn black on white."""
    width = max(len(line) for line in lines)
    image = Image.new("L", (width * scale, len(lines) * 2 * scale), 255)
    pixels = image.load()
    assert pixels is not None
    for y, line in enumerate(lines):
        for x, ch in enumerate(line.ljust(width)):
            top, bottom = _TOP.get(ch, (False, False))
            for dark, row in ((top, 2 * y), (bottom, 2 * y + 1)):
                if dark:
                    for dy in range(scale):
                        for dx in range(scale):
                            pixels[x * scale + dx, row * scale + dy] = 0
    image.save(path)
    return path


def zbarimg() -> str | None:
    return shutil.which("zbarimg")


def decode(path: Path) -> list[str]:
    """What zbarimg reads in the image (one entry per code found)."""
    tool = zbarimg()
    assert tool is not None
    done = subprocess.run(
        [tool, "--quiet", "--raw", "-Sbinary", str(path)],
        capture_output=True,
        check=False,
        timeout=60,
    )
    return [line for line in done.stdout.decode("utf-8").split("\n") if line]
