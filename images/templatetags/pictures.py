from django import template

register = template.Library()


@register.inclusion_tag("includes/picture.html")
def picture(file, alt="", sizes="100vw", loading="lazy", css_class="", largest=None):
    """A responsive <picture> of a PictureField's file: its WebP renditions and a JPEG (or PNG) fallback, with
    width and height, so the page never loads the stored original. `largest` caps the widths offered."""
    renditions = offered(file, largest)
    if not renditions:
        return {"renditions": None}
    width, height, urls = renditions[-1]
    fallback = ".png" if ".png" in urls else ".jpg"
    return {
        "renditions": renditions,
        "webp_srcset": ", ".join(f"{urls['.webp']} {w}w" for w, _h, urls in renditions),
        "fallback_srcset": ", ".join(f"{urls[fallback]} {w}w" for w, _h, urls in renditions),
        "src": urls[fallback],
        "width": width,
        "height": height,
        "alt": alt,
        "sizes": sizes,
        "loading": loading,
        "css_class": css_class,
    }


@register.simple_tag
def picture_url(file, largest=None):
    """The URL of a file's largest JPEG (or PNG) rendition, at most `largest` wide: a link to see it large."""
    renditions = offered(file, largest)
    if not renditions:
        return ""
    urls = renditions[-1][2]
    return urls[".png"] if ".png" in urls else urls[".jpg"]


def offered(file, largest):
    renditions = file.renditions() if file else []
    if largest:
        renditions = [rendition for rendition in renditions if rendition[0] <= largest] or renditions[:1]
    return renditions
