"""Settings `gunicorn wsgi:app` reads when started from the repository root, as `searchsvc serve` sets them."""

# Gunicorn refuses a request line over 4,094 bytes with an HTML 414 before the app sees it: a query of
# under 4,000 characters (queryparse.MAX_QUERY_CHARS), URL-encoded, is longer. The app answers longer
# ones with a JSON 400 saying to shorten them. 8,190 is the most gunicorn allows.
limit_request_line = 8190
