from django.conf import settings


def site(request):
    """Expose the site's name and tagline to every template."""
    return {"site_name": settings.SITE_NAME, "site_tagline": settings.SITE_TAGLINE}
