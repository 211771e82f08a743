"""Is this ZIP archive the Office document its name says?

A .docx, .xlsx, .odt or .ods file is a ZIP archive, but not every ZIP archive
is one: the format is in what the archive holds. Office Open XML (Word, Excel)
declares its main part in `[Content_Types].xml` and keeps it under `word/` or
`xl/`; OpenDocument names its type in a first member called `mimetype`.

Read with zipfile from the central directory: nothing is extracted, and only
the one small member that names the type is read, within a limit.
"""

import io
import zipfile

# More members than any real document has: refused before any is read.
MAX_ENTRIES = 10_000
# [Content_Types].xml and mimetype are a few kilobytes at most.
MAX_TYPE_MEMBER_BYTES = 1024 * 1024

_OPENXML = "application/vnd.openxmlformats-officedocument"
OOXML = {
    "docx": ("word/", f"{_OPENXML}.wordprocessingml.document.main+xml"),
    "xlsx": ("xl/", f"{_OPENXML}.spreadsheetml.sheet.main+xml"),
}
OPENDOCUMENT = {
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}


def _member(archive: zipfile.ZipFile, name: str) -> bytes | None:
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > MAX_TYPE_MEMBER_BYTES:
        return None
    with archive.open(info) as member:
        return member.read(MAX_TYPE_MEMBER_BYTES + 1)[:MAX_TYPE_MEMBER_BYTES]


def is_office_document(data: bytes, ext: str) -> bool:
    """True when `data` is a ZIP archive laid out as a document of type `ext`
    (docx, xlsx, odt, ods). Whether every member reads is not checked here."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if len(members) > MAX_ENTRIES:
                return False
            names = [member.filename for member in members]
            if ext in OOXML:
                folder, main_type = OOXML[ext]
                types = _member(archive, "[Content_Types].xml")
                return (
                    types is not None
                    and main_type.encode() in types
                    and any(name.startswith(folder) for name in names)
                )
            if ext in OPENDOCUMENT:
                # The first member, stored uncompressed, says which kind of document.
                if not names or names[0] != "mimetype":
                    return False
                return (_member(archive, "mimetype") or b"").strip() == OPENDOCUMENT[ext].encode()
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        OSError,
        ValueError,
        EOFError,
        RuntimeError,  # encrypted
        NotImplementedError,  # a compression zipfile does not read
    ):
        return False
    return False
