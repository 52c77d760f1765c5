"""Evidence storage: the "evidence" alias, local by default, an S3-compatible store from STORAGE_URL."""

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from chefcirculair.settings import storage_from_url


def test_evidence_has_its_own_storage_alias_outside_the_web_root():
    evidence = settings.STORAGES["evidence"]
    assert evidence["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert str(settings.STATIC_ROOT) not in str(evidence["OPTIONS"]["location"])


def test_storage_url_becomes_a_private_s3_storage_per_alias(monkeypatch):
    monkeypatch.setenv("STORAGE_ACCESS_KEY_ID", "sleutel")
    monkeypatch.setenv("STORAGE_SECRET_ACCESS_KEY", "geheim")
    entry = storage_from_url("s3://bewijs/chefcirculair?endpoint_url=https://s3.example.nl&region_name=nl", "evidence")
    assert entry["BACKEND"] == "storages.backends.s3.S3Storage"
    options = entry["OPTIONS"]
    assert options["bucket_name"] == "bewijs"
    assert options["location"] == "chefcirculair/evidence"
    assert options["endpoint_url"] == "https://s3.example.nl" and options["region_name"] == "nl"
    assert options["default_acl"] == "private" and options["querystring_auth"] is True
    assert (options["access_key"], options["secret_key"]) == ("sleutel", "geheim")
    # The backend accepts every option it is given.
    from storages.backends.s3 import S3Storage

    storage = S3Storage(**options)
    assert storage.location == "chefcirculair/evidence"


@pytest.mark.parametrize("url", ["https://bucket/x", "s3:///zonder-bucket", "s3://b/x?onbekend=1"])
def test_a_wrong_storage_url_is_refused_clearly(url):
    with pytest.raises(ImproperlyConfigured):
        storage_from_url(url, "media")
