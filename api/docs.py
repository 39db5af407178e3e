"""The API's description: the OpenAPI 3 schema (/api/v1/schema/), the documentation page that
is rendered from it (/api/v1/dokumentation/) and the index of the API (/api/v1/).

The documentation is a page of the portal, made from the schema in a Django template: the
Swagger UI and Redoc of drf-spectacular-sidecar do not work under the portal's CSP without
'unsafe-inline' (both were tried in chromium with ``style-src 'self'``: Redoc's styled
components inject ``<style>`` elements and render nothing but an error; Swagger UI applies an
inline style, and drf-spectacular's page around it has an inline ``<style>``), and both are
English-only and not built for WCAG 2.1 AA.
"""

import functools

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from bildungsregion.links import absolute_url

from . import conditional
from .views import MAX_PAGE_SIZE, PAGE_SIZE, PublicApiView

# The collections in the order the documentation shows them: (URL name, key in the index).
COLLECTIONS = (
    ("api:offer-list", "angebote"),
    ("api:event-list", "veranstaltungen"),
    ("api:actor-list", "akteure"),
    ("api:region-list", "regionen"),
    ("api:place-list", "plaetze"),
)


@functools.cache
def openapi_schema(language="de"):
    """The OpenAPI 3 description of the API, generated once per process and language (it
    follows from the code alone). Served in German, the language of the data; the
    documentation page shows it in the visitor's language."""
    with translation.override(language):
        return SchemaGenerator().get_schema(request=None, public=True)


class SchemaView(SpectacularAPIView):
    """/api/v1/schema/: YAML, or JSON with ``?format=json``."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [conditional.ClientThrottle]

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        return Response(openapi_schema())

    def throttled(self, request, wait):
        raise conditional.Refused(wait)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        return conditional.allow_any_origin(response)


@extend_schema(exclude=True)
class Index(PublicApiView):
    """/api/v1/: where the collections, the schema and the documentation are."""

    def get(self, request):
        links = {key: absolute_url(reverse(name), request) for name, key in COLLECTIONS}
        links["schema"] = absolute_url(reverse("api:schema"), request)
        links["dokumentation"] = absolute_url(reverse("api:documentation"), request)
        return Response(links)


index = Index.as_view()


def _resolve(schema, node):
    """``node`` with its ``$ref`` (if any) followed, and the component's name."""
    ref = node.get("$ref")
    if ref is None:
        return node, None
    name = ref.rsplit("/", 1)[1]
    return schema["components"]["schemas"][name], name


def _type_label(schema, node):
    """How the documentation names a value's type: "Text", "Zahl", "Liste von Region" …
    and the component it refers to (or None)."""
    node, name = _resolve(schema, node)
    if name is not None and node.get("type", "object") == "object":
        return name, name
    if "allOf" in node:
        return _type_label(schema, node["allOf"][0])
    kind = node.get("type", "object")
    if kind == "array":
        label, ref = _type_label(schema, node["items"])
        return _("Liste von %(type)s") % {"type": label}, ref
    labels = {
        "string": _("Text"),
        "integer": _("ganze Zahl"),
        "number": _("Zahl"),
        "boolean": _("ja/nein (true/false)"),
        "object": _("Objekt"),
    }
    formats = {
        "date": _("Datum (JJJJ-MM-TT)"),
        "date-time": _("Zeitpunkt (ISO 8601)"),
        "uri": _("Adresse (URL)"),
        "decimal": _("Dezimalzahl als Text"),
        "double": _("Zahl"),
    }
    return formats.get(node.get("format"), labels.get(kind, kind)), None


def _fields(schema, component):
    node = schema["components"]["schemas"][component]
    required = set(node.get("required", ()))
    fields = []
    for name, prop in node.get("properties", {}).items():
        label, ref = _type_label(schema, prop)
        target, _ref_name = _resolve(schema, prop)
        nullable = prop.get("nullable") or target.get("nullable") or "allOf" in prop
        fields.append(
            {
                "name": name,
                "type": label,
                "ref": ref,
                "nullable": bool(nullable),
                "required": name in required,
                "description": prop.get("description") or target.get("description", ""),
            }
        )
    return fields


def _parameters(schema, operation):
    parameters = []
    for parameter in operation.get("parameters", ()):
        node = parameter.get("schema", {})
        label, _ref = _type_label(schema, node)
        options = node.get("enum") or (node.get("items") or {}).get("enum") or []
        parameters.append(
            {
                "name": parameter["name"],
                "where": {"query": _("Abfrage"), "path": _("Pfad")}.get(parameter["in"], ""),
                "type": label,
                "options": [option for option in options if option not in ("", None)],
                "description": parameter.get("description", "").strip(),
            }
        )
    return parameters


def _item_component(schema, operation):
    """The component of one entry of a list or of a detail answer."""
    body = operation["responses"]["200"]["content"]["application/json"]["schema"]
    node, name = _resolve(schema, body)
    results = node.get("properties", {}).get("ergebnisse")
    if results is not None:
        return _resolve(schema, results["items"])[1]
    return name


@functools.cache
def documentation_sections(language):
    """For each collection: its list and detail operations with their parameters, and the
    fields of its entries; then the objects those entries contain (in ``language``)."""
    with translation.override(language):
        return _sections(openapi_schema(language))


def _sections(schema):
    sections, nested = [], []
    for name, key in COLLECTIONS:
        list_path = reverse(name)
        detail_path = list_path + "{id}/"
        operations = []
        for path in (list_path, detail_path):
            operation = schema["paths"][path]["get"]
            operations.append(
                {
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": _parameters(schema, operation),
                }
            )
        component = _item_component(schema, schema["paths"][list_path]["get"])
        fields = _fields(schema, component)
        sections.append(
            {
                "key": key,
                "title": schema["paths"][list_path]["get"]["tags"][0],
                "operations": operations,
                "component": component,
                "fields": fields,
            }
        )
        pending = [field["ref"] for field in fields if field["ref"]]
        while pending:
            ref = pending.pop(0)
            if ref in (item["component"] for item in nested):
                continue
            inner = _fields(schema, ref)
            nested.append({"component": ref, "fields": inner})
            pending += [field["ref"] for field in inner if field["ref"]]
    return sections, nested


def documentation(request):
    sections, nested = documentation_sections(translation.get_language())
    return render(
        request,
        "api/documentation.html",
        {
            "sections": sections,
            "nested": nested,
            "api_url": absolute_url(reverse("api:index"), request),
            "schema_url": reverse("api:schema"),
            "example_url": absolute_url(reverse("api:offer-list"), request)
            + "?q=Sprachkurs&region=stade",
            "page_size": PAGE_SIZE,
            "max_page_size": MAX_PAGE_SIZE,
            "limit": settings.API_LIMIT_PER_CLIENT,
            "window_minutes": settings.THROTTLE_WINDOW_SECONDS // 60,
        },
    )
