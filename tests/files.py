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
