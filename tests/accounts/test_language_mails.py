"""E-mails speak their recipient's language: the person's choice, else (an address without one) Dutch.

Uses a few strings of the English catalogue (locale/en/LC_MESSAGES/django.po).
"""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from accounts.models import Preference
from lib import mail

pytestmark = pytest.mark.django_db


def choose(user, language: str) -> None:
    Preference.objects.update_or_create(user=user, defaults={"language": language})


def test_review_mails_go_out_in_each_recipients_language(world, mailoutbox, django_capture_on_commit_callbacks):
    from procurement import notifications
    from procurement.models import PhaseRecord

    record = PhaseRecord.objects.select_related("phase", "trajectory").get(
        trajectory=world.review_trajectory_a, phase__slug="startoverleg"
    )
    with django_capture_on_commit_callbacks(execute=True):
        notifications.notify_phase_offered(record, world.users["inkoper"])
    (dutch,) = mailoutbox
    assert dutch.subject.startswith("Ter beoordeling: ") and '<html lang="nl">' in dutch.alternatives[0].content
    mailoutbox.clear()
    choose(world.users["chef"], "en")
    with django_capture_on_commit_callbacks(execute=True):
        notifications.notify_phase_offered(record, world.users["inkoper"])
    (english,) = mailoutbox
    assert english.to == [world.users["chef"].email]
    assert english.subject.startswith("For review: ") and '<html lang="en">' in english.alternatives[0].content
    assert translation.get_language() != "en"  # the mail's language did not leak out


def test_a_mail_to_an_address_speaks_the_language_chosen_with_it(world):
    assert mail.language_of(world.users["chef"].email) == "nl"
    choose(world.users["chef"], "en")
    assert mail.language_of(world.users["chef"].email) == "en"
    assert mail.language_of(world.users["chef"].email.upper()) == "en"
    assert mail.language_of("nog-geen-account@example.org") == "nl"  # e.g. an invitation


def test_a_password_reset_mail_speaks_the_language_of_the_page_without_a_choice(client, world, mailoutbox):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.post(reverse("password_reset"), {"email": world.users["lezer"].email})
    (message,) = mailoutbox
    assert '<html lang="en">' in message.alternatives[0].content
    choose(world.users["lezer"], "nl")  # a stored choice wins
    mailoutbox.clear()
    client.post(reverse("password_reset"), {"email": world.users["lezer"].email})
    (message,) = mailoutbox
    assert '<html lang="nl">' in message.alternatives[0].content
