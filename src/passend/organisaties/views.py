from copy import copy

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.views.generic import TemplateView

from passend.core.forms_util import apply_service_errors
from passend.core.services import require
from passend.organisaties import selectors, services
from passend.organisaties.forms import SamenwerkingsverbandForm
from passend.organisaties.kinds import KINDS
from passend.organisaties.models import Deskundige, School, Voorziening


class PartialOnHtmxMixin:
    """A search through htmx gets only the results; without JavaScript, the whole page."""

    partial_template_name = ""

    def get_template_names(self):
        if getattr(self.request, "htmx", False):
            return [self.partial_template_name]
        return super().get_template_names()


class NetwerkView(PartialOnHtmxMixin, LoginRequiredMixin, TemplateView):
    """The covering network: every school, provision and expert of the actor's partnerships."""

    template_name = "organisaties/netwerk.html"
    partial_template_name = "organisaties/_netwerk_resultaten.html"

    def get_context_data(self, **kwargs):
        actor = self.request.user
        if not selectors.samenwerkingsverband_list(actor=actor).exists():
            raise PermissionDenied
        zoek = self.request.GET.get("zoek", "").strip()[:100]
        soort = self.request.GET.get("soort", "")
        soort = soort if soort in School.Soort.values else ""
        scholen = list(selectors.organisatie_list(actor=actor, model=School, zoek=zoek, soort=soort))
        voorzieningen = list(selectors.organisatie_list(actor=actor, model=Voorziening, zoek=zoek))
        deskundigen = list(selectors.organisatie_list(actor=actor, model=Deskundige, zoek=zoek))
        return super().get_context_data(
            zoek=zoek,
            soort=soort,
            soorten=School.Soort.choices,
            overzicht=None if self.request.htmx else selectors.netwerk_overzicht(actor=actor),
            scholen=scholen,
            voorzieningen=voorzieningen,
            deskundigen=deskundigen,
            aantal=len(scholen) + len(voorzieningen) + len(deskundigen),
            **kwargs,
        )


class SchoolDetailView(LoginRequiredMixin, TemplateView):
    template_name = "organisaties/school_detail.html"

    def get_context_data(self, **kwargs):
        school = selectors.organisatie_get(actor=self.request.user, model=School, pk=self.kwargs["pk"])
        return super().get_context_data(school=school, voorzieningen=school.voorzieningen.all(), **kwargs)


class BeheerMixin(LoginRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            require(request.user, "core.open_beheer")
            self.kind = KINDS.get(kwargs.get("kind"))
            if "kind" in kwargs and self.kind is None:
                raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        kwargs["kind"] = getattr(self, "kind", None)
        return super().get_context_data(**kwargs)


class BeheerListView(PartialOnHtmxMixin, BeheerMixin, TemplateView):
    template_name = "organisaties/beheer_list.html"
    partial_template_name = "organisaties/_beheer_resultaten.html"

    def get_context_data(self, **kwargs):
        zoek = self.request.GET.get("zoek", "").strip()[:100]
        objects = selectors.organisatie_list(actor=self.request.user, model=self.kind.model, zoek=zoek, manage=True)
        rows = [(obj, [_cell(obj, attr) for _, attr in self.kind.columns]) for obj in objects]
        return super().get_context_data(rows=rows, zoek=zoek, **kwargs)


def _cell(obj, attr):
    value = getattr(obj, attr)
    return value() if callable(value) else value


class BeheerFormView(BeheerMixin, TemplateView):
    """Create (no pk) or change (pk) one organisation of a kind."""

    template_name = "organisaties/beheer_form.html"

    def get_instance(self):
        if "pk" not in self.kwargs:
            return None
        return selectors.organisatie_get(
            actor=self.request.user, model=self.kind.model, pk=self.kwargs["pk"], manage=True
        )

    def get_samenwerkingsverband(self, instance):
        if instance is not None:
            return instance.samenwerkingsverband
        swvs = list(selectors.beheer_samenwerkingsverbanden(actor=self.request.user))
        chosen = self.request.GET.get("swv") or self.request.POST.get("swv")
        return next((s for s in swvs if str(s.pk) == chosen), swvs[0])

    def get(self, request, *args, **kwargs):
        instance = self.get_instance()
        swv = self.get_samenwerkingsverband(instance)
        form = self.kind.form(instance=instance, samenwerkingsverband=swv)
        return self.render_to_response(self.get_context_data(form=form, instance=instance, swv=swv))

    def post(self, request, *args, **kwargs):
        instance = self.get_instance()
        swv = self.get_samenwerkingsverband(instance)
        # The form writes the submitted values onto its instance; keep `instance` as stored
        # for the page heading when the change is refused.
        form = self.kind.form(request.POST, instance=copy(instance), samenwerkingsverband=swv)
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in form.fields}
            try:
                if instance is None:
                    saved = services.organisatie_create(
                        actor=request.user, model=self.kind.model, samenwerkingsverband=swv, data=data
                    )
                    messages.success(request, f"{self.kind.label.capitalize()} ‘{saved}’ is toegevoegd.")
                else:
                    saved = services.organisatie_update(actor=request.user, instance=instance, data=data)
                    messages.success(request, f"{self.kind.label.capitalize()} ‘{saved}’ is opgeslagen.")
                return redirect("organisaties:beheer_list", kind=self.kind.slug)
            except ValidationError as error:
                apply_service_errors(form, error)
        return self.render_to_response(self.get_context_data(form=form, instance=instance, swv=swv), status=400)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            samenwerkingsverbanden=selectors.beheer_samenwerkingsverbanden(actor=self.request.user),
            **kwargs,
        )


class SamenwerkingsverbandFormView(BeheerMixin, TemplateView):
    template_name = "organisaties/samenwerkingsverband_form.html"

    def get_object(self):
        return selectors.organisatie_get(
            actor=self.request.user, model=selectors.Samenwerkingsverband, pk=self.kwargs["pk"], manage=True
        )

    def get(self, request, *args, **kwargs):
        swv = self.get_object()
        return self.render_to_response(self.get_context_data(form=SamenwerkingsverbandForm(instance=swv), swv=swv))

    def post(self, request, *args, **kwargs):
        swv = self.get_object()
        form = SamenwerkingsverbandForm(request.POST, instance=copy(swv))
        if form.is_valid():
            try:
                services.samenwerkingsverband_update(
                    actor=request.user, samenwerkingsverband=swv, data=form.cleaned_data
                )
                messages.success(request, "De gegevens van het samenwerkingsverband zijn opgeslagen.")
                return redirect("core:beheer")
            except ValidationError as error:
                apply_service_errors(form, error)
        return self.render_to_response(self.get_context_data(form=form, swv=swv), status=400)
