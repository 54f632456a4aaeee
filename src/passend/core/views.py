from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.generic import TemplateView

from passend.core import audit
from passend.core.forms import AuditFilterForm
from passend.core.models import AuditEvent
from passend.core.navigation import NAV
from passend.core.selectors import auditevent_list
from passend.core.services import require
from passend.leerlingen.selectors import kinderen_van, uitnodigingen_van
from passend.organisaties.selectors import beheer_samenwerkingsverbanden, scholen_van
from passend.trajecten.taken import taken_voor


class SectionView(LoginRequiredMixin, TemplateView):
    """A section of the main navigation; only roles that have it in their menu may open it."""

    url_name = ""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            item = next(item for item in NAV if item.url_name == self.url_name)
            if not request.user.rollen() & item.rollen:
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class HomeView(SectionView):
    url_name = "core:home"
    template_name = "core/home.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        taken = taken_voor(actor=user)
        return super().get_context_data(
            taken=taken,
            # The navigation's badge (context_processors.mijn_taken) counts the same tasks: no second count here.
            aantal_taken=len(taken),
            lidmaatschappen=user.actieve_lidmaatschappen,
            mijn_scholen=scholen_van(actor=user),
            mijn_kinderen=kinderen_van(actor=user) if "ouder" in user.rollen() else [],
            extern="extern" in user.rollen(),
            mijn_uitnodigingen=uitnodigingen_van(actor=user) if "extern" in user.rollen() else [],
            **kwargs,
        )


class BeheerView(LoginRequiredMixin, TemplateView):
    template_name = "core/beheer.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            require(request.user, "core.open_beheer")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        from passend.organisaties.kinds import KINDS

        return super().get_context_data(
            kinds=KINDS.values(),
            samenwerkingsverbanden=beheer_samenwerkingsverbanden(actor=self.request.user),
            **kwargs,
        )


class AuditLogView(BeheerView):
    template_name = "core/auditlog.html"

    def get(self, request, *args, **kwargs):
        form = AuditFilterForm(request.GET or None)
        if form.is_bound and not form.is_valid():
            # A filter that cannot be applied shows its message and no rows, never all rows.
            page = Paginator(AuditEvent.objects.none(), 50).get_page(1)
            return self.render_to_response(self.get_context_data(form=form, page=page, query=""), status=400)
        filters = {k: v for k, v in form.cleaned_data.items() if v} if form.is_bound else {}
        events = auditevent_list(actor=request.user, **filters)
        page = Paginator(events, 50).get_page(request.GET.get("pagina"))
        query = request.GET.copy()
        query.pop("pagina", None)
        return self.render_to_response(self.get_context_data(form=form, page=page, query=query.urlencode()))


def error_403(request, exception=None):
    return render(request, "errors/403.html", status=403)


def error_404(request, exception=None):
    return render(request, "errors/404.html", status=404)


def error_500(request):
    return render(request, "errors/500.html", status=500)


def csrf_failure(request, reason=""):
    audit.log_denied(reason="CSRF-controle mislukt", object_type="request")
    return render(request, "errors/403_csrf.html", status=403)
