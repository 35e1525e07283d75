"""The admin side of pictures: a preview beside each image field, and a reminder to choose the files again
when a form comes back with errors (a browser never sends a file twice)."""

from django.contrib import messages
from django.contrib.admin.widgets import AdminFileWidget
from django.utils.translation import gettext_lazy as _

from .fields import PictureField


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


class PictureAdmin:
    """Mix into a ModelAdmin with picture fields, its own or its inlines'."""

    formfield_overrides = {PictureField: {"widget": PictureWidget}}

    def render_change_form(self, request, context, *args, **kwargs):
        if request.method == "POST" and request.FILES and context.get("errors"):
            messages.warning(
                request, _("The files you chose were not saved, as the form has errors: choose them again.")
            )
        return super().render_change_form(request, context, *args, **kwargs)


class PictureInline:
    formfield_overrides = {PictureField: {"widget": PictureWidget}}
