"""The log of API requests is kept for API_REQUEST_LOG_DAYS days: `manage.py prune_api_requests`."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from api.models import ApiRequest, Scope
from tests.api.conftest import issue

pytestmark = pytest.mark.django_db


def test_requests_older_than_the_setting_are_deleted_in_every_organisation(world, settings):
    settings.API_REQUEST_LOG_DAYS = 30
    now = timezone.now()
    kept, pruned = [], []
    for organisation, user in ((world.org_a, world.users["chef"]), (world.org_b, world.users["outsider"])):
        token = issue(organisation, user, [Scope.READ], name="log")[0]
        for days, bucket in ((31, pruned), (29, kept), (0, kept)):
            bucket.append(
                ApiRequest.objects.create(
                    token=token, at=now - datetime.timedelta(days=days), method="GET", path="/api/v1/kpis", status=200
                ).pk
            )
    call_command("prune_api_requests", verbosity=0)
    remaining = set(ApiRequest.objects.unscoped().values_list("pk", flat=True))
    assert set(kept) <= remaining and not set(pruned) & remaining

    call_command("prune_api_requests", "--days", "1", verbosity=0)
    assert set(ApiRequest.objects.unscoped().values_list("pk", flat=True)) == {kept[1], kept[3]}
    with pytest.raises(CommandError):
        call_command("prune_api_requests", "--days", "0")
