"""The lifecycle bar of a project page: the five stages a project passes through, and where it stands.

{% load lifecycle %}
{% lifecycle project.status %}
"""

from dataclasses import dataclass

from django import template

from projects.models import Status

register = template.Library()

# OC4IDS's projectStatus codes in the order a project passes them; decommissioning, decommissioned and
# cancelled come after or instead of them, so they have no place on the bar.
STAGES = (Status.IDENTIFICATION, Status.PREPARATION, Status.IMPLEMENTATION, Status.COMPLETION, Status.MAINTENANCE)


@dataclass(frozen=True)
class Stage:
    label: str
    state: str
    """"done", "current", or "" for a stage still ahead (or when the status is not on the bar)."""


def stages(status):
    """[Stage] of the bar for a project with this status."""
    current = STAGES.index(status) if status in STAGES else None
    if current is None:
        return [Stage(stage.label, "") for stage in STAGES]
    return [
        Stage(stage.label, "done" if n < current else "current" if n == current else "")
        for n, stage in enumerate(STAGES)
    ]


@register.inclusion_tag("includes/lifecycle.html")
def lifecycle(status):
    return {"stages": stages(status), "status": Status(status), "on_the_bar": status in STAGES}
