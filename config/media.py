"""Object storage for media, from the environment: the options of django-storages' S3 backend.

https://django-storages.readthedocs.io/en/latest/backends/amazon-S3.html
"""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured


def s3_media_options(environ, cdn=""):
    """Return the S3 storage's options from the usual AWS variables and `cdn` (URL or host).

    Files are public and named once: their URLs carry no signature, so a page cached for an
    hour still shows its images, and an upload never replaces another file of the same name.
    """
    bucket = environ.get("AWS_STORAGE_BUCKET_NAME", "").strip()
    if not bucket:
        raise ImproperlyConfigured(
            "COMPENDIUM_MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME (and, outside AWS, "
            "AWS_S3_ENDPOINT_URL)."
        )
    endpoint = environ.get("AWS_S3_ENDPOINT_URL", "").strip().rstrip("/")
    region = environ.get("AWS_S3_REGION_NAME", "").strip() or None
    options = {
        "bucket_name": bucket,
        "region_name": region,
        "endpoint_url": endpoint or None,
        # None: boto3 finds the keys itself (environment, instance role, ~/.aws).
        "access_key": environ.get("AWS_ACCESS_KEY_ID") or None,
        "secret_key": environ.get("AWS_SECRET_ACCESS_KEY") or None,
        "location": environ.get("AWS_LOCATION", "").strip("/"),
        "querystring_auth": False,
        "file_overwrite": False,
        # Public through the bucket policy (`media_bucket --create`), not per-object ACLs,
        # which new Amazon buckets refuse.
        "default_acl": None,
        # Renditions and uploads never change under their name: browsers and CDNs keep them.
        "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
    }
    # URLs are built from a known host (no signing work per image, and a host the CSP names):
    # the CDN's, or the S3-compatible server's with the bucket in the path, or Amazon's.
    if endpoint:
        options["addressing_style"] = "path"
    if cdn:
        parts = urlsplit(cdn if "://" in cdn else f"https://{cdn}")
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ImproperlyConfigured(
                f"COMPENDIUM_MEDIA_CDN is {cdn!r}; give a URL such as https://media.example.com."
            )
        options["custom_domain"] = parts.netloc + parts.path.rstrip("/")
        options["url_protocol"] = f"{parts.scheme}:"
    elif endpoint:
        parts = urlsplit(endpoint)
        options["custom_domain"] = f"{parts.netloc}{parts.path}/{bucket}"
        options["url_protocol"] = f"{parts.scheme}:"
    else:
        host = f"{bucket}.s3.{region}.amazonaws.com" if region else f"{bucket}.s3.amazonaws.com"
        options["custom_domain"] = host
    return options


def media_origin(options):
    """Return the origin readers load media from (scheme://host[:port]), for the CSP."""
    host = options["custom_domain"].split("/", 1)[0]
    return f"{options.get('url_protocol', 'https:')}//{host}"
