"""Uploaded files are what their names say they are, judged by their whole content.

Shared by the scans of paper signatures (pledges) and the follow-up's evidence
(followup): a file renamed to look like another type (an HTML page called
rapport.pdf, a PNG header glued onto anything) is refused. An image must decode
with Pillow, a PDF must parse down to its pages (with pyHanko, which the portal
already uses to seal PDFs), an Office file must be a readable ZIP archive and a
text file text from its first byte to its last.
"""

import io
import posixpath
import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from PIL import Image

from .office import is_office_document

# A ZIP whose members unpack to more than this is refused rather than read.
ZIP_MAX_UNPACKED_BYTES = 200 * 1024 * 1024
PDF_MAX_PAGES = 2000


def _read_all(upload) -> bytes:
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return data


def _is_image(expected_format: str):
    def check(data: bytes) -> bool:
        try:
            with Image.open(io.BytesIO(data)) as image:
                if image.format != expected_format:
                    return False
                image.verify()  # the chunks' checksums, the structure
            with Image.open(io.BytesIO(data)) as image:
                image.load()  # and every pixel decodes: nothing is cut off or made up
        except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
            return False
        return True

    return check


def _is_pdf(data: bytes) -> bool:
    from pyhanko.pdf_utils.generic import ArrayObject
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader

    if not data.startswith(b"%PDF-"):
        return False
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        pending, nodes, pages = [reader.root["/Pages"]], 0, 0
        while pending:
            node = pending.pop()
            nodes += 1
            if nodes > 2 * PDF_MAX_PAGES:  # too long, or a page tree that loops
                return False
            if node.get("/Type") == "/Pages":
                pending.extend(kid.get_object() for kid in node["/Kids"])
                continue
            pages += 1
            contents = node.get("/Contents")
            if contents is None:
                continue
            contents = contents.get_object()
            streams = contents if isinstance(contents, ArrayObject) else [contents]
            for stream in streams:
                stream.get_object().data  # noqa: B018  (decoding is the check)
    except (PdfError, KeyError, TypeError, ValueError, AttributeError, RecursionError):
        return False
    return pages > 0


def _is_zip(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(member.file_size for member in archive.infolist()) > ZIP_MAX_UNPACKED_BYTES:
                return False
            return archive.testzip() is None  # every member read, its CRC checked
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return False


def _is_office(ext: str):
    """A readable ZIP archive laid out as the Office document `ext` (pledges.office)."""
    return lambda data: is_office_document(data, ext) and _is_zip(data)


def _is_text(data: bytes) -> bool:
    """Plain text: no NUL byte and no control character a text file does not hold.
    UTF-8, and the Windows-1252 that Excel writes Swedish CSV in, both pass."""
    allowed = {0x09, 0x0A, 0x0C, 0x0D, 0x1A}
    return not any(byte < 0x20 and byte not in allowed for byte in data)


# Each extension the portal accepts anywhere: how a real file of that type reads,
# and what the type is called in the message.
FILE_TYPES = {
    "pdf": (_is_pdf, _("PDF-fil")),
    "png": (_is_image("PNG"), _("PNG-bild")),
    "jpg": (_is_image("JPEG"), _("JPEG-bild")),
    "jpeg": (_is_image("JPEG"), _("JPEG-bild")),
    "docx": (_is_office("docx"), _("Word-fil")),
    "xlsx": (_is_office("xlsx"), _("Excel-fil")),
    "odt": (_is_office("odt"), _("OpenDocument-fil")),
    "ods": (_is_office("ods"), _("OpenDocument-fil")),
    "csv": (_is_text, _("CSV-fil")),
    "txt": (_is_text, _("textfil")),
}


def extension(name: str) -> str:
    return posixpath.splitext(name or "")[1].lower().lstrip(".")


def validate_file_content(file) -> None:
    """The file is what its name says it is, read to its end. (Which extensions a
    field takes is its FileExtensionValidator's to say.)"""
    if getattr(file, "_committed", False):
        # Stored already: it was checked when it was uploaded.
        return
    ext = extension(file.name)
    if ext not in FILE_TYPES:
        return
    matches, kind = FILE_TYPES[ext]
    if not matches(_read_all(getattr(file, "file", file))):
        raise ValidationError(
            gettext("Filen är inte en riktig %(kind)s, fast namnet slutar på .%(ext)s.")
            % {"kind": kind, "ext": ext},
            code="file_type_mismatch",
        )
