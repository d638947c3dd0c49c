"""Visual regression: each specimen page rendered with pdftoppm against a reference image.

A layout change that was not meant fails here. When it was meant, look at the
new images (they are written next to the references as *.new.png), then
regenerate with ``UPDATE_REFERENCES=1 make test``.
"""

import os
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat

from correspondent_app.documents.catalog import NAMES, specimen

REFERENCE = Path(__file__).parent / "reference"
DPI = 40
#: mean absolute difference (0-255) tolerated: anti-aliasing noise, not a moved block
TOLERANCE = 1.5


def render_pages(pdf: bytes, tmp_path: Path) -> list[Path]:
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", "-png", str(path), str(tmp_path / "page")], check=True)
    return sorted(tmp_path.glob("page-*.png"))


@pytest.mark.parametrize("name", NAMES)
def test_layout_unchanged(name, tmp_path):
    pages = render_pages(specimen(name), tmp_path)
    REFERENCE.mkdir(exist_ok=True)
    for i, page in enumerate(pages, 1):
        reference = REFERENCE / f"{name}-{i}.png"
        if os.environ.get("UPDATE_REFERENCES") or not reference.exists():
            if not os.environ.get("UPDATE_REFERENCES"):
                pytest.fail(f"no reference image {reference.name}: run with UPDATE_REFERENCES=1 after looking at it")
            Image.open(page).save(reference, optimize=True)
            continue
        new, old = Image.open(page).convert("L"), Image.open(reference).convert("L")
        assert new.size == old.size, f"{name} page {i}: size changed"
        diff = ImageStat.Stat(ImageChops.difference(new, old)).mean[0]
        if diff > TOLERANCE:
            new.save(REFERENCE / f"{name}-{i}.new.png")
            pytest.fail(f"{name} page {i} differs from the reference (mean diff {diff:.2f}); see {name}-{i}.new.png")


def test_the_check_can_fail(tmp_path):
    """A visibly different page must exceed the tolerance (else the test above proves nothing)."""
    pages = render_pages(specimen("model1"), tmp_path)
    moved = Image.open(pages[0]).convert("L").transform(Image.open(pages[0]).size, Image.AFFINE, (1, 0, 0, 0, 1, 8),
                                                         fillcolor=255)
    diff = ImageStat.Stat(ImageChops.difference(moved, Image.open(pages[0]).convert("L"))).mean[0]
    assert diff > TOLERANCE
