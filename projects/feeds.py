"""Atom feeds of recently updated published projects, in the URL's language: /<lang>/projects/feed/ takes the
registry's parameters (?district=gate, ?status=…, ?q=…), so that there is a feed for every list the registry
shows. The registry page and the district pages name theirs in their heads."""

import re

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .filters import filterset_for_machines
from .history import SETTLES, public_changes_of
from .models import Project

# XML 1.0 cannot hold these: searched words that contain one (?q=%1B) would make the feed fail to render.
NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class LatestProjectsFeed(Feed):
    feed_type = Atom1Feed
    items_shown = 30
    subtitle = _("Projects of the Alatau City district registry, most recently updated first.")
    description_template = "projects/feed_entry.html"

    def __call__(self, request, *args, **kwargs):
        filterset, refusal = filterset_for_machines(request, Project.objects.published())
        return refusal or super().__call__(request, *args, filterset=filterset, **kwargs)

    def get_object(self, request, *, filterset):
        return filterset

    def title(self, filterset):
        if words := NOT_IN_XML.sub("", filterset.in_words()):
            return gettext("Alatau City: recently updated projects — %(filters)s") % {"filters": words}
        return gettext("Alatau City: recently updated projects")

    def link(self, filterset):
        """The registry page that lists these projects."""
        return reverse("projects:list") + filterset.query_string()

    def feed_url(self, filterset):
        return filterset.feed_url()

    def items(self, filterset):
        # A feed's order, whatever the registry's `ordering` says.
        projects = list(filterset.qs.select_related("district").recently_updated()[: self.items_shown])
        changes = public_changes_of(projects)
        for project in projects:
            # What its last update changed, when the history knows (an edit of a description is not listed there).
            project.latest_changes = [
                change for change in changes[project.pk] if abs(change.when - project.updated_at) <= SETTLES
            ]
        return projects

    def get_context_data(self, **kwargs):
        return {"project": kwargs["item"]}

    # An entry's id is its project's address in the feed's language (Django's default): the same after every edit.

    def item_title(self, project):
        return project.title

    def item_updateddate(self, project):
        return project.updated_at

    def item_pubdate(self, project):
        return project.created_at
