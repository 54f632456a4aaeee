"""Pages for IVO's five fields: a pupil's needs, the matching advice and the commission's choice on a
traject, a school's or provision's profile and its check, the covering network, and the beheerder's
scale, basisondersteuning and additional arrangements."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.views.generic import TemplateView

from passend.core import audit
from passend.core.authz import can
from passend.core.forms_util import apply_service_errors
from passend.core.services import require
from passend.instrumenten.models import Afname
from passend.matching import netwerk, selectors, services
from passend.matching.forms import (
    AanvullendArrangementForm,
    BehoefteForm,
    ControleForm,
    MatchkeuzeForm,
    ProfielForm,
    SchaalForm,
    VijfVeldenForm,
)
from passend.matching.models import AanvullendArrangement
from passend.matching.velden import VELDEN
from passend.organisaties.selectors import samenwerkingsverband_list
from passend.trajecten.selectors import lopende_trajecten


class BehoefteView(LoginRequiredMixin, TemplateView):
    """A pupil's needs on the five fields: the current version, the earlier ones, and a new one."""

    template_name = "matching/behoefte.html"

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self._context())

    def post(self, request, *args, **kwargs):
        leerling, _grant, profielen = selectors.behoefteprofielen(actor=request.user, leerling_pk=kwargs["pk"])
        require(request.user, "matching.behoefte_vaststellen", leerling)
        afnames, trajecten = self._keuzes(leerling)
        form = BehoefteForm(
            request.POST,
            schaal=selectors.schaal(leerling.samenwerkingsverband_id),
            afnames=afnames,
            trajecten=trajecten,
        )
        if form.is_valid():
            try:
                services.behoefteprofiel_vaststellen(
                    actor=request.user,
                    leerling=leerling,
                    niveaus=form.niveaus(),
                    toelichtingen=form.toelichtingen(),
                    samenvatting=form.cleaned_data["samenvatting"],
                    traject=next((t for t in trajecten if t.pk == form.cleaned_data.get("traject")), None),
                    bronnen=[a for a in afnames if a.pk in form.cleaned_data.get("bronnen", [])],
                )
                messages.success(request, "De onderwijsbehoeften zijn vastgelegd.")
                return redirect("matching:behoefte", pk=leerling.pk)
            except ValidationError as error:
                apply_service_errors(form, error)
        return self.render_to_response(self._context(form=form), status=400)

    def _keuzes(self, leerling):
        afnames = list(
            Afname.objects.filter(leerling=leerling, status=Afname.Status.AFGEROND).select_related("instrument")
        )
        return afnames, lopende_trajecten(self.request.user, leerling)

    def _context(self, form=None):
        leerling, grant, profielen = selectors.behoefteprofielen(actor=self.request.user, leerling_pk=self.kwargs["pk"])
        schaal = selectors.schaal(leerling.samenwerkingsverband_id)
        if form is None and can(self.request.user, "matching.behoefte_vaststellen", leerling):
            afnames, trajecten = self._keuzes(leerling)
            form = BehoefteForm(
                schaal=schaal,
                afnames=afnames,
                trajecten=trajecten,
                initial=VijfVeldenForm.initial_van(profielen[0] if profielen else None),
            )
        return self.get_context_data(
            leerling=leerling,
            grant=grant,
            huidig=profielen[0] if profielen else None,
            eerder=profielen[1:],
            schaal=schaal,
            form=form,
            matching_trajecten=[
                t
                for t in lopende_trajecten(self.request.user, leerling)
                if can(self.request.user, "matching.advies", t)
            ],
        )


class MatchingView(LoginRequiredMixin, TemplateView):
    """The advice for a traject's pupil, and the commission's choice with its reason."""

    template_name = "matching/matching.html"

    def _traject(self):
        from passend.trajecten import selectors as traject_selectors

        traject, _ = traject_selectors.traject_get(actor=self.request.user, pk=self.kwargs["pk"])
        return traject

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self._context(self._traject()))

    def post(self, request, *args, **kwargs):
        traject = self._traject()
        require(request.user, "matching.kiezen", traject)
        matching = selectors.matching_voor(actor=request.user, traject=traject)
        kandidaten = matching.advies.kandidaten if matching.advies else []
        form = MatchkeuzeForm(request.POST, kandidaten=kandidaten)
        if form.is_valid():
            try:
                services.matchkeuze_vastleggen(
                    actor=request.user,
                    traject=traject,
                    uitkomst=form.cleaned_data["uitkomst"],
                    reden=form.cleaned_data["reden"],
                    keuze=form.cleaned_data["keuze"],
                    advies=selectors.advies_samenvatting(matching.advies),
                )
                messages.success(request, "De keuze van de commissie is vastgelegd.")
                return redirect("matching:matching", pk=traject.pk)
            except ValidationError as error:
                apply_service_errors(form, error)
        return self.render_to_response(self._context(traject, form=form, matching=matching), status=400)

    def _context(self, traject, form=None, matching=None):
        matching = matching or selectors.matching_voor(actor=self.request.user, traject=traject)
        if form is None and matching.advies and can(self.request.user, "matching.kiezen", traject):
            form = MatchkeuzeForm(kandidaten=matching.advies.kandidaten, initial={"uitkomst": matching.advies.uitkomst})
        from passend.matching.engine import TREDEN

        return self.get_context_data(
            traject=traject,
            m=matching,
            form=form,
            treden=[(trede, TREDEN[trede], matching.advies.per_trede.get(trede, [])) for trede in TREDEN]
            if matching.advies
            else [],
            mag_behoefte=can(self.request.user, "matching.behoefte_vaststellen", traject.leerling),
        )


class ProfielView(LoginRequiredMixin, TemplateView):
    """A school's or provision's profile on the five fields: in force, awaiting the check, history; a new version."""

    template_name = "matching/profiel.html"

    def _setting(self):
        return selectors.setting_get(actor=self.request.user, soort=self.kwargs["soort"], pk=self.kwargs["pk"])

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self._context(self._setting()))

    def post(self, request, *args, **kwargs):
        setting = self._setting()
        require(request.user, "matching.profiel_opstellen", setting)
        form = ProfielForm(request.POST, schaal=selectors.schaal(setting.samenwerkingsverband_id))
        if form.is_valid():
            try:
                profiel = services.ondersteuningsprofiel_opstellen(
                    actor=request.user,
                    setting=setting,
                    niveaus=form.niveaus(),
                    toelichtingen=form.toelichtingen(),
                    samenvatting=form.cleaned_data["samenvatting"],
                )
                if hasattr(profiel, "controle"):
                    messages.success(request, "Het profiel is vastgesteld.")
                else:
                    messages.success(request, "Het profiel is ingediend; het samenwerkingsverband controleert het.")
                return redirect("matching:profiel", soort=self.kwargs["soort"], pk=setting.pk)
            except ValidationError as error:
                apply_service_errors(form, error)
        return self.render_to_response(self._context(setting, form=form), status=400)

    def _context(self, setting, form=None):
        grant, stand, versies = selectors.profiel_van(actor=self.request.user, setting=setting)
        schaal = selectors.schaal(setting.samenwerkingsverband_id)
        if form is None and can(self.request.user, "matching.profiel_opstellen", setting):
            nieuwste = stand.ter_controle or stand.teruggestuurd or stand.vastgesteld
            form = ProfielForm(
                schaal=schaal,
                initial={**VijfVeldenForm.initial_van(nieuwste), "samenvatting": getattr(nieuwste, "samenvatting", "")},
            )
        return self.get_context_data(
            setting=setting,
            soort=self.kwargs["soort"],
            stand=stand,
            versies=versies,
            schaal=schaal,
            basis=selectors.basisondersteuning(setting.samenwerkingsverband_id),
            form=form,
            mag_controleren=can(self.request.user, "matching.profiel_controleren", setting),
        )


class ControleView(LoginRequiredMixin, TemplateView):
    """Profiles the partnership has yet to check: approve (matching uses it) or send back with a remark."""

    template_name = "matching/controle.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not any(
            can(request.user, "matching.profiel_controleren", swv)
            for swv in samenwerkingsverband_list(actor=request.user)
        ):
            audit.log_denied(
                reason="geen recht: matching.profiel_controleren", object_type="matching.ondersteuningsprofiel"
            )
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self._context())

    def post(self, request, *args, **kwargs):
        profiel = next(
            (p for p in selectors.te_controleren(actor=request.user) if str(p.pk) == request.POST.get("profiel")), None
        )
        if profiel is None:
            messages.error(request, "Dit profiel wacht niet (meer) op controle.")
            return redirect("matching:controle")
        form = ControleForm(request.POST, prefix=f"p{profiel.pk}")
        if form.is_valid():
            try:
                services.ondersteuningsprofiel_controleren(
                    actor=request.user,
                    profiel=profiel,
                    uitkomst=form.cleaned_data["uitkomst"],
                    opmerking=form.cleaned_data["opmerking"],
                )
                messages.success(request, f"Het profiel van {profiel.setting} is {form.cleaned_data['uitkomst']}.")
                return redirect("matching:controle")
            except ValidationError as error:
                apply_service_errors(form, error)
        return self.render_to_response(self._context(fout={profiel.pk: form}), status=400)

    def _context(self, fout=None):
        fout = fout or {}
        profielen = selectors.te_controleren(actor=self.request.user)
        standen = {}
        for p in profielen:
            standen.setdefault(p.samenwerkingsverband_id, selectors.profielstanden(p.samenwerkingsverband_id))
        rijen = []
        for p in profielen:
            sleutel = f"school:{p.school_id}" if p.school_id else f"voorziening:{p.voorziening_id}"
            vorige = standen[p.samenwerkingsverband_id][sleutel].vastgesteld
            rijen.append((p, vorige, fout.get(p.pk) or ControleForm(prefix=f"p{p.pk}")))
        return self.get_context_data(rijen=rijen)


class DekkendNetwerkView(LoginRequiredMixin, TemplateView):
    """The covering network of one of the actor's partnerships on the five fields."""

    template_name = "matching/dekkend_netwerk.html"

    def get_context_data(self, **kwargs):
        swvs = list(samenwerkingsverband_list(actor=self.request.user))
        if not swvs:
            audit.log_denied(reason="geen samenwerkingsverband", object_type="matching.dekkend_netwerk")
            raise PermissionDenied
        gekozen = self.request.GET.get("samenwerkingsverband", "")
        swv = next((s for s in swvs if str(s.pk) == gekozen), swvs[0])
        n = netwerk.dekkend_netwerk(
            actor=self.request.user, samenwerkingsverband=swv, veld=self.request.GET.get("veld", "")
        )
        return super().get_context_data(
            n=n,
            samenwerkingsverbanden=swvs,
            velden=selectors.veldnamen(),
            profielen_zonder=len(n.standen) - n.profielen_vastgesteld,
            mag_controleren=can(self.request.user, "matching.profiel_controleren", swv),
            **kwargs,
        )


class _Beheer(LoginRequiredMixin, TemplateView):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.swvs = [
                s for s in samenwerkingsverband_list(actor=request.user) if can(request.user, "matching.beheren", s)
            ]
            if not self.swvs:
                audit.log_denied(reason="geen recht: matching.beheren", object_type="matching.intensiteitsniveau")
                raise PermissionDenied
            gekozen = request.POST.get("samenwerkingsverband") or request.GET.get("samenwerkingsverband", "")
            self.swv = next((s for s in self.swvs if str(s.pk) == gekozen), self.swvs[0])
        return super().dispatch(request, *args, **kwargs)


class VijfVeldenBeheerView(_Beheer):
    """The intensity scale per field and the partnership's basisondersteuning on the five fields."""

    template_name = "matching/vijf_velden_beheer.html"

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self._context())

    def post(self, request, *args, **kwargs):
        schaal = selectors.schaal(self.swv.pk)
        if request.POST.get("formulier") == "basis":
            form = VijfVeldenForm(request.POST, schaal=schaal, prefix="basis")
            if form.is_valid():
                try:
                    services.basisondersteuning_vaststellen(
                        actor=request.user,
                        samenwerkingsverband=self.swv,
                        niveaus=form.niveaus(),
                        toelichtingen=form.toelichtingen(),
                    )
                    messages.success(request, "De basisondersteuning is vastgesteld.")
                    return redirect("matching:vijf_velden")
                except ValidationError as error:
                    apply_service_errors(form, error)
            return self.render_to_response(self._context(basis_form=form), status=400)
        veld = request.POST.get("veld")
        if veld not in VELDEN:
            return redirect("matching:vijf_velden")
        form = SchaalForm(request.POST, veld=veld, niveaus=schaal[veld], prefix=veld)
        if form.is_valid():
            try:
                services.schaal_vaststellen(
                    actor=request.user, samenwerkingsverband=self.swv, veld=veld, omschrijvingen=form.omschrijvingen()
                )
                messages.success(request, f"De schaal voor {form.naam.lower()} is opgeslagen.")
                return redirect("matching:vijf_velden")
            except ValidationError as error:
                apply_service_errors(form, error)
        return self.render_to_response(self._context(schaal_fout={veld: form}), status=400)

    def _context(self, basis_form=None, schaal_fout=None):
        schaal = selectors.schaal(self.swv.pk)
        basis = selectors.basisondersteuning(self.swv.pk)
        schaal_fout = schaal_fout or {}
        return self.get_context_data(
            swv=self.swv,
            samenwerkingsverbanden=self.swvs,
            schaal=schaal,
            basis=basis,
            basis_form=basis_form
            or VijfVeldenForm(schaal=schaal, prefix="basis", initial=VijfVeldenForm.initial_van(basis)),
            schaal_forms=[schaal_fout.get(v) or SchaalForm(veld=v, niveaus=schaal[v], prefix=v) for v in VELDEN],
        )


class AanvullendeArrangementenView(_Beheer):
    """The additional arrangements matching may propose, with what they add per field."""

    template_name = "matching/aanvullende_arrangementen.html"

    def _instance(self):
        pk = self.kwargs.get("arrangement_pk")
        if pk is None:
            return None
        instance = AanvullendArrangement.objects.filter(pk=pk, samenwerkingsverband=self.swv).first()
        if instance is None:
            audit.log_denied(
                reason="niet gevonden of geen toegang",
                object_type="matching.aanvullendarrangement",
                detail={"gevraagd_id": str(pk)},
            )
            raise Http404
        return instance

    def get(self, request, *args, **kwargs):
        instance = self._instance()
        return self.render_to_response(
            self._context(AanvullendArrangementForm(instance=instance, samenwerkingsverband=self.swv), instance)
        )

    def post(self, request, *args, **kwargs):
        instance = self._instance()
        form = AanvullendArrangementForm(request.POST, instance=instance, samenwerkingsverband=self.swv)
        if form.is_valid():
            try:
                services.aanvullend_arrangement_opslaan(
                    actor=request.user,
                    samenwerkingsverband=self.swv,
                    data={naam: form.cleaned_data[naam] for naam in form.Meta.fields},
                    instance=AanvullendArrangement.objects.get(pk=instance.pk) if instance else None,
                )
                messages.success(request, f"‘{form.cleaned_data['naam']}’ is opgeslagen.")
                return redirect("matching:aanvullende_arrangementen")
            except ValidationError as error:
                apply_service_errors(form, error)
        return self.render_to_response(self._context(form, instance), status=400)

    def _context(self, form, instance):
        return self.get_context_data(
            swv=self.swv,
            form=form,
            instance=instance,
            arrangementen=list(
                AanvullendArrangement.objects.filter(samenwerkingsverband=self.swv).select_related(
                    "school", "voorziening"
                )
            ),
        )
