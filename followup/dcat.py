"""The DCAT-AP-SE catalogue of the open data, for the national data portal to harvest
(dataportal.se): one dataset per county and one of every county together, each with
its distributions (the API, the JSON file, a CSV file per table), its publisher (the
county board), theme, update frequency, contact point and licence CC0 1.0.

Built as an RDF graph with rdflib and serialised as JSON-LD, Turtle or RDF/XML. Every
address is absolute, from SITE_URL, and in Swedish (the catalogue's addresses are
identifiers: they must not change with the reader's language); titles and
descriptions are given in Swedish and English, with language tags.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, XSD

from actors.links import absolute_url
from actors.models import County

from . import opendata

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
EU = "http://publications.europa.eu/resource/authority/"
ENVI = URIRef(EU + "data-theme/ENVI")
# The files are written anew whenever something is published: no fixed rhythm.
IRREGULAR = URIRef(EU + "frequency/IRREG")
LANGUAGES = (URIRef(EU + "language/SWE"), URIRef(EU + "language/ENG"))
FILE_TYPES = {"CSV": URIRef(EU + "file-type/CSV"), "JSON": URIRef(EU + "file-type/JSON")}
MEDIA_TYPES = {
    "CSV": URIRef("https://www.iana.org/assignments/media-types/text/csv"),
    "JSON": URIRef("https://www.iana.org/assignments/media-types/application/json"),
}
LICENCE = URIRef(opendata.LICENCE_URL)
# Serialisations by media type, the first the default (DCAT-AP-SE harvests any of them).
FORMATS = {
    "application/ld+json": "json-ld",
    "text/turtle": "turtle",
    "application/rdf+xml": "xml",
}
CONTEXT = {
    "dcat": str(DCAT),
    "dct": str(DCTERMS),
    "foaf": str(FOAF),
    "vcard": str(VCARD),
    "xsd": str(XSD),
}


def _url(name, **kwargs):
    return absolute_url(reverse(name, kwargs=kwargs or None))


def _both(graph, subject, predicate, text):
    """`text()` in Swedish and in English, each tagged."""
    for language in ("sv", "en"):
        with translation.override(language):
            graph.add((subject, predicate, Literal(text(), lang=language)))


def _agent(graph, uri, name):
    agent = URIRef(uri)
    graph.add((agent, RDF.type, FOAF.Agent))
    graph.add((agent, FOAF.name, Literal(name, lang="sv")))
    return agent


def _contact(graph, name, url):
    point = BNode()
    graph.add((point, RDF.type, VCARD.Organization))
    graph.add((point, VCARD.fn, Literal(name, lang="sv")))
    graph.add((point, VCARD.hasEmail, URIRef("mailto:" + settings.OPEN_DATA_CONTACT_EMAIL)))
    graph.add((point, VCARD.hasURL, URIRef(url)))
    return point


def _distribution(graph, dataset, *, key, title, access, download=None, kind="JSON"):
    dist = URIRef(f"{dataset}-{key}")
    graph.add((dataset, DCAT.distribution, dist))
    graph.add((dist, RDF.type, DCAT.Distribution))
    _both(graph, dist, DCTERMS.title, title)
    graph.add((dist, DCAT.accessURL, URIRef(access)))
    if download:
        graph.add((dist, DCAT.downloadURL, URIRef(download)))
    graph.add((dist, DCTERMS.format, FILE_TYPES[kind]))
    graph.add((dist, DCAT.mediaType, MEDIA_TYPES[kind]))
    graph.add((dist, DCTERMS.license, LICENCE))
    return dist


def _dataset(graph, catalog, *, county, publisher, contact):
    scope = county.slug if county else opendata.ALL
    # Each dataset is a row of the datasets page, under its own fragment.
    dataset = URIRef(_url("opendata") + f"#{scope}")
    graph.add((catalog, DCAT.dataset, dataset))
    graph.add((dataset, RDF.type, DCAT.Dataset))
    if county:
        _both(
            graph,
            dataset,
            DCTERMS.title,
            lambda: _("Miljömålslöften i %(county)s") % {"county": county.name},
        )  # noqa: E501
        _both(
            graph,
            dataset,
            DCTERMS.description,
            lambda: (
                _(
                    "Miljömålslöften som %(board)s har ingått med aktörer i länet: löftena och "
                    "deras åtgärder, kopplingarna till länets åtgärdsprogram för miljömålen och "
                    "den uppföljning länsstyrelsen har godkänt."
                )
                % {"board": county.board_name}
            ),
        )
    else:
        _both(graph, dataset, DCTERMS.title, lambda: _("Miljömålslöften i alla län"))
        _both(
            graph,
            dataset,
            DCTERMS.description,
            lambda: _(
                "Alla läns miljömålslöften i samma tabeller: löftena och deras åtgärder, "
                "länens åtgärdsprogram och den uppföljning länsstyrelserna har godkänt."
            ),
        )
    graph.add((dataset, DCTERMS.publisher, publisher))
    graph.add((dataset, DCAT.contactPoint, contact))
    graph.add((dataset, DCAT.theme, ENVI))
    graph.add((dataset, DCTERMS.accrualPeriodicity, IRREGULAR))
    graph.add((dataset, DCAT.landingPage, URIRef(_url("opendata"))))
    graph.add((dataset, FOAF.page, URIRef(_url("opendata_fields"))))
    for language in LANGUAGES:
        graph.add((dataset, DCTERMS.language, language))
    keywords = ["miljömål", "miljömålslöften", "åtgärdsprogram", "uppföljning", "klimat"]
    for word in keywords + ([county.name] if county else []):
        graph.add((dataset, DCAT.keyword, Literal(word, lang="sv")))
    for word in ("environmental objectives", "pledges", "action programme", "follow-up"):
        graph.add((dataset, DCAT.keyword, Literal(word, lang="en")))
    _distribution(
        graph, dataset, key="api", title=lambda: _("API (JSON)"),
        access=absolute_url(opendata.api_path()),
    )  # fmt: skip
    if county:
        json_url = _url("opendata_json", slug=county.slug)
        _distribution(
            graph, dataset, key="json", title=lambda: _("Allt om länet i en JSON-fil"),
            access=json_url, download=json_url,
        )  # fmt: skip
    for table in opendata.TABLES:
        url = _url("opendata_csv", scope=scope, table=table.name)
        _distribution(
            graph, dataset, key=f"csv-{table.name}",
            title=lambda table=table: f"{table.title} (CSV)", access=url, download=url,
            kind="CSV",
        )  # fmt: skip
    return dataset


def catalog_graph() -> Graph:
    """The catalogue: three queries' worth of counties, whatever is published."""
    graph = Graph()
    for prefix, uri in CONTEXT.items():
        graph.bind(prefix, uri)
    with translation.override("sv"):
        catalog = URIRef(_url("opendata_catalog"))
        page = _url("opendata")
        graph.add((catalog, RDF.type, DCAT.Catalog))
        _both(graph, catalog, DCTERMS.title, lambda: _("Miljömålslöften: öppna data"))
        _both(
            graph,
            catalog,
            DCTERMS.description,
            lambda: _(
                "Länsstyrelsernas miljömålslöften med aktörer i länen, länens åtgärdsprogram "
                "för miljömålen och den godkända uppföljningen av löftena, som öppna data."
            ),
        )
        operator = _agent(graph, page + "#utgivare", _("Länsstyrelserna"))
        graph.add((catalog, DCTERMS.publisher, operator))
        graph.add((catalog, FOAF.homepage, URIRef(page)))
        graph.add((catalog, DCTERMS.license, LICENCE))
        for language in LANGUAGES:
            graph.add((catalog, DCTERMS.language, language))
        for county in County.objects.order_by("code"):
            publisher = _agent(graph, _url("actors:county", slug=county.slug) + "#lansstyrelsen",
                               county.board_name)  # fmt: skip
            contact = _contact(graph, county.board_name, _url("actors:county", slug=county.slug))
            _dataset(graph, catalog, county=county, publisher=publisher, contact=contact)
        contact = _contact(graph, _("Länsstyrelserna"), page)
        _dataset(graph, catalog, county=None, publisher=operator, contact=contact)
    return graph


def serialise(graph: Graph, media_type: str) -> bytes:
    fmt = FORMATS[media_type]
    if fmt == "json-ld":
        return graph.serialize(format="json-ld", context=CONTEXT, auto_compact=True).encode()
    return graph.serialize(format=fmt, encoding="utf-8")
