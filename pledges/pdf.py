"""The pledge document as a PDF: WeasyPrint, rendered from a snapshot alone.

Everything printed comes from the snapshot dict (pledges/snapshot.py), never from
live models, so a signed version renders to the same bytes for as long as its
content, its code and the logo files it names are unchanged. (A sealed PDF is
not reproducible: the seal carries its signing time. The stored file is the
original, and its SHA-256 is what verification checks.) Nothing varies
between two renderings: no clock (the PDF's dates are the signing date), no
random identifier, no network (only data: and file: URLs are fetched).

The output is tagged PDF/UA-1 with embedded DejaVu fonts (they carry å, ä, ö),
the title, author and language in its metadata.

A county board with a certificate seals the stored PDF (seal_pdf): a PAdES
certification signature that allows no change, made with pyHanko.
"""

import base64
import datetime
import hashlib
import io
import json
import mimetypes
import zoneinfo
from pathlib import Path

import pydyf
import segno
import weasyprint
from django.conf import settings
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from actors.links import absolute_url

from .snapshot import pledge_snapshot
from .text import place_and_date, signing_record

TEMPLATE = "pledges/pdf/pledge.html"
STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")
# Logos are embedded as data: URIs; these are the formats WeasyPrint draws.
LOGO_TYPES = {"image/png", "image/jpeg", "image/gif", "image/svg+xml", "image/webp"}

WRITE_OPTIONS = {
    # PDF/UA-1 implies a tagged PDF 1.7; the XMP metadata carries the title.
    "pdf_variant": "pdf/ua-1",
}


def render_pledge_pdf(version) -> bytes:
    """The signed PDF of a SignedVersion: its frozen content, its code and QR code."""
    return render_snapshot_pdf(version.content, code=version.code)


def render_preview_pdf(pledge) -> bytes:
    """A draft's PDF as it stands: watermarked UTKAST on every page, no verification code."""
    return render_snapshot_pdf(pledge_snapshot(pledge), draft=True)


def render_snapshot_pdf(content: dict, *, code=None, draft=False, base_url=None) -> bytes:
    """The PDF of a snapshot dict; with a code, the verification code and QR code are printed.

    base_url resolves any relative URL in the print template (the static folder
    by default); data: and file: URLs are the only ones fetched.
    """
    html = snapshot_html(content, code=code, draft=draft)
    return write_tagged_pdf(html, identity=[content, code], base_url=base_url)


def write_tagged_pdf(html: str, *, identity, base_url=None) -> bytes:
    """A print template's HTML as a tagged PDF/UA-1, its running footer an artifact.

    The portal's one way to make a PDF (the pledge, its preview, the follow-up's
    yearly report): nothing fetched but data: and file: URLs, relative URLs against
    the static folder, and a file identifier that is a digest of `identity` (any
    JSON: what the document is made from), so that it never varies by itself.
    """
    document = weasyprint.HTML(
        string=html,
        base_url=base_url or Path(settings.BASE_DIR, "static").as_uri() + "/",
        url_fetcher=url_fetcher(),
    )
    return document.write_pdf(finisher=footer_as_artifact, **identified_options(identity))


def footer_as_artifact(document, pdf) -> None:
    """Mark the running footer as a pagination artifact, as PDF/UA-1 requires.

    WeasyPrint tags the text of page-margin boxes (the footer: actor, period,
    code, "Sida 1 av 3") as Span content, but leaves its structure elements out
    of the structure tree. PDF/UA-1 wants all content either in the tree or
    marked as an artifact, and a screen reader must not read the footer in the
    middle of the text. So every marked-content sequence whose element cannot
    be reached from the tree's root becomes an /Artifact of type Pagination,
    and its entry in the parent tree is emptied.
    """
    root = pdf.catalog.get("StructTreeRoot")
    if root is None:
        return

    def resolve(reference):
        return pdf.objects[int(reference.split()[0])]

    reachable, pending = set(), [root]
    while pending:
        reference = pending.pop()
        if reference in reachable:
            continue
        reachable.add(reference)
        kids = resolve(reference).get("K", ())
        pending.extend(kid for kid in kids if isinstance(kid, bytes))

    nums = resolve(resolve(root)["ParentTree"])["Nums"]
    page_entries = {
        key: value for key, value in zip(nums[::2], nums[1::2], strict=True)
        if isinstance(value, list)  # not an annotation's entry
    }  # fmt: skip
    for page_number in pdf.pages["Kids"][::3]:
        page = pdf.objects[page_number]
        entries = page_entries.get(page.get("StructParents"))
        contents = page.get("Contents")
        if entries is None or not isinstance(contents, bytes):
            continue  # untagged, or several content streams: WeasyPrint writes one
        orphans = {mcid for mcid, ref in enumerate(entries) if ref not in reachable}
        stream = resolve(contents)
        stream.stream, rewritten = _artifacts(stream.stream, orphans)
        # Only what was found in the page's own stream becomes an artifact; content
        # drawn in a form XObject (opacity, say) keeps WeasyPrint's tagging.
        for mcid in rewritten:
            entries[mcid] = b"null"


def _artifacts(operations: list, mcids: set) -> tuple[list, set]:
    """The content stream with the marked-content sequences of these MCIDs as artifacts,
    and the MCIDs it found."""
    out, i, found = [], 0, set()
    while i < len(operations):
        window = operations[i : i + 3]
        if (
            len(window) == 3
            and window[2] == b"BDC"
            and isinstance(window[1], dict)
            and window[1].get("MCID") in mcids
        ):
            out += ["/Artifact", pydyf.Dictionary({"Type": "/Pagination"}), b"BDC"]
            found.add(window[1]["MCID"])
            i += 3
        else:
            out.append(operations[i])
            i += 1
    return out, found


def url_fetcher():
    # Logos and the QR code come inline; nothing is fetched from the network.
    return weasyprint.URLFetcher(allowed_protocols={"data", "file"})


def write_options(content: dict, *, code=None) -> dict:
    """WeasyPrint's options for a pledge; the file identifier is a digest of what is printed."""
    return identified_options([content, code])


def identified_options(identity) -> dict:
    """WeasyPrint's options, with a file identifier that is a digest of `identity`."""
    canonical = json.dumps(identity, sort_keys=True, ensure_ascii=False, default=str)
    identifier = hashlib.sha256(canonical.encode()).hexdigest()[:32].encode()
    return {**WRITE_OPTIONS, "pdf_identifier": identifier}


def snapshot_html(content: dict, *, code=None, draft=False) -> str:
    """The print template filled in from the snapshot: what WeasyPrint lays out."""
    # The document is Swedish whatever language the request or worker runs in.
    with translation.override("sv"):
        return render_to_string(TEMPLATE, document_context(content, code=code, draft=draft))


def document_context(content: dict, *, code=None, draft=False) -> dict:
    pledge, county, actor = content["pledge"], content["county"], content["actor"]
    verify_url = verification_url(code) if code else None
    return {
        **content,
        "signatories": [{**s, "record": signing_record(s)} for s in content["signatories"]],
        "title": f"Miljömålslöfte: {actor['name']} {pledge['start_year']}–{pledge['end_year']}",
        "period": f"{pledge['start_year']}–{pledge['end_year']}",
        "created": document_date(content),
        "place_and_date": place_and_date(pledge),
        "board_wordmark": board_wordmark(county["board_name"]),
        "county_logo": logo_data_uri(county.get("logo")),
        "actor_logo": logo_data_uri(actor.get("logo")),
        "code": code,
        "verify_url": verify_url,
        "qr_code": qr_data_uri(verify_url) if verify_url else None,
        "draft": draft,
    }


def document_date(content: dict) -> str | None:
    """The PDF's creation date: when the last party signed, else the signing date.

    None for a draft that has neither: WeasyPrint then writes no date at all,
    rather than the present, which would make each rendering different.
    """
    signed = [s["signed_at"] for s in content["signatories"] if s.get("signed_at")]
    if signed:
        when = max(datetime.datetime.fromisoformat(s) for s in signed)
        if when.tzinfo is not None:
            when = when.astimezone(STOCKHOLM)
        return when.replace(microsecond=0).isoformat()
    return content["pledge"].get("signing_date")


def board_wordmark(board_name: str) -> list[str]:
    """ "Länsstyrelsen i Kronobergs län" -> ["LÄNSSTYRELSEN", "I KRONOBERGS LÄN"]."""
    head, sep, rest = board_name.partition(" i ")
    if not sep:
        return [board_name.upper()]
    return [head.upper(), f"I {rest.upper()}"]


def logo_data_uri(name: str | None) -> str | None:
    """A logo from storage, inline; None when there is none or it cannot be read."""
    if not name:
        return None
    mime, _ = mimetypes.guess_type(name)
    if mime not in LOGO_TYPES:
        return None
    try:
        with default_storage.open(name, "rb") as logo:
            data = logo.read()
    except (OSError, ValueError):
        return None
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def verification_url(code: str) -> str:
    """The absolute address of the code's public verification page, on the Swedish site."""
    with translation.override("sv"):
        try:
            path = reverse("pledges:verify", kwargs={"code": code})
        except NoReverseMatch:
            path = f"/verifiera/{code}/"
    return absolute_url(path)


def qr_data_uri(url: str) -> str:
    return segno.make(url, error="m", micro=False).svg_data_uri(
        scale=4, border=0, dark="#1b1b1b", nl=False
    )


SEAL_FIELD = "Lansstyrelsens_sigill"


class SealingError(Exception):
    """The county's certificate is configured but cannot be used."""


def seal_pdf(data: bytes, *, county_code: str, board_name: str) -> bytes:
    """The PDF with the county board's PAdES seal, or unchanged if it has no certificate.

    The seal certifies the document (DocMDP, no changes permitted): a reader
    shows any later edit as breaking it. A configured certificate that cannot
    be loaded raises rather than producing an unsealed PDF unnoticed.
    """
    config = settings.PDF_SIGNING.get(county_code)
    if not config:
        return data
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko.sign.fields import InvisSigSettings, MDPPerm, SigFieldSpec, SigSeedSubFilter

    signer = load_signer(config)
    field = SigFieldSpec(
        sig_field_name=SEAL_FIELD,
        readable_field_name="Länsstyrelsens sigill",
        # PDF/UA-1: an untagged widget must be hidden. (PDF/A would want it printable
        # instead; the pledge PDF is PDF/UA, not PDF/A.)
        invis_sig_settings=InvisSigSettings(set_print_flag=False, set_hidden_flag=True),
    )
    metadata = signers.PdfSignatureMetadata(
        field_name=SEAL_FIELD,
        md_algorithm="sha256",
        subfilter=SigSeedSubFilter.PADES,
        certify=True,
        docmdp_permissions=MDPPerm.NO_CHANGES,
        reason="Registrerat miljömålslöfte",
        name=board_name,
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    output = io.BytesIO()
    signers.sign_pdf(writer, metadata, signer=signer, new_field_spec=field, output=output)
    return output.getvalue()


def load_signer(config: dict):
    from pyhanko.sign import signers

    path = Path(config["pkcs12"])
    passphrase = config.get("passphrase") or None
    try:
        pkcs12 = path.read_bytes()
    except OSError as error:
        raise SealingError(f"Certifikatet {path} kan inte läsas: {error}") from error
    try:
        return signers.SimpleSigner.load_pkcs12_data(
            pkcs12, other_certs=(), passphrase=passphrase.encode() if passphrase else None
        )
    except (ValueError, TypeError) as error:
        raise SealingError(f"Certifikatet {path} kan inte öppnas: {error}") from error
