"""Projects on the map: a GeoJSON Point for each located published project (see districts/maps.py)."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from districts.maps import feature, point

INDICATIVE_PROJECT = _("Indicative location.")


# A map shows at most this many project points, so that a page's size does not grow with the registry.
MAP_POINTS = 100


def project_features(projects, limit=MAP_POINTS):
    """Points for the first `limit` published projects among `projects` that have a location (flagships
    first, then by title): one query."""
    located = (
        projects.published()
        .exclude(latitude=None)
        .exclude(longitude=None)
        .order_by("-is_flagship", "title", "pk")[:limit]
    )
    return [
        feature(
            point(project),
            kind="project",
            name=project.title,
            url=project.get_absolute_url(),
            status=project.get_status_display(),
            indicative=project.location_is_indicative,
            note=INDICATIVE_PROJECT if project.location_is_indicative else "",
        )
        for project in located
    ]


def registry_link(district):
    """Where a district leads on its own page's map: the registry filtered to it, as a (url, title) pair."""
    url = f"{reverse('projects:list')}?{urlencode({'district': district.slug})}"
    return url, gettext("Projects in %(district)s") % {"district": district.name}
