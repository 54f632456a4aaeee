from base64 import b32encode
from io import BytesIO
from urllib.parse import quote

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.generic import TemplateView
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from passend.accounts import selectors, services
from passend.accounts.forms import (
    GebruikerUitnodigenForm,
    LidmaatschapForm,
    LoginForm,
    NieuwWachtwoordForm,
    OtpTokenForm,
    WachtwoordVergetenForm,
)
from passend.core import audit
from passend.core.forms_util import apply_service_errors
from passend.core.services import require
from passend.organisaties.selectors import beheer_samenwerkingsverbanden


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response

    def get_context_data(self, **kwargs):
        from django.conf import settings

        from passend.core.demo import DEMO_PASSWORD, demo_logins

        context = super().get_context_data(**kwargs)
        if settings.PASSEND_SHOW_DEMO_LOGINS:
            context["demo_logins"] = demo_logins()
            context["demo_password"] = DEMO_PASSWORD
        return context


class LogoutView(auth_views.LogoutView):
    pass


def _safe_next(request, default="core:home"):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


class OtpSetupView(LoginRequiredMixin, TemplateView):
    """Enrolment: a new unconfirmed TOTP device, shown as a QR code, confirmed by a first code."""

    template_name = "accounts/otp_setup.html"

    def _device(self):
        device = TOTPDevice.objects.filter(user=self.request.user, confirmed=False).first()
        if device is None:
            device = TOTPDevice.objects.create(user=self.request.user, name="Authenticator-app", confirmed=False)
        return device

    def get(self, request, *args, **kwargs):
        if request.user.is_verified():
            return redirect(_safe_next(request))
        return self.render_to_response(self._context(self._device(), OtpTokenForm()))

    def post(self, request, *args, **kwargs):
        device = self._device()
        form = OtpTokenForm(request.POST)
        if form.is_valid():
            if services.otp_device_confirm(actor=request.user, device=device, token=form.cleaned_data["token"]):
                otp_login(request, device)
                messages.success(request, "Tweestapsverificatie is ingesteld.")
                return redirect(_safe_next(request))
            form.add_error(
                "token", "Deze code klopt niet. Controleer de tijd op uw telefoon en probeer de nieuwste code."
            )
        return self.render_to_response(self._context(device, form), status=400)

    def _context(self, device, form):
        from django.conf import settings

        secret = b32encode(device.bin_key).decode()
        label = quote(f"{settings.OTP_TOTP_ISSUER}:{self.request.user.email}")
        uri = f"otpauth://totp/{label}?secret={secret}&issuer={quote(settings.OTP_TOTP_ISSUER)}&digits=6&period=30"
        buffer = BytesIO()
        qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage).save(buffer)
        svg = buffer.getvalue().decode()
        svg = svg[svg.index("<svg") :].replace(
            "<svg", '<svg role="img" aria-label="QR-code voor uw authenticator-app"', 1
        )
        return self.get_context_data(
            form=form,
            qr_svg=svg,
            secret=" ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            next=_safe_next(self.request, ""),
        )


class OtpVerifyView(LoginRequiredMixin, TemplateView):
    template_name = "accounts/otp_verify.html"

    def get(self, request, *args, **kwargs):
        if request.user.is_verified():
            return redirect(_safe_next(request))
        return self.render_to_response(self.get_context_data(form=OtpTokenForm(), next=_safe_next(request, "")))

    def post(self, request, *args, **kwargs):
        form = OtpTokenForm(request.POST)
        if form.is_valid():
            for device in TOTPDevice.objects.filter(user=request.user, confirmed=True):
                if device.verify_token(form.cleaned_data["token"]):
                    otp_login(request, device)
                    audit.log(audit.Action.OTP_VERIFIED)
                    return redirect(_safe_next(request))
            audit.log(audit.Action.OTP_FAILED, result=audit.Result.FAILURE, reason="code onjuist")
            form.add_error("token", "Deze code klopt niet. Probeer de nieuwste code uit uw app.")
        return self.render_to_response(self.get_context_data(form=form, next=_safe_next(request, "")), status=400)


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    form_class = WachtwoordVergetenForm
    email_template_name = "accounts/email/wachtwoord_vergeten.txt"
    subject_template_name = "accounts/email/wachtwoord_vergeten_onderwerp.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Sets a new password but never signs in: the user logs in again, with 2FA."""

    template_name = "accounts/password_reset_confirm.html"
    form_class = NieuwWachtwoordForm
    post_reset_login = False
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        audit.log(audit.Action.PASSWORD_RESET, actor=form.user)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class ApiTokenView(LoginRequiredMixin, TemplateView):
    template_name = "accounts/api_token.html"

    def post(self, request, *args, **kwargs):
        if request.POST.get("actie") == "intrekken":
            services.api_token_revoke(actor=request.user)
            messages.success(request, "Uw API-token is ingetrokken.")
            return redirect("accounts:api_token")
        token = services.api_token_renew(actor=request.user)
        return self.render_to_response(self.get_context_data(new_token=token.key))

    def get_context_data(self, **kwargs):
        from rest_framework.authtoken.models import Token

        return super().get_context_data(has_token=Token.objects.filter(user=self.request.user).exists(), **kwargs)


# --- Beheer: users and their roles -------------------------------------------------------


class GebruikersBeheerMixin(LoginRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            require(request.user, "core.open_beheer")
        return super().dispatch(request, *args, **kwargs)

    def swv(self):
        swvs = list(beheer_samenwerkingsverbanden(actor=self.request.user))
        chosen = self.request.GET.get("swv") or self.request.POST.get("swv")
        return next((s for s in swvs if str(s.pk) == chosen), swvs[0]), swvs


class GebruikerListView(GebruikersBeheerMixin, TemplateView):
    template_name = "accounts/gebruiker_list.html"

    def get_context_data(self, **kwargs):
        zoek = self.request.GET.get("zoek", "").strip()[:100]
        return super().get_context_data(
            gebruikers=selectors.gebruiker_list(actor=self.request.user, zoek=zoek), zoek=zoek, **kwargs
        )


class GebruikerCreateView(GebruikersBeheerMixin, TemplateView):
    template_name = "accounts/gebruiker_form.html"

    def get(self, request, *args, **kwargs):
        swv, swvs = self.swv()
        return self.render_to_response(
            self.get_context_data(
                form=GebruikerUitnodigenForm(), rol_form=LidmaatschapForm(samenwerkingsverband=swv), swv=swv, swvs=swvs
            )
        )

    def post(self, request, *args, **kwargs):
        swv, swvs = self.swv()
        form = GebruikerUitnodigenForm(request.POST)
        rol_form = LidmaatschapForm(request.POST, samenwerkingsverband=swv)
        if form.is_valid() and rol_form.is_valid():
            try:
                lid = services.gebruiker_invite(
                    actor=request.user, samenwerkingsverband=swv, **form.cleaned_data, **rol_form.service_kwargs()
                )
                messages.success(request, f"{lid.user.naam} heeft de rol {lid.get_rol_display().lower()} gekregen.")
                return redirect("accounts:gebruiker_detail", pk=lid.user_id)
            except ValidationError as error:
                apply_service_errors(rol_form, error)
        return self.render_to_response(
            self.get_context_data(form=form, rol_form=rol_form, swv=swv, swvs=swvs), status=400
        )


class GebruikerDetailView(GebruikersBeheerMixin, TemplateView):
    """A user's roles in the actor's partnerships: add a role, or end one after confirming."""

    template_name = "accounts/gebruiker_detail.html"

    def get(self, request, *args, **kwargs):
        gebruiker, lidmaatschappen = selectors.gebruiker_get(actor=request.user, pk=self.kwargs["pk"])
        swv, swvs = self.swv()
        te_beeindigen = _lid(lidmaatschappen, request.GET.get("beeindig"))
        return self.render_to_response(
            self._context(gebruiker, lidmaatschappen, LidmaatschapForm(samenwerkingsverband=swv), te_beeindigen)
        )

    def post(self, request, *args, **kwargs):
        gebruiker, lidmaatschappen = selectors.gebruiker_get(actor=request.user, pk=self.kwargs["pk"])
        if "beeindig" in request.POST:
            lid = _lid(lidmaatschappen, request.POST["beeindig"])
            if lid is not None:
                try:
                    services.lidmaatschap_end(actor=request.user, lidmaatschap=lid)
                    messages.success(request, f"De rol {lid.get_rol_display().lower()} is beëindigd.")
                except ValidationError as error:
                    messages.error(request, " ".join(error.messages))
            return redirect("accounts:gebruiker_detail", pk=gebruiker.pk)
        swv, _ = self.swv()
        rol_form = LidmaatschapForm(request.POST, samenwerkingsverband=swv)
        if rol_form.is_valid():
            try:
                services.lidmaatschap_add(
                    actor=request.user, user=gebruiker, samenwerkingsverband=swv, **rol_form.service_kwargs()
                )
                messages.success(request, "De rol is toegevoegd.")
                return redirect("accounts:gebruiker_detail", pk=gebruiker.pk)
            except ValidationError as error:
                apply_service_errors(rol_form, error)
        return self.render_to_response(self._context(gebruiker, lidmaatschappen, rol_form, None), status=400)

    def _context(self, gebruiker, lidmaatschappen, rol_form, te_beeindigen):
        swv, swvs = self.swv()
        return self.get_context_data(
            gebruiker=gebruiker,
            lidmaatschappen=lidmaatschappen,
            rol_form=rol_form,
            te_beeindigen=te_beeindigen if te_beeindigen is not None and te_beeindigen.is_actief() else None,
            swv=swv,
            swvs=swvs,
        )


def _lid(lidmaatschappen, pk):
    return next((lid for lid in lidmaatschappen if str(lid.pk) == str(pk)), None)


class UitnodigingView(TemplateView):
    """Accept an invitation: choose a password. Open to anyone holding a valid link."""

    template_name = "accounts/uitnodiging.html"

    def dispatch(self, request, *args, **kwargs):
        from passend.accounts.invitations import user_for_token

        self.invited = user_for_token(kwargs["token"])
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        form = NieuwWachtwoordForm(self.invited) if self.invited else None
        return self.render_to_response(self.get_context_data(form=form, invited=self.invited))

    def post(self, request, *args, **kwargs):
        if self.invited is None:
            return self.render_to_response(self.get_context_data(form=None, invited=None), status=400)
        form = NieuwWachtwoordForm(self.invited, request.POST)
        if form.is_valid():
            services.invitation_accept(user=self.invited, password=form.cleaned_data["new_password1"])
            messages.success(request, "Uw wachtwoord is ingesteld. U kunt nu inloggen.")
            return redirect("accounts:login")
        return self.render_to_response(self.get_context_data(form=form, invited=self.invited), status=400)
