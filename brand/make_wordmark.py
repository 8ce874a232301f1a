"""Draw brand/wordmark.png, the sample organization's wordmark.

It is our own simple design (a shield-free typographic mark), not any real
organization's logo. Run once after changing the name or colour:
    python brand/make_wordmark.py
"""

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).resolve().parent
FONTS = HERE.parent / "fonts"
SCALE = 4.2  # px per point: about 300 dpi at the printed size, what print needs


def main() -> None:
    bold = ImageFont.truetype(str(FONTS / "NotoSans-Bold.ttf"), 13 * SCALE)
    regular = ImageFont.truetype(str(FONTS / "NotoSans-Regular.ttf"), 8 * SCALE)
    navy, red = (31, 58, 95), (164, 38, 44)
    width, height = round(250 * SCALE), round(30 * SCALE)
    # Opaque white, not transparent: the page is white, and an alpha channel
    # makes every PDF carry and process a soft mask.
    image = Image.new("RGB", (width, height), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 2 * SCALE, 5 * SCALE, 28 * SCALE], fill=red)
    draw.text((10 * SCALE, 0), "GW University Hospital", font=bold, fill=navy)
    draw.text((10 * SCALE, 18 * SCALE), "THE GEORGE WASHINGTON UNIVERSITY HOSPITAL",
              font=regular, fill=navy)
    ink = Image.eval(image.convert("L"), lambda v: 255 - v).getbbox()
    assert ink is not None
    image.crop((0, 0, ink[2] + round(SCALE), height)).save(HERE / "wordmark.png", optimize=True)


if __name__ == "__main__":
    main()
