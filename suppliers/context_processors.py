from django.utils.functional import SimpleLazyObject

from .access import supplier_account


def supplier(request):
    """The supplier account of the logged-in user (None for everyone else), fetched only when used."""
    return {"supplier_account": SimpleLazyObject(lambda: supplier_account(request))}
