"""The TLV pages: the experts' advices on a TLV application, issuing the TLV on a granted
decision, the TLV itself, the partnership's list with its export for the register, and the
objections to a decision. Thin over arrangementen.tlv (writes) and tlv_selectors (reads)."""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from passend.arrangementen import tlv, tlv_selectors
from passend.arrangementen.tlv_forms import (
    AfhandelenForm,
    BezwaarForm,
    DeskundigenadviesForm,
    DoorsturenForm,
    TlvAfgevenForm,
)
from passend.core import audit
from passend.core.authz import can
from passend.core.forms_util import apply_service_errors
from passend.core.services import require
from passend.core.views import SectionView
from passend.trajecten import selectors

TOEGEKEND = ("toegekend", "deels")


def _aanvraag(request, kwargs):
    """The traject and application of the URL, as the application page reads them (404 unseen)."""
    traject, _grant = selectors.traject_get(actor=request.user, pk=kwargs["pk"])
    aanvraag = selectors.aanvraag_get(actor=request.user, traject=traject, pk=kwargs["aanvraag_pk"])
    aanvraag.traject = traject
    return traject, aanvraag


def _geen_tlv(aanvraag):
    audit.log_denied(
        reason="geen aanvraag voor een TLV", obj=aanvraag, detail={"aanvraag": aanvraag.pk, "soort": aanvraag.soort}
    )
    raise Http404


def _besluit(aanvraag):
    besluit = selectors.besluit_van(aanvraag)
    if besluit is None:
        audit.log_denied(reason="nog geen besluit", obj=aanvraag, detail={"aanvraag": aanvraag.pk})
        raise Http404
    besluit.aanvraag = aanvraag
    return besluit


def _aanvraag_url(aanvraag) -> str:
    return reverse("trajecten:aanvraag", args=[aanvraag.traject_id, aanvraag.pk])


# --- Deskundigenadvies ------------------------------------------------------------------------


class DeskundigenadviesView(LoginRequiredMixin, TemplateView):
    """The advices on a TLV application, whether they make a complete deskundigenadvies, and
    for the partnership's staff (or the expert themself) the form to record one."""

    template_name = "arrangementen/tlv_deskundigenadvies.html"

    def _get(self):
        traject, aanvraag = _aanvraag(self.request, self.kwargs)
        if not aanvraag.is_tlv:
            _geen_tlv(aanvraag)
        return traject, aanvraag

    def _deskundigen(self, aanvraag):
        if aanvraag.status not in ("concept", "ingediend"):
            return None
        deskundigen = tlv_selectors.advies_deskundigen(actor=self.request.user, aanvraag=aanvraag)
        return deskundigen if deskundigen.exists() else None

    def _context(self, traject, aanvraag, form=None):
        deskundigen = self._deskundigen(aanvraag)
        if form is None and deskundigen is not None:
            form = DeskundigenadviesForm(deskundigen=deskundigen)
        return self.get_context_data(
            traject=traject,
            aanvraag=aanvraag,
            stand=tlv_selectors.adviezen_van(actor=self.request.user, aanvraag=aanvraag),
            form=form,
        )

    def get(self, request, *args, **kwargs):
        traject, aanvraag = self._get()
        return self.render_to_response(self._context(traject, aanvraag))

    def post(self, request, *args, **kwargs):
        traject, aanvraag = self._get()
        deskundigen = self._deskundigen(aanvraag)
        if deskundigen is None:
            # Nothing to record for this actor here: the staff's refusal, audited, or a decided one.
            require(request.user, "arrangementen.toekennen", traject)
            messages.error(request, "Over deze aanvraag is al besloten (of zij is vervallen).")
            return redirect("arrangementen:deskundigenadvies", pk=traject.pk, aanvraag_pk=aanvraag.pk)
        form = DeskundigenadviesForm(request.POST, deskundigen=deskundigen)
        if form.is_valid():
            try:
                advies = tlv.deskundigenadvies_vastleggen(actor=request.user, aanvraag=aanvraag, **form.cleaned_data)
                messages.success(request, f"Het advies van {advies.deskundige.naam} is vastgelegd.")
                return redirect("arrangementen:deskundigenadvies", pk=traject.pk, aanvraag_pk=aanvraag.pk)
            except ValidationError as fout:
                apply_service_errors(form, fout)
        return self.render_to_response(self._context(traject, aanvraag, form), status=400)


# --- Issuing the TLV --------------------------------------------------------------------------


class TlvAfgevenView(LoginRequiredMixin, TemplateView):
    """After a granted TLV decision: the receiving school, the period (or the whole school career),
    the SO category prefilled from the application, and for a temporary placement the return."""

    template_name = "arrangementen/tlv_afgeven.html"

    def _get(self):
        traject, aanvraag = _aanvraag(self.request, self.kwargs)
        if not aanvraag.is_tlv:
            _geen_tlv(aanvraag)
        besluit = _besluit(aanvraag)
        require(self.request.user, "arrangementen.toekennen", traject)
        return traject, aanvraag, besluit

    @staticmethod
    def _form(traject, aanvraag, data=None):
        from passend.organisaties.models import School

        so = aanvraag.soort == "tlv_so"
        scholen = School.objects.filter(
            samenwerkingsverband_id=traject.samenwerkingsverband_id, soort="so" if so else "sbo"
        ).order_by("naam")
        initial = {"startdatum": timezone.localdate(), "categorie": aanvraag.tlv_categorie}
        return TlvAfgevenForm(data, scholen=scholen, so=so, initial=initial)

    def _context(self, traject, aanvraag, besluit, form=None):
        toegekend = besluit.uitkomst in TOEGEKEND
        if form is None and toegekend:
            form = self._form(traject, aanvraag)
        return self.get_context_data(
            traject=traject, aanvraag=aanvraag, besluit=besluit, toegekend=toegekend, form=form
        )

    def get(self, request, *args, **kwargs):
        traject, aanvraag, besluit = self._get()
        bestaand = tlv_selectors.tlv_van_besluit(besluit)
        if bestaand is not None:
            return redirect("arrangementen:tlv", pk=bestaand.pk)
        return self.render_to_response(self._context(traject, aanvraag, besluit))

    def post(self, request, *args, **kwargs):
        traject, aanvraag, besluit = self._get()
        form = self._form(traject, aanvraag, request.POST)
        if form.is_valid():
            try:
                nieuw = tlv.tlv_afgeven(actor=request.user, besluit=besluit, **form.gegevens())
                messages.success(request, f"De TLV {besluit.nummer} is afgegeven.")
                return redirect("arrangementen:tlv", pk=nieuw.pk)
            except ValidationError as fout:
                apply_service_errors(form, fout)
        return self.render_to_response(self._context(traject, aanvraag, besluit, form), status=400)


class TlvDetailView(LoginRequiredMixin, TemplateView):
    template_name = "arrangementen/tlv_detail.html"

    def get_context_data(self, **kwargs):
        from passend.trajecten.policies import aanvraag_zichtbaar, rollen_in_traject

        user = self.request.user
        gegeven, grant = tlv_selectors.tlv_get(actor=user, pk=self.kwargs["pk"])
        besluit = gegeven.besluit
        aanvraag = besluit.aanvraag
        traject = aanvraag.traject
        # A link to the application only for who may read it (the receiving school may not).
        aanvraag_link = aanvraag_zichtbaar(user, aanvraag, rollen_in_traject(user, traject))
        return super().get_context_data(
            tlv=gegeven,
            besluit=besluit,
            aanvraag=aanvraag,
            traject=traject,
            grant=grant,
            binnenkort=tlv_selectors.loopt_binnenkort_af(gegeven),
            aanvraag_link=aanvraag_link,
            bezwaren_link=aanvraag_link and can(user, "arrangementen.bezwaren", besluit),
            **kwargs,
        )


# --- The partnership's list and the export -----------------------------------------------------


def _binnenkort(request) -> bool:
    return request.GET.get("binnenkort") == "1"


class TlvListView(SectionView):
    url_name = "arrangementen:tlv_lijst"
    template_name = "arrangementen/tlv_list.html"

    def get_context_data(self, **kwargs):
        binnenkort = _binnenkort(self.request)
        tlvs = tlv_selectors.tlv_list(actor=self.request.user, binnenkort=binnenkort)
        page = Paginator(tlvs, 50).get_page(self.request.GET.get("pagina"))
        vandaag = timezone.localdate()
        for gegeven in page.object_list:
            gegeven.binnenkort = tlv_selectors.loopt_binnenkort_af(gegeven, vandaag)
        return super().get_context_data(
            page=page,
            tlvs=page.object_list,
            binnenkort=binnenkort,
            grens=tlv_selectors.afloopgrens(vandaag),
            query="binnenkort=1" if binnenkort else "",
            mag_exporteren=can(self.request.user, "arrangementen.tlv_export", None),
            **kwargs,
        )


KOPPEN = ("Besluitnummer", "Leerling (nummer in Passend)", "Soort", "Categorie", "Geldig vanaf", "Geldig tot en met")


def register_csv(rijen) -> str:
    """The register rows as CSV: ISO dates, an empty end date for the whole school career."""
    uit = io.StringIO()
    schrijver = csv.writer(uit, lineterminator="\r\n")
    schrijver.writerow(tlv_selectors.EXPORT_KOLOMMEN)
    for rij in rijen:
        schrijver.writerow(["" if waarde is None else str(waarde) for waarde in rij.waarden()])
    return uit.getvalue()


def register_xlsx(rijen) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    boek = Workbook()
    blad = boek.active
    blad.title = "TLV's"
    blad.append(KOPPEN)
    for cel in blad[1]:
        cel.font = Font(bold=True)
    for rij in rijen:
        blad.append(list(rij.waarden()))
        for cel in blad[blad.max_row][4:6]:
            cel.number_format = "DD-MM-YYYY"
    for kolom, breedte in zip("ABCDEF", (16, 28, 10, 12, 14, 18), strict=True):
        blad.column_dimensions[kolom].width = breedte
    blad.freeze_panes = "A2"
    uit = io.BytesIO()
    boek.save(uit)
    return uit.getvalue()


class TlvExportView(LoginRequiredMixin, View):
    """The partnership's TLVs for the national register, as CSV or Excel; audited as an export."""

    formaat = "csv"

    def get(self, request):
        rijen = tlv_selectors.tlv_export_rijen(
            actor=request.user, formaat=self.formaat, binnenkort=_binnenkort(request)
        )
        naam = f"tlvs-{timezone.localdate():%Y-%m-%d}"
        if self.formaat == "xlsx":
            response = HttpResponse(
                register_xlsx(rijen), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            )
        else:
            response = HttpResponse(register_csv(rijen), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{naam}.{self.formaat}"'
        return response


# --- Objections -------------------------------------------------------------------------------


class BezwarenView(LoginRequiredMixin, TemplateView):
    """Objections to a decision: registered as received (late ones marked), for a TLV forwarded
    to the LBT within 14 days, and their outcome. For the partnership's staff."""

    template_name = "arrangementen/tlv_bezwaren.html"

    def _get(self):
        traject, aanvraag = _aanvraag(self.request, self.kwargs)
        besluit = _besluit(aanvraag)
        return traject, aanvraag, besluit

    def _context(self, traject, aanvraag, besluit, *, form=None, fout_bij=None, fout_form=None):
        bezwaren = tlv_selectors.bezwaren_van(actor=self.request.user, besluit=besluit)
        vandaag = timezone.localdate()
        for bezwaar in bezwaren:
            bezwaar.besluit = besluit
            bezwaar.doorsturen_te_laat = bezwaar.doorgestuurd_op is None and bezwaar.doorsturen_uiterlijk < vandaag
            formulieren = {}
            if not bezwaar.uitkomst:
                if aanvraag.is_tlv and bezwaar.doorgestuurd_op is None:
                    formulieren["doorsturen"] = DoorsturenForm(prefix=f"d{bezwaar.pk}")
                formulieren["afhandelen"] = AfhandelenForm(prefix=f"a{bezwaar.pk}")
            if fout_bij == bezwaar.pk:
                formulieren[fout_form[0]] = fout_form[1]
            bezwaar.formulieren = formulieren
        return self.get_context_data(
            traject=traject,
            aanvraag=aanvraag,
            besluit=besluit,
            bezwaren=bezwaren,
            form=form or BezwaarForm(),
            lbt_termijn=tlv.LBT_TERMIJN.days,
        )

    def get(self, request, *args, **kwargs):
        traject, aanvraag, besluit = self._get()
        return self.render_to_response(self._context(traject, aanvraag, besluit))

    def post(self, request, *args, **kwargs):
        traject, aanvraag, besluit = self._get()
        require(request.user, "arrangementen.bezwaren", besluit)
        terug = redirect(reverse("arrangementen:bezwaren", args=[traject.pk, aanvraag.pk]) + "#bezwaren-kop")
        formulier = request.POST.get("formulier")
        if formulier == "registreren":
            form = BezwaarForm(request.POST)
            if form.is_valid():
                try:
                    bezwaar = tlv.bezwaar_registreren(actor=request.user, besluit=besluit, **form.cleaned_data)
                    if bezwaar.is_te_laat:
                        messages.warning(
                            request,
                            "Het bezwaar is vastgelegd. Het kwam te laat binnen: na de bezwaartermijn van zes weken.",
                        )
                    else:
                        messages.success(request, "Het bezwaar is vastgelegd.")
                    return terug
                except ValidationError as fout:
                    apply_service_errors(form, fout)
            return self.render_to_response(self._context(traject, aanvraag, besluit, form=form), status=400)
        if formulier not in ("doorsturen", "afhandelen"):
            return terug
        bezwaar = next(
            (
                b
                for b in tlv_selectors.bezwaren_van(actor=request.user, besluit=besluit)
                if str(b.pk) == request.POST.get("bezwaar")
            ),
            None,
        )
        if bezwaar is None:
            return terug
        if formulier == "doorsturen":
            form = DoorsturenForm(request.POST, prefix=f"d{bezwaar.pk}")
            actie = lambda: tlv.bezwaar_doorsturen(actor=request.user, bezwaar=bezwaar, **form.cleaned_data)  # noqa: E731
            gelukt = "Het bezwaar is met het dossier doorgestuurd naar de LBT."
        else:
            form = AfhandelenForm(request.POST, prefix=f"a{bezwaar.pk}")
            actie = lambda: tlv.bezwaar_afhandelen(actor=request.user, bezwaar=bezwaar, **form.cleaned_data)  # noqa: E731
            gelukt = "De uitkomst van het bezwaar is vastgelegd."
        if form.is_valid():
            try:
                actie()
                messages.success(request, gelukt)
                return terug
            except ValidationError as fout:
                apply_service_errors(form, fout)
        return self.render_to_response(
            self._context(traject, aanvraag, besluit, fout_bij=bezwaar.pk, fout_form=(formulier, form)), status=400
        )
