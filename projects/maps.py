"""Projects on the map: a GeoJSON Point for each located published project (see districts/maps.py)."""

from django.utils.translation import gettext_lazy as _

from districts.maps import feature, point

INDICATIVE_PROJECT = _("Indicative location.")


def project_features(projects):
    """Points for the published projects among `projects` that have a location: one query."""
    located = projects.published().exclude(latitude=None).exclude(longitude=None).order_by("title", "pk")
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
