from django.conf import settings


def site(request):
    """Expose the site's name and tagline, and whether it is read-only, to every template."""
    return {
        "site_name": settings.SITE_NAME,
        "site_tagline": settings.SITE_TAGLINE,
        "read_only": settings.COMPENDIUM_READ_ONLY,
    }
