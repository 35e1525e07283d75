"""Atom feed of recently updated published projects, one per language."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from .models import Project


class LatestProjectsFeed(Feed):
    feed_type = Atom1Feed
    items_shown = 30
    title = _("Alatau City: recently updated projects")
    subtitle = _("Projects of the Alatau City district registry, most recently updated first.")

    def link(self):
        return reverse("projects:list")

    def items(self):
        return Project.objects.published().recently_updated().select_related("district")[: self.items_shown]

    def item_title(self, project):
        return project.title

    def item_description(self, project):
        return f"{project.district.name}. {project.get_status_display()}. {project.summary}".strip()

    def item_updateddate(self, project):
        return project.updated_at

    def item_pubdate(self, project):
        return project.created_at
