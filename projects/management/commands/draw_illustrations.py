"""Give the districts and published projects that have no picture an illustration drawn from the registry's own
data (projects/illustrations.py), said to be one in its caption and credit: never a photograph."""

import io

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import BaseCommand
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from districts.models import District
from projects.illustrations import district_outline, project_card
from projects.models import Project, ProjectImage
from projects.templatetags.lifecycle import STAGES


def png(image):
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def alt_text(project):
    """What the project's status card shows, in the active language."""
    if project.status in STAGES:
        text = _(
            "Illustration: the five stages of a project as circles, the current one, “%(status)s”, highlighted; "
            "in a corner, the city's districts with %(district)s marked."
        )
    else:
        text = _(
            "Illustration: the five stages of a project as circles, none highlighted (its status, “%(status)s”, is "
            "not one of them); in a corner, the city's districts with %(district)s marked."
        )
    return text % {"status": project.get_status_display(), "district": project.district.name}


def district_alt_text(district):
    return _(
        "Illustration: the indicative outline of %(district)s among the city's districts, not a legal boundary."
    ) % {"district": district.name}


def credit():
    return _("Illustration: Alatau City registry, from its own data")


class Command(BaseCommand):
    help = (
        "Draw an illustration from the registry's own data for every district without a hero image (its outline "
        "among the city's districts) and every published project without images (its place in the lifecycle). "
        "Running it again draws nothing new."
    )

    def handle(self, *args, **options):
        districts = list(District.objects.all())
        # Synthetic benchmark projects may number 100,000: they get no pictures.
        projects = (
            Project.objects.published()
            .filter(is_synthetic=False, district__isnull=False, images__isnull=True)
            .select_related("district")
        )
        reason = _("Illustration drawn from the registry's own data")
        with transaction.atomic():
            drawn_districts = 0
            for district in districts:
                if district.hero_image:
                    continue
                district._change_reason = reason
                for code, _name in settings.LANGUAGES:
                    with translation.override(code):
                        setattr(district, f"hero_image_alt_{code}", district_alt_text(district))
                        setattr(district, f"hero_image_credit_{code}", credit())
                district.hero_image.save("outline.png", ContentFile(png(district_outline(district, districts))))
                drawn_districts += 1
            drawn_projects = 0
            for project in projects:
                image = ProjectImage(
                    project=project,
                    image=ContentFile(png(project_card(project, districts)), name="status.png"),
                    is_cover=True,
                )
                for code, _name in settings.LANGUAGES:
                    with translation.override(code):
                        setattr(image, f"alt_text_{code}", alt_text(project))
                        setattr(
                            image,
                            f"caption_{code}",
                            _("An illustration the registry drew from its own data, not a photograph."),
                        )
                        setattr(image, f"credit_{code}", credit())
                image._change_reason = reason
                image.save()
                drawn_projects += 1
        self.stdout.write(
            f"Drew {drawn_districts} district illustration(s) and {drawn_projects} project illustration(s)."
        )
