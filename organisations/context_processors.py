from django.utils.functional import SimpleLazyObject

from .access import active_membership, user_memberships


def _active_theme(request):
    membership = active_membership(request)
    return membership.organisation.active_theme if membership else None


def organisation(request):
    """The active membership, the user's organisations and the active one's theme, fetched only when used."""
    return {
        "active_membership": SimpleLazyObject(lambda: active_membership(request)),
        "user_memberships": SimpleLazyObject(lambda: user_memberships(request)),
        "active_theme": SimpleLazyObject(lambda: _active_theme(request)),
    }
