"""The read-only open-data API under /api/ (DESIGN.md, "Open data").

Each app serialises its own models (actors/api.py, pledges/api.py, followup/api.py);
this module assembles them into one router, the OpenAPI 3 document
(`api:schema`, drf-spectacular) and the documentation page (`api:root`), which is
rendered by the portal from that document: no script, no asset from elsewhere.

The API sits outside i18n_patterns: its data is language-neutral (codes, not
labels; both names of the objectives and goals), so it has one address. The
documentation page speaks the visitor's language (the language cookie or the
browser's Accept-Language: see api_root).
"""

from django.http import JsonResponse
from django.shortcuts import render
from django.urls import path, re_path
from django.utils import translation
from django.utils.cache import patch_vary_headers
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from actors.api import CountyViewSet
from followup.api import FollowUpViewSet
from pledges.api import (
    GoalViewSet,
    ObjectiveViewSet,
    PledgeViewSet,
    ProgrammeViewSet,
    PublicActorViewSet,
)

router = SimpleRouter(trailing_slash=True)
router.register("counties", CountyViewSet, basename="county")
router.register("programmes", ProgrammeViewSet, basename="programme")
router.register("objectives", ObjectiveViewSet, basename="objective")
router.register("goals", GoalViewSet, basename="goal")
router.register("actors", PublicActorViewSet, basename="actor")
router.register("pledges", PledgeViewSet, basename="pledge")
router.register("followup", FollowUpViewSet, basename="followup")


ERROR = {"type": "object", "additionalProperties": True}


def document_errors(result, generator, request, public):
    """drf-spectacular's postprocessing hook: the answers every operation may give
    besides 200 (a refused filter value, an unknown object, too many requests)."""
    for address, item in result["paths"].items():
        for operation in item.values():
            responses = operation.setdefault("responses", {})
            errors = {"429": "Too many requests."}
            if "{" in address:
                errors["404"] = "No such published object."
            else:
                errors["400"] = "A filter's value is refused."
                errors["404"] = "No such page."
            for code, description in errors.items():
                responses.setdefault(
                    code,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": ERROR}},
                    },
                )
    return result


def _operations(schema: dict) -> list[dict]:
    """The document's operations in the order of its paths, for the page."""
    operations = []
    for address, item in schema["paths"].items():
        for method, operation in item.items():
            if method not in {"get", "head", "options"}:
                continue
            operations.append(
                {
                    "id": operation["operationId"],
                    "method": method.upper(),
                    "path": address,
                    "description": operation.get("description", ""),
                    "parameters": [
                        {
                            "name": p["name"],
                            "in": p["in"],
                            "type": p.get("schema", {}).get("type", ""),
                            "enum": p.get("schema", {}).get("enum", []),
                            "description": p.get("description", ""),
                        }
                        for p in operation.get("parameters", [])
                    ],
                    "example": "{" not in address,
                }
            )
    return operations


def api_root(request):
    """The API's documentation, from the OpenAPI document the portal serves.

    Outside i18n_patterns LocaleMiddleware always chooses Swedish (there is no /en/
    prefix to find), so the page takes the visitor's language itself: the one chosen
    with the header's language button (its cookie), else the browser's."""
    language = translation.get_language_from_request(request)
    with translation.override(language):
        schema = SchemaGenerator().get_schema(request=None, public=True)
        response = render(
            request, "api/root.html", {"schema": schema, "operations": _operations(schema)}
        )
    response["Content-Language"] = language
    patch_vary_headers(response, ["Accept-Language", "Cookie"])
    return response


def not_found(request, unmatched=""):
    """Any other address under /api/ (an id with a slash or a dot in it, a resource
    that does not exist): the API's JSON 404, never the site's HTML page."""
    return JsonResponse({"detail": "Not found."}, status=404)


app_name = "api"
urlpatterns = [
    path("", api_root, name="root"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    *router.urls,
    re_path(r"^(?P<unmatched>.*)$", not_found),
]
