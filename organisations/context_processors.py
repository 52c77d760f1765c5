from django.utils.functional import SimpleLazyObject

from .access import active_membership, user_memberships


def organisation(request):
    """The active membership and the user's organisations, fetched only when used."""
    return {
        "active_membership": SimpleLazyObject(lambda: active_membership(request)),
        "user_memberships": SimpleLazyObject(lambda: user_memberships(request)),
    }
