from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.views import View
from django.views.generic import TemplateView

from passend.core import audit
from passend.core.authz import can
from passend.core.forms_util import apply_service_errors
from passend.core.services import require
from passend.dossier import selectors, services
from passend.dossier.forms import BijdragenForm, DocumentForm, NotitieForm, OndertekenForm
from passend.dossier.models import DELEN, Sectie
from passend.leerlingen.selectors import leerling_get


def _secties_voor(grant):
    """The sections the actor may write in, in the order of the document."""
    secties = [sectie for _, deel in DELEN for sectie in deel]
    if grant.lidmaatschap.rol == "ouder":
        return [s for s in secties if s != Sectie.LEERLING_STEM]
    return secties


def _nummer(request):
    value = request.GET.get("versie", "")
    return int(value) if value.isdigit() else None


class GroeidocumentView(LoginRequiredMixin, TemplateView):
    template_name = "dossier/groeidocument.html"

    def get(self, request, *args, **kwargs):
        leerling, grant, versie, versies = selectors.groeidocument_get(
            actor=request.user, leerling_pk=self.kwargs["pk"], nummer=_nummer(request)
        )
        return self.render_to_response(self._context(leerling, grant, versie, versies))

    def post(self, request, *args, **kwargs):
        leerling, grant, versie, versies = selectors.groeidocument_get(
            actor=request.user, leerling_pk=self.kwargs["pk"]
        )
        require(request.user, "dossier.contribute", leerling)
        form = BijdragenForm(request.POST, secties=_secties_voor(grant), eigen={})
        if form.is_valid():
            try:
                _, vervallen = services.bijdragen_save(actor=request.user, leerling=leerling, teksten=form.cleaned_data)
                messages.success(request, "Uw bijdrage aan het groeidocument is opgeslagen.")
                if vervallen:
                    messages.warning(
                        request, "De tekst is veranderd, dus de ondertekeningen van deze versie zijn vervallen."
                    )
                return redirect("dossier:groeidocument", pk=leerling.pk)
            except ValidationError as error:
                apply_service_errors(form, error)
        return self.render_to_response(self._context(leerling, grant, versie, versies, form=form), status=400)

    def _context(self, leerling, grant, versie, versies, form=None):
        user = self.request.user
        actueel = versie is None or not versie.is_bevroren
        if form is None and actueel and can(user, "dossier.contribute", leerling):
            eigen = {b.sectie: b.tekst for b in (versie.bijdragen.all() if versie else []) if b.auteur_id == user.pk}
            form = BijdragenForm(secties=_secties_voor(grant), eigen=eigen)
        ondertekeningen = list(versie.ondertekeningen.all()) if versie else []
        return self.get_context_data(
            leerling=leerling,
            versie=versie,
            versies=versies,
            delen=selectors.delen_met_bijdragen(versie),
            form=form if actueel else None,
            ondertekeningen=ondertekeningen,
            mag_ondertekenen=(
                actueel
                and versie is not None
                and versie.bijdragen.all()
                and can(user, "dossier.sign", leerling)
                and not any(o.door_id == user.pk for o in ondertekeningen)
            ),
            onderteken_form=OndertekenForm(),
        )


class OndertekenView(LoginRequiredMixin, View):
    def post(self, request, pk):
        leerling, grant, versie, versies = selectors.groeidocument_get(actor=request.user, leerling_pk=pk)
        require(request.user, "dossier.sign", leerling)
        form = OndertekenForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Kies ‘voor gezien’ of ‘akkoord’ om te ondertekenen.")
            return redirect("dossier:groeidocument", pk=pk)
        try:
            services.groeidocument_sign(actor=request.user, leerling=leerling, soort=form.cleaned_data["soort"])
            messages.success(request, "U heeft het groeidocument ondertekend.")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("dossier:groeidocument", pk=pk)


class GroeidocumentPdfView(LoginRequiredMixin, View):
    """The groeidocument as a PDF; an export of personal data, so audited as such."""

    def get(self, request, pk):
        leerling, grant, versie, versies = selectors.groeidocument_get(
            actor=request.user, leerling_pk=pk, nummer=_nummer(request), action=audit.Action.EXPORT
        )
        html = render_to_string(
            "dossier/groeidocument_pdf.html",
            {
                "leerling": leerling,
                "versie": versie,
                "delen": selectors.delen_met_bijdragen(versie),
                "ondertekeningen": list(versie.ondertekeningen.all()) if versie else [],
                "leeftijd": leerling.leeftijd(),
            },
            request=request,
        )
        from weasyprint import HTML  # imported here: only PDF export needs the Pango libraries

        pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
        response = HttpResponse(pdf, content_type="application/pdf")
        nummer = versie.nummer if versie else 0
        response["Content-Disposition"] = f'inline; filename="groeidocument-{leerling.pk}-v{nummer}.pdf"'
        return response


class DocumentenView(LoginRequiredMixin, TemplateView):
    """Documents and the logbook of a pupil, each within its confidentiality level."""

    template_name = "dossier/documenten.html"

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self._context())

    def post(self, request, *args, **kwargs):
        leerling, _ = leerling_get(actor=request.user, pk=self.kwargs["pk"])
        grant = require(request.user, "dossier.add_item", leerling)
        door_ouder = grant.rule.code == "ouder_van_leerling"
        if request.POST.get("formulier") == "notitie":
            form = NotitieForm(request.POST, door_ouder=door_ouder)
            service, success = services.notitie_add, "De notitie staat in het logboek."
        else:
            form = DocumentForm(request.POST, request.FILES, door_ouder=door_ouder)
            service, success = services.document_upload, "Het document is toegevoegd."
        if form.is_valid():
            try:
                service(actor=request.user, leerling=leerling, **form.cleaned_data)
                messages.success(request, success)
                return redirect("dossier:documenten", pk=leerling.pk)
            except ValidationError as error:
                apply_service_errors(form, error)
        key = "notitie_form" if isinstance(form, NotitieForm) else "document_form"
        return self.render_to_response(self._context(**{key: form}), status=400)

    def _context(self, **forms):
        from passend.core.authz import explain

        leerling, grant, documenten, notities = selectors.documenten_en_notities(
            actor=self.request.user, leerling_pk=self.kwargs["pk"]
        )
        toevoegen = explain(self.request.user, "dossier.add_item", leerling)
        door_ouder = toevoegen is not None and toevoegen.rule.code == "ouder_van_leerling"
        if toevoegen is not None:
            forms.setdefault("document_form", DocumentForm(door_ouder=door_ouder))
            forms.setdefault("notitie_form", NotitieForm(door_ouder=door_ouder))
        return self.get_context_data(leerling=leerling, documenten=documenten, notities=notities, **forms)


class DocumentDownloadView(LoginRequiredMixin, View):
    """Files are never served directly: each download passes the policy and is audited."""

    def get(self, request, pk, document_pk):
        document = selectors.document_get(actor=request.user, leerling_pk=pk, pk=document_pk)
        return FileResponse(
            document.bestand.open("rb"),
            as_attachment=True,
            filename=document.bestandsnaam,
            content_type=document.content_type,
        )


class TijdlijnView(LoginRequiredMixin, TemplateView):
    template_name = "dossier/tijdlijn.html"

    def get_context_data(self, **kwargs):
        leerling, regels = selectors.tijdlijn(actor=self.request.user, leerling_pk=self.kwargs["pk"])
        return super().get_context_data(leerling=leerling, regels=regels, **kwargs)
