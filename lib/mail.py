"""One way to write an e-mail: subject and plain text (and optionally HTML) from templates, per recipient.

``<template>_subject.txt`` (folded to one line), ``<template>.txt`` and, with ``html=True``,
``<template>.html`` are rendered with the recipient's context in the recipient's language:
``language`` when the caller knows it (``accounts.language.language_of(user)``), else the
language the people with that address chose (``recipient_language``, registered by
accounts), else Dutch (an address without an account, such as a new invitation). Each
recipient gets a message of their own: addresses are never shared. Links in mails are
absolute, built from ``settings.SITE_URL``.
"""

from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, mailers
from django.template.loader import render_to_string
from django.utils import translation

from .extension_points import ExtensionPoint
from .language import DEFAULT as DEFAULT_LANGUAGE
from .language import supported

# How the language of an address is found (accounts: the Preference of the people with that address).
recipient_language: ExtensionPoint[Callable[[str], str | None]] = ExtensionPoint(
    "the language an e-mail address chose, or None"
)


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def language_of(address: str) -> str:
    """The language to write to ``address`` in (Dutch when nobody with it chose one)."""
    for lookup in recipient_language:
        if found := supported(lookup(address)):
            return found
    return DEFAULT_LANGUAGE


def build(template: str, address: str, context: dict, *, html: bool = False, language: str = "") -> EmailMessage:
    """The message ``template`` for ``address``, with ``context``, in ``language`` (default: the recipient's)."""
    with translation.override(supported(language) or language_of(address)):
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
