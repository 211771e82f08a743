"""Real files of each type, made here, for uploads that are checked by their whole content."""

import io
import zipfile

import pypdf
from PIL import Image


def pdf_bytes() -> bytes:
    """A one-page PDF, as a scanner or a word processor would write one."""
    writer = pypdf.PdfWriter()
    writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def image_bytes(kind: str = "PNG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(out, format=kind)
    return out.getvalue()


def png_bytes() -> bytes:
    return image_bytes("PNG")


def jpeg_bytes() -> bytes:
    return image_bytes("JPEG")


def zip_bytes() -> bytes:
    """A ZIP archive, as a .docx, .xlsx, .odt or .ods file is one."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    return out.getvalue()


def _zip(members: list[tuple[str, str | bytes]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members:
            archive.writestr(name, content)
    return out.getvalue()


def _content_types(main: str, part: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/{part}" ContentType="{main}"/></Types>'
    )


def docx_bytes() -> bytes:
    """The parts a Word document has at least."""
    main = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    return _zip(
        [
            ("[Content_Types].xml", _content_types(main, "word/document.xml")),
            ("_rels/.rels", "<Relationships/>"),
            ("word/document.xml", "<w:document/>"),
        ]
    )


def xlsx_bytes() -> bytes:
    """An Excel workbook as openpyxl writes one."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["år", "värde"])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def opendocument_bytes(kind: str = "text") -> bytes:
    """An OpenDocument file: the `mimetype` member first, then its content."""
    return _zip(
        [
            ("mimetype", f"application/vnd.oasis.opendocument.{kind}"),
            ("META-INF/manifest.xml", "<manifest:manifest/>"),
            ("content.xml", "<office:document-content/>"),
        ]
    )


def zip_of_many_entries(count: int) -> bytes:
    return _zip([("[Content_Types].xml", "<Types/>")] + [(f"word/{n}", "") for n in range(count)])
