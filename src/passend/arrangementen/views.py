"""The arrangement pages: granting one on a decision, the arrangement itself with everything that
happens to it, the list, the expert's caseload, the teamleider's assignment list and closing a
month. Thin: the selectors read (scoped and audited), the services write and check who may."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView

from passend.accounts.roles import Rol
from passend.arrangementen import forms as f
from passend.arrangementen import selectors, services
from passend.arrangementen.models import Aanbieder, Arrangement, Plaatsingstaak, Status
from passend.arrangementen.policies import AANBIEDER_ROLLEN, POOLBEHEER, poolbeheer
from passend.core.authz import can, explain
from passend.core.forms_util import apply_service_errors
from passend.core.navigation import PROFESSIONALS
from passend.core.services import require
from passend.core.views import SectionView
from passend.trajecten import selectors as traject_selectors

# Who can provide support and so has a caseload (arrangementen.policies.scope_view).


def _fouten(form, fout: ValidationError, naar: dict | None = None) -> None:
    """The service's messages on the form's fields; `naar` renames fields first."""
    if hasattr(fout, "error_dict") and naar:
        fouten: dict[str, list] = {}
        for veld, meldingen in fout.error_dict.items():
            fouten.setdefault(naar(veld) if callable(naar) else naar.get(veld, veld), []).extend(meldingen)
        fout = ValidationError(fouten)
    apply_service_errors(form, fout)


def _arrangement_label(aanbieder: Aanbieder) -> str:
    a = aanbieder.arrangement
    over = a.leerling.naam if a.leerling_id else a.school.naam
    return f"{over} — {a.get_soort_display()}, {a.school.naam}"


# --- Granting on a decision ---------------------------------------------------------------------


class ArrangementVastleggenView(LoginRequiredMixin, TemplateView):
    """The partnership puts a granted decision into effect: the arrangement with its goals."""

    template_name = "arrangementen/arrangement_vastleggen.html"

    def _get(self):
        user = self.request.user
        traject, _ = traject_selectors.traject_get(actor=user, pk=self.kwargs["pk"])
        aanvraag = traject_selectors.aanvraag_get(actor=user, traject=traject, pk=self.kwargs["aanvraag_pk"])
        besluit = traject_selectors.besluit_van(aanvraag)
        if besluit is None:
            raise Http404
        besluit.aanvraag = aanvraag
        require(user, "arrangementen.toekennen", traject)
        return traject, aanvraag, besluit

    def _form(self, traject, aanvraag, data=None):
        from passend.dossier.models import OppDoel
        from passend.organisaties.models import School, Voorziening

        user = self.request.user
        opp_doelen = OppDoel.objects.none()
        if traject.leerling_id and can(user, "dossier.view_opp", traject.leerling):
            opp_doelen = (
                OppDoel.objects.filter(
                    versie__opp__leerling_id=traject.leerling_id, versie__vastgesteld_op__isnull=False
                )
                .filter(versie__nummer=_nieuwste_vastgesteld(traject.leerling_id))
                .order_by("domein", "-soort", "id")
            )
        swv = traject.samenwerkingsverband_id
        return f.ArrangementForm(
            data,
            soorten=services.SOORTEN_BIJ_AANVRAAG.get(aanvraag.soort, set()),
            scholen=School.objects.filter(samenwerkingsverband_id=swv).order_by("naam"),
            voorzieningen=Voorziening.objects.filter(samenwerkingsverband_id=swv).order_by("naam"),
            opp_doelen=opp_doelen,
            initial={"plaats_school": None, "ontvangers": ["leerling"] if traject.leerling_id else ["team"]},
        )

    def _render(self, traject, aanvraag, besluit, form, status=200):
        return self.render_to_response(
            self.get_context_data(traject=traject, aanvraag=aanvraag, besluit=besluit, form=form), status=status
        )

    def _al_vastgelegd(self, besluit):
        bestaand = Arrangement.objects.filter(besluit=besluit).first()
        if bestaand is not None:
            messages.info(self.request, f"Bij besluit {besluit.nummer} is het arrangement al vastgelegd.")
            return redirect("arrangementen:detail", pk=bestaand.pk)
        return None

    def get(self, request, *args, **kwargs):
        traject, aanvraag, besluit = self._get()
        return self._al_vastgelegd(besluit) or self._render(traject, aanvraag, besluit, self._form(traject, aanvraag))

    def post(self, request, *args, **kwargs):
        traject, aanvraag, besluit = self._get()
        if bestaand := self._al_vastgelegd(besluit):
            return bestaand
        form = self._form(traject, aanvraag, request.POST)
        if form.is_valid():
            try:
                arrangement = services.arrangement_toekennen(actor=request.user, besluit=besluit, **form.gegevens())
                messages.success(request, "Het arrangement is vastgelegd; de evaluaties zijn gepland.")
                return redirect("arrangementen:detail", pk=arrangement.pk)
            except ValidationError as fout:
                _fouten(form, fout, lambda veld: "doelen" if veld.startswith("doelen_") else veld)
        return self._render(traject, aanvraag, besluit, form, status=400)


def _nieuwste_vastgesteld(leerling_id: int):
    from django.db.models import Max

    from passend.dossier.models import OppVersie

    return (
        OppVersie.objects.filter(opp__leerling_id=leerling_id, vastgesteld_op__isnull=False)
        .aggregate(n=Max("nummer"))
        .get("n")
    )


# --- The arrangement --------------------------------------------------------------------------


class ArrangementDetailView(LoginRequiredMixin, TemplateView):
    """One arrangement: goals, providers with planned and delivered hours, history, evaluations,
    placement tasks and hours; each form only for whoever may use it."""

    template_name = "arrangementen/arrangement_detail.html"

    def _get(self):
        arrangement, grant = selectors.arrangement_get(actor=self.request.user, pk=self.kwargs["pk"])
        return arrangement, grant

    def _mag(self, arrangement) -> dict:
        user = self.request.user
        inzet = explain(user, "arrangementen.inzet_boeken", arrangement)
        return {
            "toewijzen": can(user, "arrangementen.toewijzen", arrangement),
            "toekennen": can(user, "arrangementen.toekennen", arrangement.traject),
            "evalueren": can(user, "arrangementen.evalueren", arrangement),
            "inzet": inzet is not None,
            # A providing expert books on their own part; the pool's managers on any part.
            "inzet_eigen": inzet is not None
            and inzet.rule.code == "aanbieder_van_arrangement"
            and poolbeheer(user, arrangement) is None,
            "oudervragenlijst": can(user, "arrangementen.oudervragenlijst", arrangement),
            "materiaal": can(user, "arrangementen.materiaal_boeken", arrangement),
        }

    def _pool(self, arrangement):
        return selectors.pool_van(arrangement)

    def _aanbieder_form(self, arrangement, data=None, suggesties=None):
        form = f.AanbiederForm(data, deskundigen=self._pool(arrangement), auto_id="aanbieder-%s")
        if suggesties:
            waarom = {s.deskundige.pk: s.waarom for s in suggesties}
            volgorde = {s.deskundige.pk: i for i, s in enumerate(suggesties)}
            veld = form.fields["deskundige"]
            veld.label_from_instance = lambda d: (
                f"{d.naam} ({d.get_discipline_display().lower()}): {waarom.get(d.pk, '')}"
            )
            veld.choices = [("", "—")] + sorted(
                ((d.pk, veld.label_from_instance(d)) for d in veld.queryset),
                key=lambda keuze: volgorde.get(keuze[0], 10**6),
            )
        return form

    def _inzet_form(self, arrangement, mag, data=None):
        aanbieders = arrangement.aanbieders.filter(beeindigd_op__isnull=True)
        if mag["inzet_eigen"]:
            aanbieders = aanbieders.filter(deskundige__gebruiker=self.request.user)
        return f.InzetForm(data, aanbieders=aanbieders.order_by("id"), auto_id="inzet-%s")

    def _evaluatie_form(self, arrangement, data=None):
        # The page offers the open evaluations; a submitted one is any of this arrangement's, so
        # the service says why it cannot be recorded (held already, the arrangement ended).
        evaluaties = arrangement.evaluaties.order_by("gepland_op", "id")
        if data is None:
            evaluaties = evaluaties.filter(datum__isnull=True)
        return f.EvaluatieForm(
            data, evaluaties=evaluaties, doelen=arrangement.doelen.order_by("id"), auto_id="evaluatie-%s"
        )

    def _ouder(self, arrangement):
        schap = arrangement.leerling.ouderschappen.filter(ouder__gebruiker=self.request.user).first()
        return schap.ouder_id if schap else None

    @staticmethod
    def _vragenlijst_voor(evaluaties, ouder_id):
        """The evaluation the parent's questionnaire is for: the next one not held, else the last
        one held; None once they filled it in."""
        open_ = [e for e in evaluaties if not e.is_gehouden]
        gehouden = [e for e in evaluaties if e.is_gehouden]
        doel = open_[0] if open_ else (gehouden[-1] if gehouden else None)
        if doel is None or any(v.ouder_id == ouder_id for v in doel.oudervragenlijsten.all()):
            return None
        return doel

    def _context(self, arrangement, grant, **forms):
        detail = selectors.arrangement_detail(arrangement=arrangement)
        mag = self._mag(arrangement)
        lopend = arrangement.status != Status.BEEINDIGD
        suggesties = []
        if lopend and mag["toewijzen"]:
            suggesties = selectors.suggesties(arrangement=arrangement, deskundigen=self._pool(arrangement))
            forms.setdefault("aanbieder_form", self._aanbieder_form(arrangement, suggesties=suggesties))
            if arrangement.soort in services.OMZETBAAR:
                forms.setdefault("omzetten_form", f.OmzettenForm(huidig=arrangement.soort, auto_id="omzetten-%s"))
        if lopend and mag["toekennen"]:
            forms.setdefault("verlengen_form", f.VerlengenForm(auto_id="verlengen-%s"))
        open_evaluaties = [e for e in detail["evaluaties"] if not e.is_gehouden]
        if lopend and mag["evalueren"]:
            forms.setdefault("beeindigen_form", f.ToelichtingForm(auto_id="beeindigen-%s"))
            if open_evaluaties:
                forms.setdefault("evaluatie_form", self._evaluatie_form(arrangement))
        taak_forms = {}
        if lopend and mag["evalueren"]:
            fout_taak = forms.pop("taak_form", None)
            for taak in detail["plaatsingstaken"]:
                if taak.gedaan_op is None:
                    taak_forms[taak.pk] = (
                        fout_taak
                        if fout_taak is not None and fout_taak.auto_id == f"taak{taak.pk}-%s"
                        else f.PlaatsingstaakForm(auto_id=f"taak{taak.pk}-%s")
                    )
        if lopend and mag["inzet"]:
            forms.setdefault("inzet_form", self._inzet_form(arrangement, mag))
        if lopend and mag["materiaal"] and arrangement.materiaalbudget > 0:
            forms.setdefault("materiaal_form", f.MateriaalForm(auto_id="materiaal-%s"))
        vragenlijst_voor = None
        if lopend and mag["oudervragenlijst"]:
            vragenlijst_voor = self._vragenlijst_voor(detail["evaluaties"], self._ouder(arrangement))
            if vragenlijst_voor is not None:
                forms.setdefault("vragenlijst_form", f.OuderVragenlijstForm(auto_id="vragenlijst-%s"))
        return self.get_context_data(
            arrangement=arrangement,
            grant=grant,
            mag=mag,
            lopend=lopend,
            suggesties=suggesties[:5],
            taken=[(taak, taak_forms.get(taak.pk)) for taak in detail["plaatsingstaken"]],
            vragenlijst_voor=vragenlijst_voor,
            aantal_te_laat=sum(1 for e in open_evaluaties if e.is_te_laat),
            vandaag=timezone.localdate(),
            mag_lijst=bool(self.request.user.rollen() & (PROFESSIONALS - {Rol.EXTERN})),
            **detail,
            **forms,
        )

    def get(self, request, *args, **kwargs):
        arrangement, grant = self._get()
        return self.render_to_response(self._context(arrangement, grant))

    def post(self, request, *args, **kwargs):
        arrangement, grant = self._get()
        handlers = {
            "aanbieder": self._aanbieder,
            "aanbieder_beeindigen": self._aanbieder_beeindigen,
            "inzet": self._inzet,
            "materiaal": self._materiaal,
            "starten": self._starten,
            "verlengen": self._verlengen,
            "beeindigen": self._beeindigen,
            "omzetten": self._omzetten,
            "evaluatie": self._evaluatie,
            "oudervragenlijst": self._oudervragenlijst,
            "plaatsingstaak": self._plaatsingstaak,
        }
        handler = handlers.get(request.POST.get("formulier"))
        if handler is None:
            return redirect("arrangementen:detail", pk=arrangement.pk)
        return handler(request, arrangement, grant)

    def _terug(self, arrangement, anker: str):
        return redirect(reverse("arrangementen:detail", args=[arrangement.pk]) + f"#{anker}")

    def _opnieuw(self, arrangement, grant, **forms):
        return self.render_to_response(self._context(arrangement, grant, **forms), status=400)

    def _uitvoeren(self, request, arrangement, grant, form, sleutel, actie, gelukt, anker, naar=None):
        if form.is_valid():
            try:
                actie(form.cleaned_data)
                messages.success(request, gelukt)
                return self._terug(arrangement, anker)
            except ValidationError as fout:
                _fouten(form, fout, naar)
        arrangement, grant = self._get()
        return self._opnieuw(arrangement, grant, **{sleutel: form})

    def _aanbieder(self, request, arrangement, grant):
        require(request.user, "arrangementen.toewijzen", arrangement)
        form = self._aanbieder_form(arrangement, request.POST)

        def actie(data):
            services.aanbieder_toewijzen(actor=request.user, arrangement=arrangement, **data)

        return self._uitvoeren(
            request, arrangement, grant, form, "aanbieder_form", actie, "De aanbieder is toegewezen.", "aanbieders-kop"
        )

    def _aanbieder_beeindigen(self, request, arrangement, grant):
        require(request.user, "arrangementen.toewijzen", arrangement)
        aanbieder = arrangement.aanbieders.filter(pk=request.POST.get("aanbieder", "")[:12] or None).first()
        if aanbieder is None:
            return self._terug(arrangement, "aanbieders-kop")
        try:
            services.aanbieder_beeindigen(actor=request.user, aanbieder=aanbieder)
            messages.success(
                request, f"{aanbieder.naam} biedt het arrangement niet meer; de geboekte uren blijven staan."
            )
        except ValidationError as fout:
            messages.error(request, " ".join(fout.messages))
        return self._terug(arrangement, "aanbieders-kop")

    def _inzet(self, request, arrangement, grant):
        mag = self._mag(arrangement)
        if not mag["inzet"]:
            require(request.user, "arrangementen.inzet_boeken", arrangement)
        form = self._inzet_form(arrangement, mag, request.POST)

        def actie(data):
            services.inzet_boeken(actor=request.user, **data)

        return self._uitvoeren(
            request, arrangement, grant, form, "inzet_form", actie, "De uren zijn geboekt.", "inzet-kop"
        )

    def _materiaal(self, request, arrangement, grant):
        require(request.user, "arrangementen.materiaal_boeken", arrangement)
        form = f.MateriaalForm(request.POST, auto_id="materiaal-%s")

        def actie(data):
            services.materiaaluitgave_boeken(actor=request.user, arrangement=arrangement, **data)

        return self._uitvoeren(
            request, arrangement, grant, form, "materiaal_form", actie, "De aankoop is geboekt.", "materiaal-kop"
        )

    def _starten(self, request, arrangement, grant):
        try:
            services.arrangement_starten(actor=request.user, arrangement=arrangement)
            messages.success(request, "Het arrangement loopt.")
        except ValidationError as fout:
            messages.error(request, " ".join(fout.messages))
        return self._terug(arrangement, "status-kop")

    def _verlengen(self, request, arrangement, grant):
        require(request.user, "arrangementen.toekennen", arrangement.traject)
        form = f.VerlengenForm(request.POST, auto_id="verlengen-%s")

        def actie(data):
            services.arrangement_verlengen(actor=request.user, arrangement=arrangement, **data)

        return self._uitvoeren(
            request, arrangement, grant, form, "verlengen_form", actie, "Het arrangement is verlengd.", "status-kop"
        )

    def _beeindigen(self, request, arrangement, grant):
        require(request.user, "arrangementen.evalueren", arrangement)
        form = f.ToelichtingForm(request.POST, auto_id="beeindigen-%s")

        def actie(data):
            services.arrangement_beeindigen(actor=request.user, arrangement=arrangement, **data)

        return self._uitvoeren(
            request, arrangement, grant, form, "beeindigen_form", actie, "Het arrangement is beëindigd.", "status-kop"
        )

    def _omzetten(self, request, arrangement, grant):
        require(request.user, "arrangementen.toewijzen", arrangement)
        form = f.OmzettenForm(request.POST, huidig=arrangement.soort, auto_id="omzetten-%s")

        def actie(data):
            services.arrangement_omzetten(actor=request.user, arrangement=arrangement, **data)

        return self._uitvoeren(
            request, arrangement, grant, form, "omzetten_form", actie, "Het arrangement is omgezet.", "status-kop"
        )

    def _evaluatie(self, request, arrangement, grant):
        require(request.user, "arrangementen.evalueren", arrangement)
        form = self._evaluatie_form(arrangement, request.POST)

        def actie(data):
            services.evaluatie_vastleggen(
                actor=request.user, evaluatie=form.cleaned_data["evaluatie"], **form.gegevens()
            )

        return self._uitvoeren(
            request,
            arrangement,
            grant,
            form,
            "evaluatie_form",
            actie,
            "De evaluatie is vastgelegd.",
            "evaluaties-kop",
            naar=lambda veld: "nieuwe_doelen" if veld.startswith("doelen_") else veld,
        )

    def _oudervragenlijst(self, request, arrangement, grant):
        require(request.user, "arrangementen.oudervragenlijst", arrangement)
        evaluatie = self._vragenlijst_voor(selectors.evaluaties_van(arrangement), self._ouder(arrangement))
        if evaluatie is None:
            messages.info(request, "U heeft de vragenlijst al ingevuld.")
            return self._terug(arrangement, "evaluaties-kop")
        form = f.OuderVragenlijstForm(request.POST, auto_id="vragenlijst-%s")

        def actie(data):
            services.oudervragenlijst_invullen(actor=request.user, evaluatie=evaluatie, **data)

        return self._uitvoeren(
            request,
            arrangement,
            grant,
            form,
            "vragenlijst_form",
            actie,
            "Dank u wel: uw antwoorden staan bij de evaluatie.",
            "evaluaties-kop",
        )

    def _plaatsingstaak(self, request, arrangement, grant):
        require(request.user, "arrangementen.evalueren", arrangement)
        taak = Plaatsingstaak.objects.filter(
            arrangement=arrangement, pk=request.POST.get("taak", "")[:12] or None
        ).first()
        if taak is None:
            return self._terug(arrangement, "plaatsing-kop")
        form = f.PlaatsingstaakForm(request.POST, auto_id=f"taak{taak.pk}-%s")

        def actie(data):
            services.plaatsingstaak_afronden(actor=request.user, taak=taak, **data)

        return self._uitvoeren(
            request, arrangement, grant, form, "taak_form", actie, f"‘{taak}’ is gedaan gemeld.", "plaatsing-kop"
        )


# --- Lists ------------------------------------------------------------------------------------


class WerklijstenMixin:
    """Which work lists (caseload, assigning, closing months) the user's roles have."""

    def get_context_data(self, **kwargs):
        rollen = self.request.user.rollen()
        kwargs.setdefault("heeft_caseload", bool(rollen & AANBIEDER_ROLLEN))
        kwargs.setdefault("mag_toewijzen", bool(rollen & POOLBEHEER))
        kwargs.setdefault("mag_maanden", bool(rollen & {Rol.SWV_MANAGEMENT, Rol.BEHEERDER}))
        kwargs.setdefault("vandaag", timezone.localdate())
        return super().get_context_data(**kwargs)


class ArrangementListView(WerklijstenMixin, SectionView):
    """The arrangements the user may see, with planned and delivered hours."""

    url_name = "arrangementen:lijst"
    template_name = "arrangementen/arrangement_list.html"
    STATUSSEN = {"lopend": "Lopend", **dict(Status.choices)}

    def get_context_data(self, **kwargs):
        user = self.request.user
        status = self.request.GET.get("status", "lopend")
        status = status if status in self.STATUSSEN else ""
        page = Paginator(selectors.arrangement_list(actor=user, status=status), 50).get_page(
            self.request.GET.get("pagina")
        )
        return super().get_context_data(
            page=page,
            arrangementen=page.object_list,
            status=status,
            statussen=self.STATUSSEN,
            query=f"status={status}",
            **kwargs,
        )


class CaseloadView(WerklijstenMixin, LoginRequiredMixin, TemplateView):
    """Mijn caseload: the expert's own arrangements (and colleagues' at the same schools); book hours."""

    template_name = "arrangementen/arrangement_caseload.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.rollen() & AANBIEDER_ROLLEN:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def _form(self, data=None):
        return f.InzetForm(
            data, aanbieders=selectors.eigen_aanbiedingen(actor=self.request.user), label=_arrangement_label
        )

    def get_context_data(self, **kwargs):
        arrangementen = list(selectors.caseload(actor=self.request.user))
        kwargs.setdefault("form", self._form())
        return super().get_context_data(
            eigen=[a for a in arrangementen if a.eigen], collegas=[a for a in arrangementen if not a.eigen], **kwargs
        )

    def post(self, request, *args, **kwargs):
        form = self._form(request.POST)
        if form.is_valid():
            try:
                services.inzet_boeken(actor=request.user, **form.cleaned_data)
                messages.success(request, "De uren zijn geboekt.")
                return redirect("arrangementen:caseload")
            except ValidationError as fout:
                apply_service_errors(form, fout)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class ToewijzenView(WerklijstenMixin, LoginRequiredMixin, TemplateView):
    """The teamleider's list: granted arrangements without a pool expert, with suggestions."""

    template_name = "arrangementen/arrangement_toewijzen.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.rollen() & POOLBEHEER:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    PER_PAGINA = 25

    def get_context_data(self, **kwargs):
        user = self.request.user
        page = Paginator(selectors.toe_te_wijzen(actor=user), self.PER_PAGINA).get_page(self.request.GET.get("pagina"))
        rijen = selectors.toewijzen_overzicht(actor=user, arrangementen=page.object_list)
        return super().get_context_data(page=page, rijen=rijen, query="", **kwargs)

    def post(self, request, *args, **kwargs):
        gekozen = request.POST.get("arrangement", "")[:12]
        if not gekozen.isdigit():
            fout = {"arrangement": None, "meldingen": ["Kies een arrangement uit de lijst."]}
            return self.render_to_response(self.get_context_data(fout=fout), status=400)
        arrangement, _ = selectors.arrangement_get(actor=request.user, pk=gekozen)
        require(request.user, "arrangementen.toewijzen", arrangement)
        form = f.SuggestieToewijzenForm(request.POST, deskundigen=selectors.pool_van(arrangement))
        if form.is_valid():
            try:
                services.aanbieder_toewijzen(
                    actor=request.user,
                    arrangement=arrangement,
                    soort=Aanbieder.SoortAanbieder.DESKUNDIGE,
                    **form.cleaned_data,
                )
                over = arrangement.leerling.naam if arrangement.leerling_id else arrangement.school.naam
                messages.success(request, f"{form.cleaned_data['deskundige'].naam} is toegewezen ({over}).")
                return redirect(request.get_full_path())  # back to the same page of the list
            except ValidationError as fout:
                apply_service_errors(form, fout)
        fout = {
            "arrangement": arrangement.pk,
            "deskundige": request.POST.get("deskundige", ""),
            "meldingen": [m for ms in form.errors.values() for m in ms],
            "uren": request.POST.get("uren_gepland", ""),
        }
        return self.render_to_response(self.get_context_data(fout=fout), status=400)


class MaandafsluitingView(WerklijstenMixin, LoginRequiredMixin, TemplateView):
    """Closing past months for hours (the partnership's management and beheerder)."""

    template_name = "arrangementen/arrangement_maanden.html"

    def _overzicht(self):
        overzicht = selectors.maanden_overzicht(actor=self.request.user)
        if not overzicht:
            require(self.request.user, "arrangementen.maand_afsluiten", None)
        return overzicht

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(overzicht=self._overzicht()))

    def post(self, request, *args, **kwargs):
        overzicht = self._overzicht()
        form = f.MaandForm(request.POST)
        swvs = {rij["samenwerkingsverband"].pk: rij["samenwerkingsverband"] for rij in overzicht}
        fout = None
        if form.is_valid() and form.cleaned_data["samenwerkingsverband"] in swvs:
            jaar, maand = form.cleaned_data["maand"]
            try:
                services.maand_afsluiten(
                    actor=request.user,
                    samenwerkingsverband=swvs[form.cleaned_data["samenwerkingsverband"]],
                    jaar=jaar,
                    maand=maand,
                )
                messages.success(request, f"De maand {maand:02d}-{jaar} is afgesloten; er kan geen inzet meer in.")
                return redirect("arrangementen:maanden")
            except ValidationError as e:
                fout = " ".join(e.messages)
        else:
            fout = "Kies een maand en een samenwerkingsverband uit de lijst."
        return self.render_to_response(self.get_context_data(overzicht=self._overzicht(), fout=fout), status=400)
