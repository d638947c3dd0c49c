"""Draw the application icon (resources/icons/): run once when the design changes.

    .venv/bin/python scripts/make-icons.py

A sober mark, as on a public office's papers: a dark green tile, a stalk of
wheat (the agricultural insurance) and «ΟΓΑ» in the shipped DejaVu Sans
Bold. PNG for Qt's window icon, ICO (several sizes) for the Windows
executable and installer. Pillow comes with reportlab, so nothing is added.
"""

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "icons"
GREEN, WHEAT, WHITE = (27, 94, 32), (240, 200, 90), (255, 255, 255)


def draw(size: int = 1024) -> Image.Image:
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(image)
    u = size / 64
    d.rounded_rectangle([2 * u, 2 * u, 62 * u, 62 * u], radius=10 * u, fill=GREEN)
    # the stalk and its grains, left and right of it
    d.line([(32 * u, 40 * u), (32 * u, 9 * u)], fill=WHEAT, width=round(2.2 * u))
    for i in range(5):
        y = 12 * u + i * 5.5 * u
        d.ellipse([25.5 * u, y, 31 * u, y + 4 * u], fill=WHEAT)
        d.ellipse([33 * u, y, 38.5 * u, y + 4 * u], fill=WHEAT)
    d.ellipse([29.6 * u, 6 * u, 34.4 * u, 11.5 * u], fill=WHEAT)
    font = ImageFont.truetype(str(ROOT / "resources" / "fonts" / "DejaVuSans-Bold.ttf"), round(15 * u))
    text = "ΟΓΑ"
    left, top, right, bottom = d.textbbox((0, 0), text, font=font)
    d.text(((size - (right - left)) / 2 - left, 43 * u - top), text, font=font, fill=WHITE)
    return image


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    big = draw()
    big.resize((256, 256), Image.LANCZOS).save(OUT / "correspondent-app.png")
    big.resize((256, 256), Image.LANCZOS).save(OUT / "correspondent-app.ico",
                                               sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (256, 256)])


if __name__ == "__main__":
    main()
