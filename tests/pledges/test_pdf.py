"""The pledge PDF: the demo reference pledge rendered and read back with pypdf.

Every expected text comes from the signed reference document itself
(pledges.reference_pledge), never typed here. The PDFs are rendered once for
the module: WeasyPrint takes about half a second a document.
"""

import io
import re

import pypdf
import pytest

from pledges import pdf, reference_pledge
from pledges.demo import REFERENCE_SLUG
from pledges.models import Pledge, SignedVersion
from pledges.snapshot import pledge_snapshot

from .pdf_text import body_text, normalise, page_texts

TRUE = pypdf.generic.BooleanObject(True)


def structure_elements(reader: pypdf.PdfReader):
    def walk(element):
        element = element.get_object()
        yield element
        for kid in element.get("/K", []):
            if not isinstance(kid, int) and "/S" in kid.get_object():
                yield from walk(kid)

    for kid in reader.trailer["/Root"]["/StructTreeRoot"]["/K"]:
        yield from walk(kid)


def reference_sequence(ref) -> list[str]:
    """The reference pledge's pieces in the order it prints them."""
    lines = [line.strip() for line in reference_pledge.PATH.read_text("utf-8").splitlines()]
    (
        title,
        board_mark_1,
        board_mark_2,
        actor_caps,
        measures_heading,
        board_heading,
        commitments_heading,
        back_title,
        back_mark_1,
        back_mark_2,
    ) = [line for line in lines if line and line.isupper()]
    lead_in = next(line for line in lines if line.endswith("ska:"))
    measures = [piece for m in ref.measures for piece in (m.heading, m.text, m.link_line)]
    signatures = [piece for s in ref.signatories for piece in (s.name, s.title, s.organisation)]
    return [
        title,
        ref.intro,
        board_mark_1,
        board_mark_2,
        actor_caps,
        ref.actor_description,
        measures_heading,
        *measures,
        board_heading,
        ref.board_description,
        commitments_heading,
        lead_in,
        *ref.commitments,
        ref.closing_declaration,
        ref.place_and_date,
        *signatures,
        back_title,
        ref.explanation,
        back_mark_1,
        back_mark_2,
    ]


@pytest.fixture(scope="module")
def rendered(_demo_for_module, django_db_blocker):
    with django_db_blocker.unblock():
        pledge = Pledge.objects.get(slug=REFERENCE_SLUG)
        # Unsaved: the renderer reads the version's content and code, nothing else.
        version = SignedVersion(pledge=pledge, content=pledge_snapshot(pledge))
        return {
            "pledge": pledge,
            "version": version,
            "signed": pdf.render_pledge_pdf(version),
            "preview": pdf.render_preview_pdf(pledge),
        }


@pytest.fixture(scope="module")
def ref():
    return reference_pledge.parse()


@pytest.fixture(scope="module")
def signed_text(rendered):
    return body_text(rendered["signed"])


def test_every_measure_with_its_heading_text_and_link_line(signed_text, ref):
    assert ref.measures
    for measure in ref.measures:
        assert normalise(f"• {measure.heading}") in signed_text
        assert normalise(measure.text) in signed_text
        assert normalise(measure.link_line) in signed_text


def test_every_board_commitment(signed_text, ref):
    assert ref.commitments
    for commitment in ref.commitments:
        assert normalise(commitment) in signed_text


def test_both_signatories_with_titles_and_organisations(signed_text, ref):
    assert len(ref.signatories) == 2
    for s in ref.signatories:
        assert normalise(f"{s.name} {s.title} {s.organisation}") in signed_text


def test_closing_declaration_place_and_date(signed_text, ref):
    assert normalise(ref.closing_declaration) in signed_text
    assert normalise(f"{ref.closing_declaration} {ref.place_and_date}") in signed_text


def test_sections_in_the_reference_documents_order(signed_text, ref):
    position = 0
    for piece in reference_sequence(ref):
        found = signed_text.find(normalise(piece), position)
        assert found >= 0, f"{piece[:60]!r} missing, or out of order"
        position = found + len(normalise(piece))


def test_swedish_letters_come_back_out(rendered, ref):
    text = "".join(page_texts(rendered["signed"]))
    assert set("åäöÅÄÖ") <= set(text)
    assert "\ufffd" not in text
    assert normalise(ref.actor_description) in normalise(text)


def test_fonts_are_embedded_dejavu(rendered):
    reader = pypdf.PdfReader(io.BytesIO(rendered["signed"]))
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object()
            fonts[str(font["/BaseFont"])] = descendant["/FontDescriptor"].get_object()
    assert fonts
    for name, descriptor in fonts.items():
        assert "/FontFile2" in descriptor or "/FontFile3" in descriptor, name
        assert "DejaVu" in name


def test_tagged_pdf_ua_with_language_and_metadata(rendered):
    reader = pypdf.PdfReader(io.BytesIO(rendered["signed"]))
    catalog = reader.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"] == TRUE
    assert catalog["/StructTreeRoot"]["/K"]
    assert catalog["/Lang"] == "sv"
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"] == TRUE
    content = rendered["version"].content
    actor, pledge = content["actor"], content["pledge"]
    title = f"Miljömålslöfte: {actor['name']} {pledge['start_year']}–{pledge['end_year']}"
    assert reader.metadata.title == title
    assert reader.metadata.author == content["county"]["board_name"]
    xmp = catalog["/Metadata"].get_object().get_data()
    assert re.search(rb'pdfuaid:part(="|>)1', xmp)
    assert title.encode() in xmp


def marked_content(page) -> list[tuple[str, int | None]]:
    """The page's marked-content sequences in order: (tag, MCID or None)."""
    data = page.get_contents().get_data().decode("latin-1")
    return [
        (tag, int(mcid) if mcid else None)
        for tag, mcid in re.findall(r"/(\w+)\s*(?:<<[^>]*?(?:/MCID (\d+))?[^>]*>>\s*)?BD?C", data)
    ]


def reachable_mcids(reader) -> set[tuple[int, int]]:
    """(page index, MCID) of every marked content a structure element of the tree holds."""
    pages = {page.indirect_reference.idnum: i for i, page in enumerate(reader.pages)}
    found = set()

    def walk(element, page):
        element = element.get_object()
        if "/Pg" in element:
            page = pages[element.raw_get("/Pg").idnum]
        kids = element.get("/K", [])
        for kid in kids if isinstance(kids, list) else [kids]:
            if isinstance(kid, int):
                found.add((page, kid))
            elif "/S" in kid.get_object():
                walk(kid, page)

    walk(reader.trailer["/Root"]["/StructTreeRoot"], None)
    return found


@pytest.mark.parametrize("which", ["signed", "preview"])
def test_all_content_is_tagged_or_an_artifact(rendered, which):
    """PDF/UA-1 (7.1): what a screen reader reads is in the structure tree; the
    footer and the UTKAST mark are artifacts, so it skips them."""
    reader = pypdf.PdfReader(io.BytesIO(rendered[which]))
    reachable = reachable_mcids(reader)
    for index, page in enumerate(reader.pages):
        marked = marked_content(page)
        mcids = {(index, mcid) for tag, mcid in marked if tag != "Artifact"}
        assert (index, None) not in mcids
        assert mcids <= reachable, f"page {index + 1}: content outside the structure tree"
        # The footer's two boxes on every page.
        assert page.get_contents().get_data().count(b"/Artifact\n<</Type /Pagination>>") == 2
    # The document's text is real content, not an artifact.
    assert len(reachable) > 100


def test_structure_has_the_documents_headings(rendered, ref):
    reader = pypdf.PdfReader(io.BytesIO(rendered["signed"]))
    kinds = [str(e["/S"]) for e in structure_elements(reader)]
    assert kinds.count("/H1") == 1
    assert kinds.count("/H3") == len(ref.measures)
    assert kinds.count("/LI") == len(ref.commitments)


def test_dates_are_the_signing_not_the_rendering(rendered, ref):
    reader = pypdf.PdfReader(io.BytesIO(rendered["signed"]))
    assert reader.metadata.creation_date.date() == ref.date
    assert reader.metadata.modification_date == reader.metadata.creation_date


def test_signed_pdf_carries_the_code_and_qr_code_on_the_verification_page(rendered):
    code = rendered["version"].code
    url = pdf.verification_url(code)
    assert url.endswith(f"/verifiera/{code}/")
    pages = page_texts(rendered["signed"])
    for text in pages:
        assert code in text  # in every page's footer
    assert url in pages[-1]
    reader = pypdf.PdfReader(io.BytesIO(rendered["signed"]))
    figures = [e for e in structure_elements(reader) if e["/S"] == "/Figure"]
    assert [url in str(f.get("/Alt", "")) for f in figures] == [True]


def test_preview_is_watermarked_on_every_page_and_has_no_code(rendered, signed_text):
    pages = page_texts(rendered["preview"])
    assert len(pages) == len(page_texts(rendered["signed"]))
    for text in pages:
        assert "UTKAST" in text
    text = "\n".join(pages)
    assert rendered["version"].code not in text
    assert "Verifieringskod" not in text
    assert "/verifiera/" not in text
    assert "Verifieringskod" in signed_text
    # The same pledge: only the watermark and the code differ.
    assert (
        body_text(rendered["preview"])
        .replace("UTKAST ", "")
        .startswith(signed_text[: signed_text.index("Kontrollera dokumentet")])
    )


def test_rendering_again_gives_the_same_bytes_from_the_snapshot_alone(
    rendered, db, django_assert_num_queries
):
    with django_assert_num_queries(0):
        again = pdf.render_pledge_pdf(rendered["version"])
    assert again == rendered["signed"]


def test_preview_rendering_is_deterministic_too(rendered, db):
    assert pdf.render_preview_pdf(rendered["pledge"]) == rendered["preview"]


def test_printed_from_the_snapshot_not_the_database(rendered):
    content = rendered["version"].content
    actor = {**content["actor"], "name": "Ett Annat Namn AB", "genitive_name": "Ett Annat Namns"}
    html = pdf.snapshot_html({**content, "actor": actor})
    assert "<title>Miljömålslöfte: Ett Annat Namn AB " in html
    assert "ETT ANNAT NAMNS ÅTGÄRDER" in html


def test_logos_from_storage_are_drawn_with_alternative_text(rendered, media):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60">'
        '<rect width="200" height="60" fill="#1f5137"/></svg>'
    )
    county_logo = default_storage.save("counties/logo.svg", ContentFile(svg.encode()))
    content = rendered["version"].content
    with_logos = {
        **content,
        "county": {**content["county"], "logo": county_logo},
        "actor": {**content["actor"], "logo": "actors/gone.png"},  # named, but missing
    }
    data = pdf.render_snapshot_pdf(with_logos)
    reader = pypdf.PdfReader(io.BytesIO(data))
    alts = [str(e.get("/Alt")) for e in structure_elements(reader) if e["/S"] == "/Figure"]
    # The county's logo on the title and back pages; the missing one falls back to the name.
    assert alts == [content["county"]["board_name"]] * 2
    assert normalise(content["actor"]["name"].upper()) in body_text(data)


def test_logo_data_uri_skips_what_it_cannot_draw(media):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    assert pdf.logo_data_uri(None) is None
    assert pdf.logo_data_uri("") is None
    assert pdf.logo_data_uri("actors/missing.png") is None
    name = default_storage.save("actors/notes.txt", ContentFile(b"not an image"))
    assert pdf.logo_data_uri(name) is None
    name = default_storage.save("actors/logo.png", ContentFile(b"\x89PNG"))
    assert pdf.logo_data_uri(name).startswith("data:image/png;base64,")


def test_place_and_date_in_swedish(ref):
    pledge = {"signing_place": ref.place, "signing_date": ref.date.isoformat()}
    assert pdf.place_and_date(pledge) == ref.place_and_date
    assert pdf.place_and_date({"signing_place": ref.place, "signing_date": None}) == ref.place


def test_the_utkast_mark_is_drawn_behind_every_preview_page_as_an_artifact(rendered):
    """The page background (static/pdf/utkast.svg): an XObject drawn first, marked as an
    artifact. The signed PDF has none."""

    def background(page) -> bool:
        data = page.get_contents().get_data()
        first = data[data.index(b"/Artifact") : data.index(b"EMC")]
        return b" Do" in first

    preview = pypdf.PdfReader(io.BytesIO(rendered["preview"])).pages
    signed = pypdf.PdfReader(io.BytesIO(rendered["signed"])).pages
    assert all(background(page) for page in preview)
    assert not any(background(page) for page in signed)


def test_under_each_signature_how_and_when_that_party_signed(signed_text, ref, rendered):
    """The demo recorded the reference pledge's paper signatures as its coordinator."""
    from pledges.demo import DEMO_USERS
    from pledges.text import date_sv

    record = f"Undertecknat på papper {date_sv(ref.date)}, registrerat av "
    record += DEMO_USERS["coordinator"].full_name
    for s in ref.signatories:
        assert normalise(f"{s.name} {s.title} {s.organisation} {record}") in signed_text
    assert normalise(f"{ref.place_and_date}") in signed_text


def test_an_indicator_is_printed_as_a_swedish_reader_writes_it(rendered):
    """From a signed version's content as it is stored (decimals as text, "2400.00"):
    versions signed before keep rendering, and print "2 400", not "2400.00"."""
    content = rendered["version"].content
    first, *others = content["actor_measures"]
    indicator = {"unit": "ton CO₂e", "baseline": "2400.00", "target": "20.50"}
    measured = {**content, "actor_measures": [{**first, "indicator": indicator}, *others]}
    text = body_text(pdf.render_snapshot_pdf(measured))
    assert "Indikator: från 2 400 till 20,5 ton CO₂e" in text
    assert "2400.00" not in text and "20.50" not in text
