"""The key-figures dashboard and the lists behind its numbers."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.views.generic import TemplateView

from passend.core import audit
from passend.rapportage import selectors
from passend.rapportage.forms import FilterForm, filter_query
from passend.rapportage.grafiek import staafdiagram

SCOPE_VELDEN = (("deelverband", "deelverbanden"), ("schoolbestuur", "besturen"), ("school", "scholen"))


def rapport_filter(request):
    return filter_voor(request.user, request.GET)


def filter_voor(actor, query):
    """The partnership, the actor's reach in it, the filter form and, when valid, the Filter with
    the actor's own part applied, from a query string (the page's or the API's). A part outside
    the reach is refused (404, audited)."""
    partnerships = selectors.partnerships_for(actor)
    gevraagd = query.get("samenwerkingsverband", "")
    swv = next((s for s in partnerships if str(s.pk) == gevraagd), None) if gevraagd else None
    if swv is None and (gevraagd or not partnerships):
        audit.log_denied(reason="geen toegang tot kengetallen", object_type="rapportage.kengetallen")
        raise (Http404 if gevraagd else PermissionDenied)
    swv = swv or partnerships[0]
    reikwijdte = selectors.Reikwijdte(actor, swv)
    for veld, lijst in SCOPE_VELDEN:
        waarde = query.get(veld, "")
        if waarde and waarde not in {str(o.pk) for o in getattr(reikwijdte, lijst)}:
            audit.log_denied(reason="geen toegang tot deze kengetallen", object_type="rapportage.kengetallen")
            raise Http404
    vandaag = timezone.localdate()
    form = FilterForm(query or None, reikwijdte=reikwijdte, vandaag=vandaag)
    if not query:
        form = FilterForm({"schooljaar": form.fields["schooljaar"].initial}, reikwijdte=reikwijdte, vandaag=vandaag)
    if not form.is_valid():
        return swv, reikwijdte, form, None
    f = form.filter()
    eigen = {k: v for k, v in reikwijdte.standaard(actor).items() if not getattr(f, k)}
    return swv, reikwijdte, form, f.binnen(**eigen)


def _weigeren(fn, **kwargs):
    try:
        return fn(**kwargs)
    except PermissionDenied:
        raise Http404


class DashboardView(LoginRequiredMixin, TemplateView):
    template_name = "rapportage/dashboard.html"

    def get_context_data(self, **kwargs):
        swv, reikwijdte, form, f = rapport_filter(self.request)
        context = {"swv": swv, "form": form, "partnerships": selectors.partnerships_for(self.request.user)}
        if f is not None:
            k = _weigeren(selectors.kengetallen_lezen, actor=self.request.user, filter=f)
            context |= {
                "k": k,
                "figuren": [(figuur, staafdiagram(figuur)) for figuur in k.figuren],
                "filter_qs": urlencode(filter_query(f)),
            }
        return super().get_context_data(**context, **kwargs)


class LijstView(LoginRequiredMixin, TemplateView):
    template_name = "rapportage/lijst.html"

    def get_context_data(self, **kwargs):
        swv, reikwijdte, form, f = rapport_filter(self.request)
        if f is None:
            raise Http404
        filter_velden = set(FilterForm.base_fields) | {"samenwerkingsverband"}
        params = {k: v for k, v in self.request.GET.items() if k not in filter_velden}
        lijst = _weigeren(selectors.lijst_lezen, actor=self.request.user, filter=f, params=params)
        return super().get_context_data(swv=swv, lijst=lijst, f=f, filter_qs=urlencode(filter_query(f)), **kwargs)
