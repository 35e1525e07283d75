"""PictureField: an ImageField whose files are checked by content, cleaned, named by the portal and cut into
renditions when they are saved, and deleted with their record or when replaced."""

import secrets

from django import forms
from django.db import models, transaction
from django.db.models.fields.files import ImageFieldFile
from django.db.models.signals import post_delete
from django.utils.translation import gettext_lazy as _

from . import processing


class PictureNotStored(OSError):
    """The storage refused to write a picture or its renditions (a full or read-only disk)."""


class PictureFieldFile(ImageFieldFile):
    def save(self, name, content, save=True):
        prepared = content if isinstance(content, processing.PreparedImage) else processing.prepare(content)
        # The stored size is known: ImageField need not open the stored file again to read it.
        self.instance.__dict__[f"_{self.field.name}_size"] = (prepared.width, prepared.height)
        try:
            super().save(prepared.name, prepared, save=save)
            self.write_renditions(prepared.picture)
        except OSError as error:
            raise PictureNotStored(str(error)) from error

    save.alters_data = True

    def write_renditions(self, picture):
        for name, data in processing.draw_renditions(picture, self.name):
            self.storage.delete(name)  # a rebuild replaces a rendition; local storage would rename a new one
            self.storage.save(name, processing.ContentFile(data))

    def stored_renditions(self):
        """[(width, height, {extension: name})] smallest first, from the stored size alone (no file is opened)."""
        width, height = self.field.stored_size(self.instance)
        if not self.name or not width or not height:
            return []
        alpha = self.name.endswith(".png")
        return [
            (w, h, {extension: processing.rendition_name(self.name, w, extension) for extension in extensions})
            for w, h, extensions in processing.renditions(width, height, alpha=alpha)
        ]

    def renditions(self):
        """[(width, height, {extension: url})] smallest first."""
        url = self.storage.url
        return [(w, h, {ext: url(name) for ext, name in names.items()}) for w, h, names in self.stored_renditions()]

    def rendition_names(self):
        return [name for _w, _h, names in self.stored_renditions() for name in names.values()]


class PictureFormField(forms.ImageField):
    """Takes a JPEG, PNG or WebP file and cleans it while the form is validated: a refused file never reaches
    storage, and the error says why and that the file must be chosen again (a browser does not send it twice)."""

    def to_python(self, data):
        # An empty file is refused by prepare() with the same words as every other refusal.
        upload = data if getattr(data, "size", None) == 0 else forms.FileField.to_python(self, data)
        if upload is None:
            return None
        try:
            return processing.prepare(upload)
        except forms.ValidationError as error:
            raise forms.ValidationError(
                _("%(reason)s Nothing was saved: choose a file again."),
                code="image",
                params={"reason": error.message % error.params if error.params else error.message},
            ) from None


class PictureField(models.ImageField):
    attr_class = PictureFieldFile

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 200)
        kwargs.setdefault(
            "help_text",
            _("JPEG, PNG or WebP, at most 15 MB and 50 megapixels. Its metadata (camera, place) is removed."),
        )
        super().__init__(*args, **kwargs)

    def generate_filename(self, instance, filename):
        """The portal names the file, never the uploader: upload_to's dated folder and a random token."""
        extension = "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
        return super().generate_filename(instance, secrets.token_hex(12) + extension)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": PictureFormField, **kwargs})

    def stored_size(self, instance):
        if self.width_field and self.height_field:
            return getattr(instance, self.width_field), getattr(instance, self.height_field)
        return None, None

    def update_dimension_fields(self, instance, force=False, *args, **kwargs):
        known = instance.__dict__.pop(f"_{self.name}_size", None)
        if known and self.width_field and self.height_field:
            setattr(instance, self.width_field, known[0])
            setattr(instance, self.height_field, known[1])
        else:
            super().update_dimension_fields(instance, force, *args, **kwargs)

    def pre_save(self, instance, add):
        """A file replaced or cleared leaves storage once the change is committed, renditions and all."""
        file = super(models.FileField, self).pre_save(instance, add)
        former = None
        if instance.pk and (not file or not file._committed):
            former = type(instance)._base_manager.filter(pk=instance.pk).values_list(self.attname, flat=True).first()
        if file and not file._committed:
            file.save(file.name, file.file, save=False)
        if former and former != file.name:
            transaction.on_commit(lambda: self.delete_stored(former), using=instance._state.db)
        return file

    def delete_stored(self, name):
        """Delete a stored file and its renditions (the renditions' names follow from the stored file's)."""
        for rendition in self.storage_renditions(name):
            self.storage.delete(rendition)
        self.storage.delete(name)

    def storage_renditions(self, name):
        """The renditions stored beside a file: listed from its folder, as a file's former size is not known."""
        folder, _sep, filename = name.rpartition("/")
        stem = filename.rsplit(".", 1)[0] + "."
        try:
            _folders, files = self.storage.listdir(folder)
        except FileNotFoundError:
            return []  # the folder is gone, and its files with it
        return [f"{folder}/{file}" for file in files if file.startswith(stem) and file != filename]

    def contribute_to_class(self, cls, name, **kwargs):
        super().contribute_to_class(cls, name, **kwargs)
        if not cls._meta.abstract:
            post_delete.connect(self.delete_with_record, sender=cls, weak=False)

    def delete_with_record(self, sender, instance, **kwargs):
        name = getattr(instance, self.attname).name
        if name:
            transaction.on_commit(lambda: self.delete_stored(name), using=instance._state.db)
