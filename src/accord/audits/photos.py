"""Checking an uploaded photo: its size, and its type read from its first bytes (never its name)."""

from django.core.exceptions import ValidationError

MAX_PHOTO_BYTES = 10 * 1024 * 1024

# (content type, extension, test on the first 16 bytes)
_SIGNATURES = (
    ("image/jpeg", ".jpg", lambda head: head.startswith(b"\xff\xd8\xff")),
    ("image/png", ".png", lambda head: head.startswith(b"\x89PNG\r\n\x1a\n")),
    ("image/webp", ".webp", lambda head: head[:4] == b"RIFF" and head[8:12] == b"WEBP"),
    # HEIC/HEIF (phones' default): an ISO box "ftyp" with a HEIF brand.
    ("image/heic", ".heic", lambda head: head[4:8] == b"ftyp" and head[8:12] in (
        b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1")),
)


def photo_kind(upload) -> tuple[str, str]:
    """``(content type, extension)`` of an uploaded photo, or ``ValidationError`` on ``file``."""
    if upload is None:
        raise ValidationError({"file": "Choose a photo."})
    if upload.size > MAX_PHOTO_BYTES:
        raise ValidationError({"file": f"A photo may be at most {MAX_PHOTO_BYTES // (1024 * 1024)} MB; "
                                       f"this one is {upload.size / (1024 * 1024):.1f} MB."})
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for content_type, extension, matches in _SIGNATURES:
        if matches(head):
            return content_type, extension
    raise ValidationError({"file": "This file is not a JPEG, PNG, WebP or HEIC photo."})
