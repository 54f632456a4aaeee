"""Setting up and looking ahead: distribution models, tariffs and pupil counts, opening a year's
budget; the multi-year estimate, one year under two models, and the Excel export."""

from __future__ import annotations

import io
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views import View
from django.views.generic import TemplateView

from passend.core import audit
from passend.core.authz import can
from passend.core.forms_util import apply_service_errors
from passend.financien import analyse, selectors, services
from passend.financien.beheer_forms import (
    PLAATSEN,
    BegrotingForm,
    IndexForm,
    PresetForm,
    TariefForm,
    TellingForm,
    VerdeelmodelForm,
    _sleutels,
)
from passend.financien.grafiek import paarbalken
from passend.financien.models import Begroting, Leerlingtelling, Tarief, Verdeelmodel
from passend.organisaties.models import School
from passend.organisaties.selectors import samenwerkingsverband_list


class _FinancienBeheer(LoginRequiredMixin, TemplateView):
    """Pages of the partnership's management and beheerder (financien.beheren)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            swvs = [
                s for s in samenwerkingsverband_list(actor=request.user) if can(request.user, "financien.beheren", s)
            ]
            if not swvs:
                audit.log_denied(reason="geen recht: financien.beheren", object_type="financien.begroting")
                raise PermissionDenied
            gekozen = request.POST.get("samenwerkingsverband") or request.GET.get("samenwerkingsverband", "")
            self.swv = next((s for s in swvs if str(s.pk) == gekozen), swvs[0])
        return super().dispatch(request, *args, **kwargs)


def _ids(formulier: str) -> dict:
    """The Inrichting page holds five forms, some with the same field names (jaar, peildatum):
    each gets its own ids, so every label points at its own field."""
    return {"auto_id": f"id_{formulier}_%s"}


class InrichtingView(_FinancienBeheer):
    """Models, tariffs, pupil counts and the budgets of the years."""

    template_name = "financien/inrichting.html"

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self._context())

    def post(self, request, *args, **kwargs):
        formulier = request.POST.get("formulier")
        handlers = {
            "preset": self._preset,
            "tarief": self._tarief,
            "index": self._index,
            "telling": self._telling,
            "begroting": self._begroting,
        }
        if formulier not in handlers:
            return redirect("financien:inrichting")
        return handlers[formulier](request)

    def _preset(self, request):
        form = PresetForm(request.POST, **_ids("preset"))
        if form.is_valid():
            try:
                model = services.verdeelmodel_uit_preset(
                    actor=request.user, samenwerkingsverband=self.swv, preset=form.cleaned_data["preset"]
                )
                messages.success(request, f"Verdeelmodel ‘{model.naam}’ is aangemaakt.")
                return redirect("financien:verdeelmodel", pk=model.pk)
            except ValidationError as error:
                apply_service_errors(form, error)
        return self.render_to_response(self._context(preset_form=form), status=400)

    def _tarief(self, request):
        form = TariefForm(request.POST, **_ids("tarief"))
        if form.is_valid():
            services.tarief_vastleggen(actor=request.user, samenwerkingsverband=self.swv, **form.cleaned_data)
            messages.success(request, "Het tarief is vastgelegd.")
            return redirect("financien:inrichting")
        return self.render_to_response(self._context(tarief_form=form), status=400)

    def _index(self, request):
        form = IndexForm(request.POST, **_ids("index"))
        if form.is_valid():
            try:
                tarieven = services.tarieven_indexeren(
                    actor=request.user, samenwerkingsverband=self.swv, **form.cleaned_data
                )
                messages.success(request, f"{len(tarieven)} tarieven voor {form.cleaned_data['naar_jaar']} gemaakt.")
                return redirect("financien:inrichting")
            except ValidationError as error:
                apply_service_errors(form, error)
        return self.render_to_response(self._context(index_form=form), status=400)

    def _telling(self, request):
        form = TellingForm(request.POST, scholen=self._scholen(), bekend={}, **_ids("telling"))
        if form.is_valid():
            for school, aantal in form.tellingen():
                services.leerlingtelling_vastleggen(
                    actor=request.user, school=school, peildatum=form.cleaned_data["peildatum"], aantal=aantal
                )
            messages.success(request, "De leerlingtelling is vastgelegd.")
            return redirect("financien:inrichting")
        return self.render_to_response(self._context(telling_form=form), status=400)

    def _begroting(self, request):
        form = BegrotingForm(request.POST, samenwerkingsverband=self.swv, **_ids("begroting"))
        if form.is_valid():
            try:
                begroting = services.begroting_openen(
                    actor=request.user,
                    samenwerkingsverband=self.swv,
                    jaar=form.cleaned_data["jaar"],
                    verdeelmodel=form.cleaned_data["verdeelmodel"],
                    peildatum=form.cleaned_data["peildatum"],
                    budgetten=form.budgetten(),
                    inkomsten=form.inkomsten(),
                    toelichting=form.cleaned_data["toelichting"],
                )
                messages.success(request, f"De begroting {begroting.jaar} is geopend.")
                return redirect("financien:dashboard", jaar=begroting.jaar)
            except ValidationError as error:
                apply_service_errors(form, error)
        return self.render_to_response(self._context(begroting_form=form), status=400)

    def _scholen(self):
        return list(School.objects.filter(samenwerkingsverband=self.swv).order_by("naam"))

    def _context(self, **forms):
        scholen = self._scholen()
        laatste = Leerlingtelling.objects.filter(school__in=scholen).order_by("-peildatum").first()
        bekend = (
            dict(
                Leerlingtelling.objects.filter(school__in=scholen, peildatum=laatste.peildatum).values_list(
                    "school_id", "aantal"
                )
            )
            if laatste
            else {}
        )
        forms.setdefault("preset_form", PresetForm(**_ids("preset")))
        forms.setdefault("tarief_form", TariefForm(**_ids("tarief")))
        forms.setdefault("index_form", IndexForm(**_ids("index")))
        forms.setdefault(
            "telling_form",
            TellingForm(
                scholen=scholen,
                bekend=bekend,
                initial={"peildatum": laatste.peildatum if laatste else None},
                **_ids("telling"),
            ),
        )
        forms.setdefault("begroting_form", BegrotingForm(samenwerkingsverband=self.swv, **_ids("begroting")))
        tarieven = list(Tarief.objects.filter(samenwerkingsverband=self.swv).order_by("-jaar", "soort", "sleutel"))
        # The discipline or kind of place by its name ("So, categorie hoog"), not its key ("so_hoog").
        namen = {**dict(_sleutels()), **dict(PLAATSEN)}
        for tarief in tarieven:
            tarief.sleutel_naam = namen.get(tarief.sleutel, tarief.sleutel)
        tarieven.sort(key=lambda t: (-t.jaar, t.soort, t.sleutel_naam))
        audit.log(audit.Action.VIEW, obj=self.swv, object_type="financien.tarief", object_label="Inrichting financiën")
        return self.get_context_data(
            swv=self.swv,
            modellen=list(Verdeelmodel.objects.filter(samenwerkingsverband=self.swv)),
            begrotingen=list(Begroting.objects.filter(samenwerkingsverband=self.swv).select_related("verdeelmodel")),
            tarieven=tarieven,
            telling=laatste,
            tellingen=[(s, bekend.get(s.pk)) for s in scholen],
            **forms,
        )


class VerdeelmodelView(_FinancienBeheer):
    template_name = "financien/verdeelmodel.html"

    def _model(self):
        model = Verdeelmodel.objects.filter(pk=self.kwargs["pk"], samenwerkingsverband=self.swv).first()
        if model is None:
            audit.log_denied(reason="niet gevonden of geen toegang", object_type="financien.verdeelmodel")
            from django.http import Http404

            raise Http404
        return model

    def get(self, request, *args, **kwargs):
        model = self._model()
        return self.render_to_response(self.get_context_data(model=model, form=VerdeelmodelForm(instance=model)))

    def post(self, request, *args, **kwargs):
        model = self._model()
        form = VerdeelmodelForm(request.POST, instance=Verdeelmodel.objects.get(pk=model.pk))
        if form.is_valid():
            try:
                services.verdeelmodel_opslaan(
                    actor=request.user, samenwerkingsverband=self.swv, data=form.modelgegevens(), instance=model
                )
                messages.success(request, "Het verdeelmodel is opgeslagen.")
                return redirect("financien:verdeelmodel", pk=model.pk)
            except ValidationError as error:
                apply_service_errors(form, error)
        return self.render_to_response(self.get_context_data(model=model, form=form), status=400)


def _index(waarde: str) -> Decimal:
    try:
        index = Decimal(waarde.replace(",", "."))
    except (InvalidOperation, AttributeError):
        return Decimal("2.5")
    return index if Decimal("-10") <= index <= Decimal("20") else Decimal("2.5")


class MeerjarigView(LoginRequiredMixin, TemplateView):
    """This year and the next four: existing budgets as they are, later years estimated."""

    template_name = "financien/meerjarig.html"

    def get_context_data(self, **kwargs):
        begroting = selectors.begroting_get(actor=self.request.user, jaar=self.kwargs["jaar"])
        index = _index(self.request.GET.get("index", "2.5"))
        jaren = analyse.meerjarenraming(actor=self.request.user, begroting=begroting, index_pct=index)
        return super().get_context_data(
            begroting=begroting,
            index=index,
            jaren=jaren,
            grafiek=paarbalken(
                [(f"{j.jaar}{' (raming)' if j.geraamd else ''}", j.inkomsten, j.uitgaven) for j in jaren],
                namen=("inkomsten", "begrote uitgaven"),
                titel=f"Inkomsten en uitgaven {jaren[0].jaar}–{jaren[-1].jaar}",
            ),
            **kwargs,
        )


class VergelijkenView(LoginRequiredMixin, TemplateView):
    """One year's school budgets under the budget's model and another model, side by side."""

    template_name = "financien/vergelijken.html"

    def get_context_data(self, **kwargs):
        begroting = selectors.begroting_get(actor=self.request.user, jaar=self.kwargs["jaar"])
        modellen = list(
            Verdeelmodel.objects.filter(samenwerkingsverband_id=begroting.samenwerkingsverband_id).exclude(
                pk=begroting.verdeelmodel_id
            )
        )
        gekozen = next(
            (m for m in modellen if str(m.pk) == self.request.GET.get("model", "")), modellen[0] if modellen else None
        )
        rijen = (
            analyse.vergelijken(actor=self.request.user, begroting=begroting, ander_model=gekozen) if gekozen else []
        )
        netto = [
            (r, r.netto(r.a, begroting.verdeelmodel.plaatsing_door_school), r.netto(r.b, gekozen.plaatsing_door_school))
            for r in rijen
        ]
        return super().get_context_data(
            grafiek=paarbalken(
                [(r.school.naam, a, b) for r, a, b in netto],
                namen=(begroting.verdeelmodel.naam, gekozen.naam if gekozen else ""),
                titel=f"Schoolbudgetten {begroting.jaar} onder twee verdeelmodellen, na eigen plaatsingen",
            ),
            begroting=begroting,
            modellen=modellen,
            ander=gekozen,
            rijen=netto,
            **kwargs,
        )


class ExportView(LoginRequiredMixin, View):
    """A year's lines, school budgets and ledger as an Excel workbook; audited as an export."""

    def get(self, request, jaar):
        begroting = selectors.begroting_get(actor=request.user, jaar=jaar)
        d = selectors.dashboard(actor=request.user, begroting=begroting)
        boekingen = analyse.grootboek(actor=request.user, begroting=begroting)
        response = HttpResponse(
            _werkboek(d, boekingen), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = f'attachment; filename="begroting-{begroting.jaar}.xlsx"'
        return response


def _werkboek(d, boekingen) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    boek = Workbook()
    bladen = (
        (
            "Posten",
            ["Post", "Budget", "Vastgelegd", "Uitgegeven", "Beschikbaar"],
            [[s.post.get_doel_display(), s.budget, s.verplicht, s.gerealiseerd, s.beschikbaar] for s in d.centraal],
        ),
        (
            "Schoolbudgetten",
            ["School", "Budget", "Vastgelegd", "Uitgegeven", "Beschikbaar"],
            [[s.post.school.naam, s.budget, s.verplicht, s.gerealiseerd, s.beschikbaar] for s in d.scholen],
        ),
        (
            "Grootboek",
            ["Datum", "Post", "Soort", "Bedrag", "Omschrijving", "Reden", "Door", "Geboekt op"],
            [
                [
                    b.datum,
                    str(b.post),
                    b.get_soort_display(),
                    b.bedrag,
                    b.omschrijving,
                    b.reden,
                    b.geboekt_door_naam,
                    b.geboekt_op.replace(tzinfo=None),
                ]
                for b in boekingen
            ],
        ),
    )
    eerste = True
    for titel, koppen, rijen in bladen:
        blad = boek.active if eerste else boek.create_sheet()
        eerste = False
        blad.title = titel
        blad.append(koppen)
        for cel in blad[1]:
            cel.font = Font(bold=True)
        for rij in rijen:
            blad.append(rij)
        for kolom in blad.iter_cols(min_row=2):
            for cel in kolom:
                if isinstance(cel.value, Decimal):
                    cel.number_format = "€ #,##0.00"
        blad.column_dimensions["A"].width = 34
        blad.freeze_panes = "A2"
    uit = io.BytesIO()
    boek.save(uit)
    return uit.getvalue()
