"""The storage of evidence files: the "evidence" alias of settings.STORAGES (local folder or S3)."""

from django.core.files.storage import storages


def evidence_storage():
    return storages["evidence"]
