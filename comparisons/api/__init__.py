"""The read-only Content API at /api/v1/: published content as JSON, over the same QuerySets.

It spans every app, so it lives in the top one. django-ninja validates parameters and writes
the OpenAPI schema; `access.py` adds what every endpoint shares (optional keys, CORS, HEAD,
cache headers), `paging.py` the cursors, `schemas.py` the shapes, `views.py` the endpoints.
"""
