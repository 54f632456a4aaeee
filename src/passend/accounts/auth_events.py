"""Authentication events for the audit log.

Django and django-axes announce logins, logouts, failed logins and lockouts only through
signals, so these receivers are the one place where those events are written.
"""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from passend.core import audit


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    audit.log(audit.Action.LOGIN, actor=user)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit.log(audit.Action.LOGOUT, actor=user)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    from passend.accounts.models import User

    attempted = (credentials or {}).get("username", "")[:200]
    known = User.objects.filter(email__iexact=attempted).first() if attempted else None
    audit.log(
        audit.Action.LOGIN_FAILED,
        actor=known,
        actor_label=attempted if known is None else "",
        result=audit.Result.FAILURE,
    )


@receiver(user_locked_out)
def _locked_out(sender, request, username=None, ip_address=None, **kwargs):
    from passend.accounts.models import User

    known = User.objects.filter(email__iexact=username).first() if username else None
    audit.log(
        audit.Action.LOCKOUT,
        actor=known,
        actor_label=(username or "")[:200] if known is None else "",
        result=audit.Result.DENIED,
        reason="te veel mislukte inlogpogingen",
    )
