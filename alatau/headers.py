"""Permissions-Policy on every response: the browser features that the portal never uses are turned off.

Placed above WhiteNoise in MIDDLEWARE, so static files get it too, as do the media, the exports and errors.
"""

from django.conf import settings


def permissions_policy(features):
    """The header's value for {feature: allowed origins}; none turns the feature off."""
    return ", ".join(f"{feature}=({' '.join(allowed)})" for feature, allowed in features.items())


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.header = permissions_policy(settings.PERMISSIONS_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response
