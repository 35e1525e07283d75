"""The admin side of pictures: a preview beside each image field, a reminder to choose the files again
when a form comes back with errors (a browser never sends a file twice), and the form shown again, with nothing
saved, when the storage refuses to write an image."""

import logging

from django.contrib import messages
from django.contrib.admin.widgets import AdminFileWidget
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .fields import PictureField, PictureNotStored

logger = logging.getLogger(__name__)


class PictureWidget(AdminFileWidget):
    template_name = "images/picture_widget.html"  # in the app: form widgets are rendered by the form renderer

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        renditions = value.renditions() if self.is_initial(value) and hasattr(value, "renditions") else []
        if renditions:
            width, height, urls = renditions[0]
            shown = min(width, 240)
            context["widget"]["preview"] = {
                "url": urls[".webp"],
                "width": shown,
                "height": round(height * shown / width),
            }
        return context


def refused_as_not_stored(form_class):
    """The admin's form class, refusing every post: the images of this one could not be stored."""

    class NotStoredForm(form_class):
        def clean(self):
            super().clean()
            raise ValidationError(
                _(
                    "The image could not be stored (the media storage refused to write it), so nothing was saved: "
                    "your input is still in the form below. Try again later, or tell the site's administrator."
                ),
                code="picture_not_stored",
            )

    return NotStoredForm


class PictureAdmin:
    """Mix into a ModelAdmin with picture fields, its own or its inlines'."""

    formfield_overrides = {PictureField: {"widget": PictureWidget}}

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except PictureNotStored:
            # The admin saves in one transaction, which the error rolled back: nothing of the record was saved.
            # Show the form again with the editor's input, refused with the reason.
            logger.exception("An image could not be stored")
            request.picture_not_stored = True
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return refused_as_not_stored(form) if getattr(request, "picture_not_stored", False) else form

    def render_change_form(self, request, context, *args, **kwargs):
        if request.method == "POST" and request.FILES and context.get("errors"):
            messages.warning(
                request, _("The files you chose were not saved, as the form has errors: choose them again.")
            )
        return super().render_change_form(request, context, *args, **kwargs)


class PictureInline:
    formfield_overrides = {PictureField: {"widget": PictureWidget}}
