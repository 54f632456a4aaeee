"""Pages for questionnaires: a pupil's afnames, filling one in, its result and a comparison;
attaching results to an application; and the beheerder's instruments and norm tables."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.views import View
from django.views.generic import TemplateView

from passend.core import audit
from passend.core.authz import can
from passend.core.forms_util import apply_service_errors
from passend.core.pdf import pdf_response
from passend.core.services import require
from passend.instrumenten import selectors, services
from passend.instrumenten.forms import (
    AntwoordenForm,
    InstrumentLadenForm,
    NormtabelForm,
    OudersVragenForm,
    PresetForm,
    StartForm,
)
from passend.instrumenten.grafiek import profiel_svg
from passend.instrumenten.models import Instrument, Invuller
from passend.organisaties.selectors import beheer_samenwerkingsverbanden
from passend.trajecten.selectors import lopende_trajecten


class AfnamesView(LoginRequiredMixin, TemplateView):
    """A pupil's questionnaires: the results, what is being filled in, and starting a new one."""

    template_name = "instrumenten/afnames.html"

    def get(self, request, *args, **kwargs):
        return self.render_to_response(
            self._context(selectors.afnames_van(actor=request.user, leerling_pk=kwargs["pk"]))
        )

    def post(self, request, *args, **kwargs):
        overzicht = selectors.afnames_van(actor=request.user, leerling_pk=kwargs["pk"])
        leerling = overzicht.leerling
        if request.POST.get("formulier") == "ouders_vragen":
            require(request.user, "instrumenten.ouders_vragen", leerling)
            form = OudersVragenForm(request.POST, instrumenten=self._ouderinstrumenten(leerling))
            if form.is_valid():
                try:
                    services.afname_ouders_vragen(
                        actor=request.user, instrument=self._instrument(form, leerling), leerling=leerling
                    )
                    messages.success(request, "De ouders zien de vragenlijst nu bij Mijn taken.")
                    return redirect("instrumenten:afnames", pk=leerling.pk)
                except ValidationError as error:
                    apply_service_errors(form, error)
            return self.render_to_response(self._context(overzicht, ouders_form=form), status=400)
        trajecten = lopende_trajecten(request.user, leerling)
        form = StartForm(request.POST, instrumenten=overzicht.te_starten, trajecten=trajecten)
        if not overzicht.te_starten:
            audit.log_denied(reason="geen vragenlijst die deze gebruiker mag invullen", obj=leerling)
            raise PermissionDenied
        if form.is_valid():
            traject = next((t for t in trajecten if t.pk == form.cleaned_data.get("traject")), None)
            try:
                afname = services.afname_starten(
                    actor=request.user,
                    instrument=self._instrument(form, leerling),
                    leerling=leerling,
                    traject=traject,
                    peildatum=form.cleaned_data["peildatum"],
                )
                return redirect("instrumenten:afname", pk=leerling.pk, afname_pk=afname.pk)
            except ValidationError as error:
                apply_service_errors(form, error)
        return self.render_to_response(self._context(overzicht, start_form=form), status=400)

    @staticmethod
    def _instrument(form, leerling) -> Instrument:
        return Instrument.objects.get(
            pk=form.cleaned_data["instrument"], samenwerkingsverband_id=leerling.samenwerkingsverband_id
        )

    @staticmethod
    def _ouderinstrumenten(leerling):
        return list(
            Instrument.objects.filter(
                samenwerkingsverband_id=leerling.samenwerkingsverband_id, actief=True, invuller=Invuller.OUDER
            )
        )

    def _context(self, overzicht, **forms):
        leerling = overzicht.leerling
        if overzicht.te_starten:
            forms.setdefault(
                "start_form",
                StartForm(instrumenten=overzicht.te_starten, trajecten=lopende_trajecten(self.request.user, leerling)),
            )
        ouderinstrumenten = self._ouderinstrumenten(leerling) if overzicht.mag_ouders_vragen else []
        if ouderinstrumenten:
            forms.setdefault("ouders_form", OudersVragenForm(instrumenten=ouderinstrumenten))
        afgerond = [a for a in overzicht.afnames if a.is_afgerond]
        vergelijkbaar = {}
        for afname in afgerond:
            vergelijkbaar.setdefault(afname.instrument.code, []).append(afname)
        return self.get_context_data(
            leerling=leerling,
            grant=overzicht.grant,
            afgerond=afgerond,
            open=[a for a in overzicht.afnames if not a.is_afgerond],
            # Instruments with two or more finished afnames can be compared (newest first).
            vergelijkbaar={code: rij for code, rij in vergelijkbaar.items() if len(rij) > 1},
            **forms,
        )


class AfnameView(LoginRequiredMixin, TemplateView):
    """One afname: the questions while it is being filled in, the result once it is finished."""

    def get_template_names(self):
        return ["instrumenten/afname_invullen.html" if self.invullen else "instrumenten/afname.html"]

    def _get(self):
        leerling, grant, afname = selectors.afname_get(
            actor=self.request.user, pk=self.kwargs["afname_pk"], leerling_pk=self.kwargs["pk"]
        )
        self.invullen = not afname.is_afgerond and afname.mag_invullen
        return leerling, grant, afname

    def get(self, request, *args, **kwargs):
        leerling, grant, afname = self._get()
        return self.render_to_response(self._context(leerling, afname))

    def post(self, request, *args, **kwargs):
        leerling, grant, afname = self._get()
        if afname.is_afgerond:
            # A form still open elsewhere (a colleague finished it meanwhile): say so, change nothing.
            messages.info(
                request, "Deze vragenlijst is al afgerond en verandert niet meer. Begin zo nodig een nieuwe afname."
            )
            return redirect("instrumenten:afname", pk=leerling.pk, afname_pk=afname.pk)
        actie = request.POST.get("actie", "opslaan")
        if actie == "verwijderen":
            gevraagd = afname.status == afname.Status.GEVRAAGD
            services.afname_verwijderen(actor=request.user, afname=afname)
            messages.success(
                request, "Het verzoek aan de ouders is ingetrokken." if gevraagd else "De vragenlijst is weggegooid."
            )
            return redirect("instrumenten:afnames", pk=leerling.pk)
        require(request.user, "instrumenten.invullen", afname)
        vragen = [v for _, gebieden in selectors.opbouw(afname.instrument) for _, vs in gebieden for v in vs]
        form = AntwoordenForm(request.POST, instrument=afname.instrument, vragen=vragen)
        if form.is_valid():
            try:
                afname = services.afname_opslaan(
                    actor=request.user,
                    afname=afname,
                    antwoorden=form.antwoorden(),
                    opmerking=form.cleaned_data["opmerking"],
                )
                if actie == "afronden":
                    try:
                        services.afname_afronden(actor=request.user, afname=afname)
                    except ValidationError:
                        # The answers were saved; only finishing was refused: show what is open.
                        messages.warning(request, "Uw antwoorden zijn opgeslagen, maar de vragenlijst is nog niet af.")
                        raise
                    messages.success(request, "De vragenlijst is afgerond. Hieronder staat de uitslag.")
                else:
                    messages.success(request, "Uw antwoorden zijn opgeslagen. U kunt later verder gaan.")
                return redirect("instrumenten:afname", pk=leerling.pk, afname_pk=afname.pk)
            except ValidationError as error:
                _fouten_op_vragen(form, error)
        _, _, afname = selectors.afname_get(actor=request.user, pk=afname.pk, leerling_pk=leerling.pk)
        return self.render_to_response(self._context(leerling, afname, form=form), status=400)

    def _context(self, leerling, afname, form=None):
        opbouw = selectors.opbouw(afname.instrument)
        context = {
            "leerling": leerling,
            "afname": afname,
            "opbouw": opbouw,
            "mag_weggooien": can(self.request.user, "instrumenten.weggooien", afname),
        }
        if self.invullen:
            antwoorden = {a.vraag_id: a for a in afname.antwoorden.all()}
            vragen = [v for _, gebieden in opbouw for _, vs in gebieden for v in vs]
            form = form or AntwoordenForm(
                instrument=afname.instrument,
                vragen=vragen,
                antwoorden=antwoorden,
                initial={"opmerking": afname.opmerking},
            )
            context.update(
                form=form,
                foutvelden=[veld for veld in form.visible_fields() if veld.errors],
                open_vraag=services.OPEN_VRAAG,
                delen=form.velden_per_gebied(opbouw),
                beantwoord=len(antwoorden),
                aantal_vragen=len(vragen),
                verplicht_open=sum(1 for v in vragen if v.verplicht and v.pk not in antwoorden),
            )
        elif afname.is_afgerond:
            context.update(_uitslag(afname, opbouw))
        return self.get_context_data(**context)


def _fouten_op_vragen(form, error: ValidationError) -> None:
    """The service names questions by code; the form's fields are named per question."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for code, fouten in error.error_dict.items():
        veld = "opmerking" if code == "opmerking" else form.veld_voor_code(code)
        form.add_error(veld, fouten)


def _uitslag(afname, opbouw) -> dict:
    """The result page's contents: the profile per part as a chart, the answers per area."""
    normregels = selectors.normregels_voor(afname)
    profielen = [
        (
            deel,
            scores,
            profiel_svg(scores, titel=f"Profiel: {deel.naam}", normregels=normregels, id_prefix=f"deel-{deel.pk}"),
        )
        for deel, scores in selectors.scores_per_deel(afname)
    ]
    antwoorden = {a.vraag_id: a for a in afname.antwoorden.all()}
    return {
        "profielen": profielen,
        "antwoorden_per_gebied": [
            (deel, [(g, [(v, antwoorden.get(v.pk)) for v in vragen]) for g, vragen in gebieden])
            for deel, gebieden in opbouw
        ],
    }


class AfnamePdfView(LoginRequiredMixin, View):
    """A finished afname as a PDF; an export of personal data, audited as such."""

    def get(self, request, pk, afname_pk):
        leerling, _grant, afname = selectors.afname_get(
            actor=request.user, pk=afname_pk, leerling_pk=pk, action=audit.Action.EXPORT
        )
        if not afname.is_afgerond:
            audit.log_denied(reason="nog niet afgerond: geen PDF", obj=afname)
            raise Http404
        context = {"leerling": leerling, "afname": afname, "leeftijd": leerling.leeftijd(afname.peildatum)}
        context.update(_uitslag(afname, selectors.opbouw(afname.instrument)))
        html = render_to_string("instrumenten/afname_pdf.html", context, request=request)
        return pdf_response(html, request, f"vragenlijst-{afname.instrument.code}-{leerling.pk}-{afname.pk}.pdf")


class VergelijkingView(LoginRequiredMixin, TemplateView):
    """Two finished afnames of one instrument side by side: how the pupil's needs changed."""

    template_name = "instrumenten/vergelijking.html"

    def get_context_data(self, **kwargs):
        eerste, tweede = self.request.GET.get("eerste", ""), self.request.GET.get("tweede", "")
        leerling, _grant, eerder, later, rijen = selectors.vergelijking(
            actor=self.request.user, leerling_pk=self.kwargs["pk"], eerste_pk=eerste, tweede_pk=tweede
        )
        eerdere_scores = {s.gebied.code: s for s in eerder.scores.all()}
        grafieken = [
            (
                deel,
                profiel_svg(
                    scores,
                    titel=f"{deel.naam}: {eerder.peildatum:%d-%m-%Y} en {later.peildatum:%d-%m-%Y}",
                    normregels=selectors.normregels_voor(later),
                    eerdere_scores=eerdere_scores,
                    id_prefix=f"vergelijking-{deel.pk}",
                ),
            )
            for deel, scores in selectors.scores_per_deel(later)
        ]
        return super().get_context_data(
            leerling=leerling, eerder=eerder, later=later, rijen=rijen, grafieken=grafieken, **kwargs
        )


class AanvraagAfnamesView(LoginRequiredMixin, View):
    """Attach a finished afname to a concept application, or take it off again."""

    def post(self, request, pk, aanvraag_pk):
        from passend.trajecten import selectors as traject_selectors

        traject, _ = traject_selectors.traject_get(actor=request.user, pk=pk)
        aanvraag = traject_selectors.aanvraag_get(actor=request.user, traject=traject, pk=aanvraag_pk)
        require(request.user, "trajecten.aanvraag_schrijven", traject)
        afname_pk = request.POST.get("afname", "")
        if not afname_pk.isdigit() or traject.leerling_id is None:
            messages.error(request, "Kies een vragenlijst.")
            return redirect("trajecten:aanvraag", pk=pk, aanvraag_pk=aanvraag_pk)
        _, _, afname = selectors.afname_get(actor=request.user, pk=afname_pk, leerling_pk=traject.leerling_id)
        try:
            if request.POST.get("actie") == "losmaken":
                services.afname_losmaken(actor=request.user, aanvraag=aanvraag, afname=afname)
                messages.success(request, f"{afname.instrument.naam} hoort niet meer bij de aanvraag.")
            else:
                services.afname_bijvoegen(actor=request.user, aanvraag=aanvraag, afname=afname)
                messages.success(request, f"{afname.instrument.naam} is bij de aanvraag gevoegd.")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("trajecten:aanvraag", pk=pk, aanvraag_pk=aanvraag_pk)


# --- Beheer ------------------------------------------------------------------------------------


class InstrumentenBeheerView(LoginRequiredMixin, TemplateView):
    """The beheerder's instruments: load a definition, install an example, take a version in or out of use."""

    template_name = "instrumenten/beheer.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            require(request.user, "core.open_beheer")
        return super().dispatch(request, *args, **kwargs)

    def _swv(self):
        swvs = list(beheer_samenwerkingsverbanden(actor=self.request.user))
        gekozen = self.request.POST.get("samenwerkingsverband") or self.request.GET.get("samenwerkingsverband")
        return next((s for s in swvs if str(s.pk) == gekozen), swvs[0] if swvs else None), swvs

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self._context())

    def post(self, request, *args, **kwargs):
        swv, _ = self._swv()
        formulier = request.POST.get("formulier")
        if formulier == "preset":
            form = PresetForm(request.POST)
            if form.is_valid():
                instrument = services.instrument_preset_installeren(
                    actor=request.user, samenwerkingsverband=swv, code=form.cleaned_data["code"]
                )
                messages.success(request, f"{instrument.naam} is geïnstalleerd (versie {instrument.versie}).")
            return redirect("instrumenten:beheer")
        if formulier == "activeren":
            instrument = selectors.instrument_get(actor=request.user, pk=request.POST.get("instrument", ""))
            actief = request.POST.get("actief") == "1"
            services.instrument_activeren(actor=request.user, instrument=instrument, actief=actief)
            messages.success(request, f"{instrument.naam} is {'in' if actief else 'uit'} gebruik genomen.")
            return redirect("instrumenten:beheer")
        form = InstrumentLadenForm(request.POST, request.FILES)
        require(request.user, "instrumenten.beheren", swv)
        if form.is_valid():
            bestand = form.cleaned_data["bestand"]
            try:
                instrument = services.instrument_laden(
                    actor=request.user, samenwerkingsverband=swv, inhoud=bestand.read(), bestandsnaam=bestand.name
                )
                messages.success(request, f"{instrument.naam} is geladen als versie {instrument.versie}.")
                return redirect("instrumenten:instrument", pk=instrument.pk)
            except ValidationError as error:
                form.add_error("bestand", error)
        return self.render_to_response(self._context(laden_form=form), status=400)

    def _context(self, **forms):
        swv, swvs = self._swv()
        forms.setdefault("laden_form", InstrumentLadenForm())
        return self.get_context_data(
            swv=swv,
            samenwerkingsverbanden=swvs,
            instrumenten=selectors.instrumenten_beheer(actor=self.request.user),
            presets=services.PRESET_CODES,
            **forms,
        )


class InstrumentView(LoginRequiredMixin, TemplateView):
    """One instrument version: its questions and norm tables; load a norm table."""

    template_name = "instrumenten/instrument.html"

    def get(self, request, *args, **kwargs):
        instrument = selectors.instrument_get(actor=request.user, pk=kwargs["pk"])
        return self.render_to_response(self._context(instrument))

    def post(self, request, *args, **kwargs):
        instrument = selectors.instrument_get(actor=request.user, pk=kwargs["pk"])
        form = NormtabelForm(request.POST, request.FILES)
        if form.is_valid():
            bestand = form.cleaned_data["bestand"]
            try:
                tabel = services.normtabel_laden(
                    actor=request.user,
                    instrument=instrument,
                    inhoud=bestand.read(),
                    bron=form.cleaned_data["bron"],
                    bestandsnaam=bestand.name,
                )
                messages.success(request, f"De normtabel is geladen ({tabel.regels.count()} regels).")
                return redirect("instrumenten:instrument", pk=instrument.pk)
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    apply_service_errors(form, error)
                else:
                    form.add_error("bestand", error)
        return self.render_to_response(self._context(instrument, normtabel_form=form), status=400)

    def _context(self, instrument, **forms):
        forms.setdefault("normtabel_form", NormtabelForm())
        heeft_scores = any(g.scoren for g in instrument.gebieden.all())
        return self.get_context_data(
            instrument=instrument,
            opbouw=selectors.opbouw(instrument),
            normtabellen=list(instrument.normtabellen.all()),
            heeft_scores=heeft_scores,
            mag_beheren=can(self.request.user, "instrumenten.beheren", instrument.samenwerkingsverband),
            **forms,
        )
