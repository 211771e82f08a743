"""Time the pledge PDF: our renderer against WeasyPrint alone on the same HTML.

    python bench/bench_pdf.py [--runs N]

The reference pledge is loaded into an in-memory SQLite database (the demo
loader, as `make run` does), so the development database is never touched.
"ours" is pledges.pdf.render_snapshot_pdf: template, QR code and WeasyPrint;
"weasyprint" is weasyprint.HTML(string=html).write_pdf(...) with the same HTML
(rendered once beforehand) and the same options. The ratio is our overhead: the
template, the QR code, and the finisher that makes the running footer an artifact
(PDF/UA-1), so the two files differ in their tags only: the same pages, the same text.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DATABASE_URL"] = "sqlite://:memory:"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")


def median_seconds(functions, runs: int) -> list[float]:
    """The median time of each function, run in turn so that drift in the
    machine's load falls on all of them alike."""
    for function in functions:
        function()  # warm up: fonts, the template cache
    times = [[] for _ in functions]
    for _ in range(runs):
        for function, spent in zip(functions, times, strict=True):
            start = time.perf_counter()
            function()
            spent.append(time.perf_counter() - start)
    return [statistics.median(spent) for spent in times]


def page_texts(pdf_bytes: bytes) -> list[str]:
    from io import BytesIO

    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(BytesIO(pdf_bytes)).pages]


def reference_content() -> tuple[dict, str]:
    from django.core.management import call_command
    from django.test.utils import override_settings

    from pledges.demo import REFERENCE_SLUG, load_demo
    from pledges.models import Pledge, SignedVersion
    from pledges.snapshot import pledge_snapshot

    call_command("migrate", verbosity=0)
    # The demo's users need passwords; the real hasher is slow on purpose.
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        load_demo()
    pledge = Pledge.objects.get(slug=REFERENCE_SLUG)
    version = SignedVersion(pledge=pledge, content=pledge_snapshot(pledge))
    return version.content, version.code


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="timed runs of each (default 20)")
    args = parser.parse_args()

    import django

    django.setup()
    import weasyprint

    from pledges import pdf

    content, code = reference_content()
    html = pdf.snapshot_html(content, code=code)
    options = pdf.write_options(content, code=code)
    base_url = (ROOT / "static").as_uri() + "/"

    def ours():
        return pdf.render_snapshot_pdf(content, code=code, base_url=base_url)

    def weasyprint_alone():
        document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=pdf.url_fetcher())
        return document.write_pdf(**options)

    ours_pages, alone_pages = (page_texts(make()) for make in (ours, weasyprint_alone))
    assert ours_pages == alone_pages, "the two paths must print the same pages"
    ours_median, alone_median = median_seconds([ours, weasyprint_alone], args.runs)
    print(f"reference pledge, {args.runs} runs each, WeasyPrint {weasyprint.__version__}")
    print(f"ours (render_snapshot_pdf): median {ours_median * 1000:8.1f} ms")
    print(f"WeasyPrint alone, same HTML: median {alone_median * 1000:8.1f} ms")
    print(
        f"ratio: {ours_median / alone_median:.3f} (our overhead: "
        f"{(ours_median - alone_median) * 1000:.1f} ms)"
    )


if __name__ == "__main__":
    main()
