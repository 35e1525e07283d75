from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class DistrictsConfig(AppConfig):
    name = "districts"
    verbose_name = _("City and sources")

    def ready(self):
        from .versioning import install_triggers

        # After every migrate, once all apps' tables are in place.
        post_migrate.connect(install_triggers, sender=self, dispatch_uid="districts.install_triggers")
