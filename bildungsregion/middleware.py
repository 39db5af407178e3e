"""Response headers Django does not set itself."""

from django.conf import settings

# Features the portal never uses; a browser then refuses them to any script on its pages.
# Its own pages may ask for the visitor's position ("Standort verwenden" of the radius search,
# static/js/geolocation.js); embedding pages and frames may not. Only features of the current
# Permissions Policy registry: FLoC's "interest-cohort" is gone from it (and from the browsers),
# and Chromium warns about a header that names an unknown feature.
DEFAULT_PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), encrypted-media=(), "
    "fullscreen=(self), geolocation=(self), gyroscope=(), magnetometer=(), microphone=(), "
    "midi=(), payment=(), picture-in-picture=(), publickey-credentials-get=(), "
    "screen-wake-lock=(), sync-xhr=(), usb=(), xr-spatial-tracking=()"
)


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.value = getattr(settings, "PERMISSIONS_POLICY", DEFAULT_PERMISSIONS_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.value)
        return response
