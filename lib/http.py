"""Small request helpers shared by the views of every app."""

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request: HttpRequest, default: str) -> str:
    """The request's ``next`` (form field, then query string) if it is a path on this site, else ``default``.

    Only a local path ("/…") is followed: another host, a protocol-relative ``//host`` and a scheme
    such as ``javascript:`` fall back to ``default``, and so does a bare word that ``redirect()`` would
    try to resolve as a URL name.
    """
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default
