"""One way to write an e-mail: subject and plain text (and optionally HTML) from templates, per recipient.

``<template>_subject.txt`` (folded to one line), ``<template>.txt`` and, with ``html=True``,
``<template>.html`` are rendered with the recipient's context in their language (Dutch, the
only language the app speaks so far). Each recipient gets a message of their own: addresses are
never shared. Links in mails are absolute, built from ``settings.SITE_URL``.
"""

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, mailers
from django.template.loader import render_to_string
from django.utils import translation

DEFAULT_LANGUAGE = "nl"


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def build(template: str, address: str, context: dict, *, html: bool = False, language: str = "") -> EmailMessage:
    """The message ``template`` for ``address``, rendered with ``context`` in ``language`` (default Dutch)."""
    with translation.override(language or DEFAULT_LANGUAGE):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        message = EmailMultiAlternatives(
            subject, render_to_string(f"{template}.txt", context), settings.DEFAULT_FROM_EMAIL, [address]
        )
        if html:
            message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    return message


def send(messages: Iterable[EmailMessage]) -> int:
    """Send ``messages`` over one connection; returns how many there were."""
    messages = list(messages)
    if messages:
        mailers.default.send_messages(messages)
    return len(messages)
