"""Where am I: the trail from home to this page, with schema.org BreadcrumbList microdata.

{% load breadcrumbs %}
{% breadcrumbs district.name "districts:list" %}   Home › Districts › Gate District
{% breadcrumbs _("Glossary") %}                      Home › Glossary

The first argument is this page's name; the others name the sections above it, from the top.
"""

from django import template
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

register = template.Library()

SECTIONS = {
    "districts:list": _("Districts"),
    "projects:list": _("Project registry"),
    "projects:organisation-list": _("Organisations"),
}


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, current, *sections):
    trail = [(_("Home"), reverse("home"))]
    trail += [(SECTIONS[name], reverse(name)) for name in sections]
    items = [{"name": name, "url": url, "position": n} for n, (name, url) in enumerate(trail, start=1)]
    request = context.get("request")
    # A page not found has no address of its own to give.
    page_url = context.get("canonical_url") if request and request.resolver_match else None
    return {"items": items, "current": {"name": current, "position": len(items) + 1}, "page_url": page_url}
