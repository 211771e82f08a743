"""The county board's PAdES seal on signed PDFs, made with a throwaway certificate."""

import datetime
import hashlib
import io

import pypdf
import pytest
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.core.checks import run_checks
from django.core.management import call_command
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.fields import MDPPerm
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from pledges.models import Pledge
from pledges.pdf import SealingError
from pledges.tasks import render_signed_pdf
from tests import factories

pytestmark = pytest.mark.usefixtures("media")

PASSPHRASE = "hemligt-lösen"


def name(common_name):
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "SE"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Länsstyrelsen i Kronobergs län"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def certificate(subject, issuer, key, signing_key, *, ca):
    now = datetime.datetime.now(datetime.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=not ca,
                content_commitment=not ca,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=ca,
                crl_sign=ca,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )  # fmt: skip
    )
    return builder.sign(signing_key, hashes.SHA256())


@pytest.fixture(scope="module")
def throwaway_pki(tmp_path_factory):
    """A root CA and the board's certificate under it, as a passphrase-protected .p12.
    RSA, as the seal must be (see test_an_elliptic_curve_seal_is_warned_about)."""
    root_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    root = certificate(name("Test-CA"), name("Test-CA"), root_key, root_key, ca=True)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = certificate(name("Miljömålslöften Kronoberg"), root.subject, key, root_key, ca=False)
    path = tmp_path_factory.mktemp("pki") / "kronoberg.p12"
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"kronoberg", key, cert, [root],
            serialization.BestAvailableEncryption(PASSPHRASE.encode()),
        )
    )  # fmt: skip
    trust_root = asn1_x509.Certificate.load(root.public_bytes(serialization.Encoding.DER))
    return {"path": path, "root": trust_root}


@pytest.fixture
def sealing(settings, kronoberg, throwaway_pki):
    settings.PDF_SIGNING = {
        kronoberg.code: {"pkcs12": str(throwaway_pki["path"]), "passphrase": PASSPHRASE}
    }


def sign_everything(pledge, user):
    return factories.sign_on_paper(pledge, by=user)


def seal_of(data):
    (signature,) = PdfFileReader(io.BytesIO(data)).embedded_signatures
    return signature


def validate(data, root):
    context = ValidationContext(trust_roots=[root], allow_fetching=False)
    return validate_pdf_signature(seal_of(data), context)


def test_the_signed_pdf_carries_a_valid_certifying_seal(
    client, sealing, actor_a, coordinator, throwaway_pki
):
    pledge = factories.pledge_in_status(Pledge.Status.APPROVED, actor=actor_a)
    version = sign_everything(pledge, coordinator)
    data = version.pdf.read()

    status = validate(data, throwaway_pki["root"])
    assert status.intact and status.valid and status.trusted
    assert status.bottom_line and status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert seal_of(data).docmdp_level == MDPPerm.NO_CHANGES
    assert "Miljömålslöften Kronoberg" in status.signing_cert.subject.human_friendly

    # Still the tagged PDF/UA-1 document it was, in PDF 1.7.
    catalog = pypdf.PdfReader(io.BytesIO(data)).trailer["/Root"]
    assert "/StructTreeRoot" in catalog and catalog["/MarkInfo"]["/Marked"]
    assert catalog.get("/Version") in (None, "/1.7")
    # PAdES's own extension (ESIC, on PDF 1.7) only; not ISO 32002's, which means PDF 2.0.
    assert set(catalog.get("/Extensions", {})) <= {"/ESIC"}
    assert b"pdfuaid" in catalog["/Metadata"].get_object().get_data()
    # PDF/UA-1: the seal's widget is untagged, so it is hidden, and it is named.
    widget = seal_of(data).sig_field
    assert widget["/F"] & 0b10, "hidden flag"
    assert str(widget["/TU"]) == "Länsstyrelsens sigill"

    # The recorded hash is of the sealed file, so the verification page accepts it.
    assert hashlib.sha256(data).hexdigest() == version.sha256
    response = client.post(version.get_absolute_url(), {"pdf": io.BytesIO(data)})
    assert "Filen är den registrerade" in response.content.decode()
    # The seal adds a revision; the document itself still reads as before.
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)
    assert actor_a.name.upper() in text.upper()


def test_an_altered_sealed_pdf_fails_validation(sealing, actor_a, coordinator, throwaway_pki):
    pledge = factories.pledge_in_status(Pledge.Status.APPROVED, actor=actor_a)
    data = sign_everything(pledge, coordinator).pdf.read()
    at = data.index(b"/Lang")
    altered = data[:at] + b"/LANG" + data[at + 5 :]
    assert not validate(altered, throwaway_pki["root"]).intact


def test_a_seal_from_an_unknown_authority_is_not_trusted(sealing, actor_a, coordinator):
    pledge = factories.pledge_in_status(Pledge.Status.APPROVED, actor=actor_a)
    data = sign_everything(pledge, coordinator).pdf.read()
    stranger_key = ec.generate_private_key(ec.SECP256R1())
    stranger = certificate(name("Annan CA"), name("Annan CA"), stranger_key, stranger_key, ca=True)
    root = asn1_x509.Certificate.load(stranger.public_bytes(serialization.Encoding.DER))
    status = validate(data, root)
    assert status.intact and not status.trusted and not status.bottom_line


def test_counties_without_a_certificate_get_an_unsealed_pdf(
    settings, sealing, kalmar, other_coordinator
):
    actor = factories.ActorFactory(county=kalmar)
    pledge = factories.pledge_in_status(Pledge.Status.APPROVED, actor=actor, county=kalmar)
    data = sign_everything(pledge, other_coordinator).pdf.read()
    assert PdfFileReader(io.BytesIO(data)).embedded_signatures == []


def test_a_broken_certificate_stores_no_unsealed_pdf_and_fails_the_deploy_check(
    settings, kronoberg, actor_a, coordinator, tmp_path, throwaway_pki
):
    settings.PDF_SIGNING = {
        kronoberg.code: {"pkcs12": str(throwaway_pki["path"]), "passphrase": "fel lösen"}
    }
    pledge = factories.pledge_in_status(Pledge.Status.APPROVED, actor=actor_a)
    version = sign_everything(pledge, coordinator)
    # The signatures stand; the task failed (the worker logs it) and the PDF waits
    # for a working certificate: the task renders it when run again.
    assert pledge.status == Pledge.Status.SIGNED
    assert not version.pdf and not version.sha256
    with pytest.raises(SealingError, match="kan inte öppnas"):
        render_signed_pdf.call(version_id=version.pk)
    version.refresh_from_db()
    assert version.rendered_at is None

    messages = [e.id for e in run_checks(include_deployment_checks=True)]
    assert "miljomalslofte.E002" in messages

    # Once the certificate works, the command queues what was never rendered.
    settings.PDF_SIGNING = {
        kronoberg.code: {"pkcs12": str(throwaway_pki["path"]), "passphrase": PASSPHRASE}
    }
    call_command("render_pending_pdfs", stdout=io.StringIO())
    version.refresh_from_db()
    status = validate(version.pdf.read(), throwaway_pki["root"])
    assert version.rendered_at is not None and status.bottom_line

    settings.PDF_SIGNING = {
        kronoberg.code: {"pkcs12": str(tmp_path / "saknas.p12"), "passphrase": ""}
    }
    assert "miljomalslofte.E002" in [e.id for e in run_checks(include_deployment_checks=True)]


def test_an_elliptic_curve_seal_is_warned_about(settings, kronoberg, tmp_path):
    """pyHanko marks a PDF sealed with an EC key as PDF 2.0, which PDF/UA-1 is not."""
    key = ec.generate_private_key(ec.SECP256R1())
    cert = certificate(name("EC"), name("EC"), key, key, ca=False)
    path = tmp_path / "ec.p12"
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(b"ec", key, cert, None, serialization.NoEncryption())
    )
    settings.PDF_SIGNING = {kronoberg.code: {"pkcs12": str(path), "passphrase": ""}}
    warnings = {e.id: e for e in run_checks(include_deployment_checks=True)}
    assert "RSA" in warnings["miljomalslofte.W004"].hint
