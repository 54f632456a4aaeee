from django.conf import settings

from passend.core.navigation import items_for


def navigation(request):
    return {
        "nav_items": items_for(request.user, request.path) if hasattr(request, "user") else [],
        "show_demo_logins": settings.PASSEND_SHOW_DEMO_LOGINS,
    }
