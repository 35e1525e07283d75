"""What happens to an uploaded image: checked by its content, cleaned, re-encoded, and cut into renditions.

Only JPEG, PNG and WebP that Pillow decodes in full are taken. The file's size and the image's declared pixel
count are checked before anything is decoded; a file that holds anything after the image's end (an HTML page
or a ZIP archive appended to a picture) is refused. What is stored is never the upload itself: the image is
turned upright by its EXIF orientation, converted to sRGB, stripped of all metadata (EXIF, GPS, XMP, comments,
colour profiles) and encoded again, at most MASTER_SIZE pixels on its long side.
"""

import io
import math

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

MAX_BYTES = 15 * 2**20
MAX_PIXELS = 50_000_000
FORMATS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}
MASTER_SIZE = 2560  # the stored image's long side at most: the largest rendition is half of it
WIDTHS = (320, 640, 1280)  # the renditions pages choose from (srcset), each in WebP and in JPEG or PNG
CONTENT_TYPES = {".jpg": "image/jpeg", ".png": "image/png", ".webp": "image/webp"}

# Pillow refuses to open anything larger than twice this with an error of its own; below that our own check,
# made on the declared size before decoding, gives the message.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS

SRGB = ImageCms.createProfile("sRGB")


def refusal(message, **params):
    return ValidationError(message, code="image", params=params)


class PreparedImage(ContentFile):
    """A cleaned image, encoded and ready to store, with the decoded picture kept for its renditions."""

    def __init__(self, picture, data, extension):
        super().__init__(data, name=f"image{extension}")
        self.picture = picture
        self.width, self.height = picture.size


def prepare(upload):
    """Check an uploaded file by its content and return it cleaned, or raise ValidationError saying why not."""
    if upload.size == 0:
        raise refusal(_("The file is empty."))
    if upload.size > MAX_BYTES:
        raise refusal(
            _("The file is %(size)s MB; the limit is %(limit)s MB."),
            size=round(upload.size / 2**20, 1),
            limit=MAX_BYTES // 2**20,
        )
    upload.seek(0)
    data = upload.read()
    try:
        picture = Image.open(io.BytesIO(data), formats=list(FORMATS))
    except Image.DecompressionBombError:
        limit = MAX_PIXELS // 10**6
        raise refusal(_("The image has more pixels than the limit of %(limit)s megapixels."), limit=limit) from None
    except (UnidentifiedImageError, OSError, ValueError):
        raise refusal(_("The file is not a JPEG, PNG or WebP image (its content was checked, not its name).")) from None
    width, height = picture.size
    if width * height > MAX_PIXELS:
        raise refusal(
            _("The image is %(width)s × %(height)s pixels; the limit is %(limit)s megapixels."),
            width=width,
            height=height,
            limit=MAX_PIXELS // 10**6,
        )
    if not width or not height:
        raise refusal(_("The image is damaged or incomplete and cannot be read."))
    # Pillow names a camera's multi-picture JPEG "MPO"; its first picture is the photo.
    image_format = "JPEG" if picture.format == "MPO" else picture.format
    try:
        extra = bytes_after_the_image(data, image_format)
    except ValueError:
        raise refusal(_("The image is damaged or incomplete and cannot be read.")) from None
    if extra:
        raise refusal(_("The file holds other data after the image. Save the image again in an image editor."))
    try:
        if image_format == "JPEG":
            # Decode at the smallest scale (1/2, 1/4, 1/8) that keeps the long side at MASTER_SIZE: less memory.
            # Pillow keeps both sides at least the size asked for: a square box would keep a 6000 × 4000 photo whole.
            ratio = min(1, MASTER_SIZE / max(width, height))
            picture.draft(picture.mode, (math.ceil(width * ratio), math.ceil(height * ratio)))
        picture.load()
        cleaned = clean(picture)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise refusal(_("The image is damaged or incomplete and cannot be read.")) from None
    # Transparency is kept in PNG; a stored PNG gets PNG renditions, any other JPEG ones (see draw_renditions).
    extension = ".png" if cleaned.mode == "RGBA" else FORMATS[image_format]
    return PreparedImage(cleaned, encode(cleaned, extension), extension)


def clean(picture):
    """The picture upright, in sRGB, at most MASTER_SIZE on its long side, and with no metadata at all."""
    icc_profile = picture.info.get("icc_profile")
    upright = ImageOps.exif_transpose(picture)
    has_alpha = upright.mode in ("RGBA", "LA", "PA", "La") or "transparency" in upright.info
    mode = "RGBA" if has_alpha else "RGB"
    if icc_profile:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
            upright = ImageCms.profileToProfile(upright, source, SRGB, outputMode=mode)
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a profile that cannot be read is dropped and the pixels kept as they are
    if upright.mode == "I;16" or upright.mode == "I":
        upright = upright.point(lambda value: value / 256).convert("L")
    upright = upright.convert(mode)
    upright.thumbnail((MASTER_SIZE, MASTER_SIZE), Image.Resampling.LANCZOS, reducing_gap=3.0)
    # A new image holds the pixels only: no EXIF, XMP, comments, text chunks or profile can follow.
    bare = Image.new(mode, upright.size)
    bare.paste(upright)
    return bare


def encode(picture, extension):
    buffer = io.BytesIO()
    if extension == ".jpg":
        picture.save(buffer, "JPEG", quality=85, optimize=True, progressive=True)
    elif extension == ".webp":
        picture.save(buffer, "WEBP", quality=85, method=4)
    else:
        picture.save(buffer, "PNG")
    return buffer.getvalue()


def renditions(width, height, alpha=False):
    """(width, height, extensions) of each rendition of an image of this size, smallest first; never enlarged."""
    fallback = ".png" if alpha else ".jpg"
    widths = [w for w in WIDTHS if w < width] + [min(width, WIDTHS[-1])]
    return [(w, max(1, round(height * w / width)), (".webp", fallback)) for w in dict.fromkeys(widths)]


def rendition_name(name, width, extension):
    """projects/2026/11/ab12….jpg → projects/2026/11/ab12….640w.webp"""
    stem = name.rsplit(".", 1)[0]
    return f"{stem}.{width}w{extension}"


def draw_renditions(picture, name):
    """Yield (name, encoded bytes) of every rendition of a cleaned picture stored under name."""
    alpha = name.endswith(".png")  # as PictureFieldFile.renditions() reads it: PNG renditions for a PNG
    current = picture
    for width, height, extensions in reversed(renditions(*picture.size, alpha=alpha)):
        if current.size != (width, height):
            current = current.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
        for extension in extensions:
            yield rendition_name(name, width, extension), encode(current, extension)


def bytes_after_the_image(data, image_format):
    """What the file holds after the image's own end; raises ValueError when the image ends early."""
    if image_format == "PNG":
        end = png_end(data)
    elif image_format == "WEBP":
        size = int.from_bytes(data[4:8], "little")
        end = 8 + size + (size & 1)
        if end > len(data) + (size & 1):
            raise ValueError("truncated")
    else:
        end = jpeg_end(data, 0)
        # A camera's multi-picture JPEG (MPF: a preview, an HDR gain map) stores more JPEG images after the first.
        while data[end : end + 3] == b"\xff\xd8\xff":
            end = jpeg_end(data, end)
    return data[end:].strip(b"\x00\r\n\t ")


def png_end(data):
    position = 8
    while position + 12 <= len(data):
        length = int.from_bytes(data[position : position + 4], "big")
        kind = data[position + 4 : position + 8]
        position += 12 + length
        if kind == b"IEND":
            return position
    raise ValueError("truncated")


def jpeg_end(data, position):
    """The offset after the EOI marker of the JPEG image that starts at position."""
    position += 2  # SOI
    while position + 1 < len(data):
        if data[position] != 0xFF:
            raise ValueError("not a marker")
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
        elif marker == 0xD9:  # EOI
            return position + 2
        elif 0xD0 <= marker <= 0xD7 or marker == 0x01:
            position += 2
        else:
            position += 2 + int.from_bytes(data[position + 2 : position + 4], "big")
            if marker == 0xDA:  # the entropy-coded scan: runs to the next marker that is not stuffing or a restart
                while True:
                    position = data.find(b"\xff", position)
                    if position < 0 or position + 1 >= len(data):
                        raise ValueError("truncated")
                    following = data[position + 1]
                    if following == 0x00 or 0xD0 <= following <= 0xD7:
                        position += 2
                    elif following == 0xFF:
                        position += 1
                    else:
                        break
    raise ValueError("truncated")
