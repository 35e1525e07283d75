from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Project registry")

    def ready(self):
        from .roles import sync_groups

        # After auth's own receiver has created the permissions (auth comes first in INSTALLED_APPS).
        post_migrate.connect(sync_groups, sender=self, dispatch_uid="projects.sync_groups")
