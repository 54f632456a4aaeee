"""The annual report as a background export: asking for it, following its progress (htmx polling),
downloading it, and the list of one's own exports."""

from __future__ import annotations

import hashlib

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from passend.core import audit
from passend.rapportage import export_selectors, jaarverslag, selectors, services
from passend.rapportage.filters import schooljaar_tekst
from passend.rapportage.models import Rapportexport

SCOPE_VELDEN = (("deelverband", "deelverbanden"), ("schoolbestuur", "besturen"), ("school", "scholen"))


class JaarverslagForm(forms.Form):
    schooljaar = forms.TypedChoiceField(label="Schooljaar", coerce=int)
    soort = forms.ChoiceField(
        label="Bestand",
        choices=[
            (Rapportexport.Soort.PDF, "PDF (om te lezen en te delen)"),
            (Rapportexport.Soort.XLSX, "Excel-werkboek (om verder te rekenen)"),
        ],
        widget=forms.RadioSelect,
        initial=Rapportexport.Soort.PDF,
    )

    def __init__(self, *args, vandaag, **kwargs):
        super().__init__(*args, **kwargs)
        jaren = jaarverslag.schooljaren(vandaag)
        self.fields["schooljaar"].choices = [(j, schooljaar_tekst(j)) for j in jaren]
        # A finished year is what an annual report is usually about.
        self.fields["schooljaar"].initial = jaren[1]


def _partnership(request, data):
    """The partnership asked for (or the first the actor may report on) and the actor's reach in it;
    refused (audited) when they may report on none, or on a part they asked for outside their reach."""
    partnerships = selectors.partnerships_for(request.user)
    gevraagd = data.get("samenwerkingsverband", "")
    swv = next((s for s in partnerships if str(s.pk) == gevraagd), None) if gevraagd else None
    if swv is None and (gevraagd or not partnerships):
        audit.log_denied(reason="geen toegang tot kengetallen", object_type="rapportage.kengetallen")
        raise Http404 if gevraagd else PermissionDenied
    swv = swv or partnerships[0]
    reikwijdte = selectors.Reikwijdte(request.user, swv)
    scope = {}
    for veld, lijst in SCOPE_VELDEN:
        waarde = data.get(veld, "")
        if waarde and waarde not in {str(o.pk) for o in getattr(reikwijdte, lijst)}:
            audit.log_denied(reason="geen toegang tot deze kengetallen", object_type="rapportage.kengetallen")
            raise Http404
        if waarde:
            scope[f"{veld}_id"] = int(waarde)
    return swv, partnerships, scope


class JaarverslagView(LoginRequiredMixin, View):
    """Ask for the annual report of a school year; the file is made in the background."""

    template_name = "rapportage/jaarverslag_aanvragen.html"

    def get(self, request):
        swv, partnerships, scope = _partnership(request, request.GET)
        form = JaarverslagForm(vandaag=timezone.localdate())
        return self._pagina(request, swv, partnerships, scope, form)

    def post(self, request):
        swv, partnerships, scope = _partnership(request, request.POST)
        form = JaarverslagForm(request.POST, vandaag=timezone.localdate())
        if form.is_valid():
            try:
                export = services.rapportexport_aanvragen(
                    actor=request.user,
                    samenwerkingsverband=swv,
                    schooljaar=form.cleaned_data["schooljaar"],
                    soort=form.cleaned_data["soort"],
                    **scope,
                )
            except PermissionDenied:
                raise Http404
            except ValidationError as fout:
                for veld, meldingen in fout.message_dict.items():
                    for melding in meldingen:
                        form.add_error(veld if veld in form.fields else None, melding)
            else:
                export.refresh_from_db()
                if export.bezig:  # a worker without a queue (the tests', a small setup) is done already
                    # Stays on the page after the progress below turns "Klaar": it must be true then too.
                    messages.success(
                        request,
                        "Uw aanvraag is ontvangen; hieronder ziet u hoe ver het is. U kunt deze pagina open laten "
                        "of het bestand later ophalen bij Mijn exports.",
                    )
                return redirect("rapportage:export", pk=export.pk)
        return self._pagina(request, swv, partnerships, scope, form, status=400)

    def _pagina(self, request, swv, partnerships, scope, form, status=200):
        reikwijdte = selectors.Reikwijdte(request.user, swv)
        onderdeel = _onderdeel(reikwijdte, {**reikwijdte.standaard(request.user), **scope}) or swv
        return render(
            request,
            self.template_name,
            {
                "swv": swv,
                "partnerships": partnerships,
                "form": form,
                "scope": scope,
                "onderdeel": onderdeel,
                "dagen": settings.PASSEND_EXPORT_DAGEN,
            },
            status=status,
        )


def _onderdeel(reikwijdte, scope: dict):
    """The narrowest part of the partnership the scope names, for the page's text."""
    for veld, lijst in (
        ("school_id", "scholen"),
        ("schoolbestuur_id", "besturen"),
        ("deelverband_id", "deelverbanden"),
    ):
        if scope.get(veld):
            return next((o for o in getattr(reikwijdte, lijst) if o.pk == scope[veld]), None)
    return None


def _stand(export: Rapportexport) -> str:
    """A short key of what the live region says, so a poll that changes nothing announces nothing."""
    return hashlib.sha256(f"{export.status}:{export.tekst}".encode()).hexdigest()[:12]


def _melding(export: Rapportexport) -> str:
    if export.status == Rapportexport.Status.KLAAR:
        return "Klaar: u kunt het bestand nu downloaden."
    if export.status == Rapportexport.Status.MISLUKT:
        return f"Mislukt. {export.tekst}"
    if export.status == Rapportexport.Status.WACHTEND:
        return "Wacht op zijn beurt: het maken begint zo."
    return f"Bezig: {export.tekst or 'even geduld'}."


class ExportView(LoginRequiredMixin, TemplateView):
    """An export's status with a progress bar; an htmx poll gets only the part that changes."""

    template_name = "rapportage/export.html"

    def get(self, request, *args, **kwargs):
        try:
            export = export_selectors.export_van(actor=request.user, pk=kwargs["pk"])
        except PermissionDenied:
            raise Http404
        context = {"export": export, "stand": _stand(export), "melding": _melding(export)}
        if request.htmx:
            context["melding_veranderd"] = request.GET.get("gezien") != context["stand"]
            return render(request, "rapportage/_export_status.html", context)
        return self.render_to_response(self.get_context_data(**context))


class ExportDownloadView(LoginRequiredMixin, View):
    def get(self, request, pk):
        try:
            export = export_selectors.export_van(actor=request.user, pk=pk)
            inhoud = services.rapportexport_downloaden(actor=request.user, export=export)
        except PermissionDenied:
            raise Http404
        except ValidationError:
            messages.info(request, "Deze export is nog niet klaar.")
            return redirect("rapportage:export", pk=pk)
        response = HttpResponse(inhoud, content_type=export.content_type)
        response["Content-Disposition"] = f'attachment; filename="{export.bestandsnaam}"'
        response["Cache-Control"] = "private, no-store"
        return response


class MijnExportsView(LoginRequiredMixin, TemplateView):
    template_name = "rapportage/exports.html"

    def get_context_data(self, **kwargs):
        if not selectors.partnerships_for(self.request.user):
            audit.log_denied(reason="geen toegang tot kengetallen", object_type="rapportage.kengetallen")
            raise PermissionDenied
        exports = list(export_selectors.mijn_exports(actor=self.request.user))
        return super().get_context_data(
            exports=exports,
            bezig=any(e.bezig for e in exports),
            dagen=settings.PASSEND_EXPORT_DAGEN,
            **kwargs,
        )
