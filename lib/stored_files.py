"""Stored documents (PDFs) in the "documents" storage, and serving them as downloads.

Apps store files they made once (a dossier PDF per content version, an annual
report) through ``storage()``, i.e. ``storages["documents"]`` (a directory under
DATA_DIR by default; every app server must see the same one). ``serve`` streams
such a file with an ETag and Last-Modified, and answers a matching
``If-None-Match`` / ``If-Modified-Since`` with 304 Not Modified.
"""

from django.core.files.storage import storages
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified, StreamingHttpResponse
from django.utils.http import content_disposition_header, http_date, parse_etags, parse_http_date_safe


def storage():
    return storages["documents"]


def _not_modified(request: HttpRequest, etag: str, last_modified) -> bool:
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match:
        # Weak comparison (RFC 9110 13.1.2): a proxy may have weakened our ETag.
        tags = {tag.removeprefix("W/") for tag in parse_etags(if_none_match)}
        return "*" in tags or etag in tags
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    return since is not None and last_modified is not None and int(last_modified.timestamp()) <= since


def _chunks(name: str, chunk_size: int = 64 * 1024):
    # The file is opened when the server starts sending and closed when it stops (or gives up):
    # a response that is never sent (a HEAD, a test) holds no open file.
    with storage().open(name, "rb") as file:
        while chunk := file.read(chunk_size):
            yield chunk


def serve(request: HttpRequest, name: str, *, filename: str, etag: str, last_modified, size: int) -> HttpResponse:
    """The stored file ``name`` as a streamed PDF attachment, or 304 when the client has this version."""
    quoted = f'"{etag}"'
    if _not_modified(request, quoted, last_modified):
        response = HttpResponseNotModified()
    else:
        response = StreamingHttpResponse(_chunks(name), content_type="application/pdf")
        response["Content-Disposition"] = content_disposition_header(True, filename)
        if size:
            response["Content-Length"] = str(size)
    response["ETag"] = quoted
    response["Cache-Control"] = "private, no-cache"
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified.timestamp())
    return response
