from functools import cache

from django.conf import settings

from passend.core.navigation import items_for


def navigation(request):
    return {
        "nav_items": items_for(request.user, request.path) if hasattr(request, "user") else [],
        "show_demo_logins": settings.PASSEND_SHOW_DEMO_LOGINS,
    }


def mijn_taken(request):
    """The number next to "Mijn taken" in the navigation, for a logged-in user only.

    Lazy: counted once, and only when a page draws the navigation. A view that already lists
    the tasks (the home page) passes its own `aantal_taken`, which takes precedence."""
    user = getattr(request, "user", None)
    if not getattr(user, "is_authenticated", False):
        return {}
    from passend.trajecten.taken import aantal_taken

    return {"aantal_taken": cache(lambda: aantal_taken(actor=user))}
