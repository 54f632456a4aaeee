from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

# Pages a signed-in professional can reach before completing two-factor authentication.
_OPEN_PREFIXES = ("/account/2fa/", "/account/uitloggen/", "/static/")


class TwoFactorRequiredMiddleware:
    """With PASSEND_REQUIRE_2FA on, a professional must pass TOTP before anything else.

    A user without a confirmed device is sent to enrolment, one with a device to
    verification. The API answers 403 instead of redirecting.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            settings.PASSEND_REQUIRE_2FA
            and user.is_authenticated
            and not user.is_verified()
            and user.is_professional
            and not request.path.startswith(_OPEN_PREFIXES)
        ):
            from django_otp.plugins.otp_totp.models import TOTPDevice

            if request.path.startswith("/api/"):
                from django.http import JsonResponse

                return JsonResponse({"detail": "Tweestapsverificatie is vereist."}, status=403)
            has_device = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
            target = "accounts:otp_verify" if has_device else "accounts:otp_setup"
            return redirect(f"{reverse(target)}?next={request.get_full_path()}")
        return self.get_response(request)
