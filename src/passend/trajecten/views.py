from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView

from passend.core.authz import can
from passend.core.forms_util import apply_service_errors
from passend.core.services import require
from passend.core.views import SectionView
from passend.leerlingen.selectors import leerling_get
from passend.trajecten import selectors, services
from passend.trajecten.diagram import route_svg
from passend.trajecten.forms import (
    AanvraagForm,
    AfspraakForm,
    BesluitForm,
    BetrokkeneForm,
    CasusregisseurForm,
    DeelnemerForm,
    IntrekkenForm,
    OverlegPlanForm,
    OverlegVerslagForm,
    RouteBronForm,
    RouteNieuwForm,
    StapForm,
    TrajectStartForm,
    UitkomstForm,
    ZienswijzeForm,
)
from passend.trajecten.models import Traject
from passend.trajecten.routebestand import ASPECTEN, BESLISREGELS, ROLLEN


def _fout_op(form, fout: Exception) -> None:
    if isinstance(fout, services.Geweigerd):
        form.add_error(None, fout.reden)
    else:
        apply_service_errors(form, fout)


# --- Trajecten --------------------------------------------------------------------------------


class TrajectListView(SectionView):
    url_name = "trajecten:lijst"
    template_name = "trajecten/traject_list.html"

    def get_context_data(self, **kwargs):
        status = self.request.GET.get("status", "lopend")
        status = status if status in Traject.Status.values else ""
        te_laat = self.request.GET.get("te_laat") == "1"
        trajecten = selectors.traject_list(actor=self.request.user, status=status, te_laat=te_laat)
        return super().get_context_data(
            trajecten=trajecten,
            status=status,
            te_laat=te_laat,
            scholen=selectors.scholen_voor_schoolvraag(actor=self.request.user),
            **kwargs,
        )


class LeerlingTrajectStartView(LoginRequiredMixin, TemplateView):
    template_name = "trajecten/traject_start.html"

    def _leerling(self):
        leerling, _ = leerling_get(actor=self.request.user, pk=self.kwargs["pk"])
        require(self.request.user, "trajecten.start", leerling)
        return leerling

    def _form(self, leerling, data=None):
        return TrajectStartForm(
            data, routes=selectors.routes_in_gebruik(samenwerkingsverband_id=leerling.samenwerkingsverband_id)
        )

    def get(self, request, *args, **kwargs):
        leerling = self._leerling()
        return self.render_to_response(self.get_context_data(leerling=leerling, form=self._form(leerling)))

    def post(self, request, *args, **kwargs):
        leerling = self._leerling()
        form = self._form(leerling, request.POST)
        if form.is_valid():
            try:
                traject = services.traject_start(
                    actor=request.user,
                    route=form.cleaned_data["route"],
                    leerling=leerling,
                    vraag=form.cleaned_data["vraag"],
                    signaal=form.signaal(),
                )
                messages.success(request, "Het traject is gestart.")
                return redirect("trajecten:detail", pk=traject.pk)
            except ValidationError as fout:
                apply_service_errors(form, fout)
        return self.render_to_response(self.get_context_data(leerling=leerling, form=form), status=400)


class SchoolTrajectStartView(LoginRequiredMixin, TemplateView):
    """A schoolarrangement: a question about the teacher, a group, the team or the organisation."""

    template_name = "trajecten/traject_start.html"

    def _form(self, data=None):
        scholen = selectors.scholen_voor_schoolvraag(actor=self.request.user)
        if not scholen:
            raise PermissionDenied
        swv_ids = {s.samenwerkingsverband_id for s in scholen}
        from passend.trajecten.models import Route

        routes = Route.objects.filter(samenwerkingsverband_id__in=swv_ids, in_gebruik=True).order_by("naam")
        return TrajectStartForm(data, routes=routes, scholen=scholen)

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=self._form()))

    def post(self, request, *args, **kwargs):
        form = self._form(request.POST)
        if form.is_valid():
            try:
                traject = services.traject_start(
                    actor=request.user,
                    route=form.cleaned_data["route"],
                    school=form.cleaned_data["school"],
                    onderwerp=form.cleaned_data["onderwerp"],
                    vraag=form.cleaned_data["vraag"],
                    signaal=form.signaal(),
                )
                messages.success(request, "Het traject is gestart.")
                return redirect("trajecten:detail", pk=traject.pk)
            except ValidationError as fout:
                apply_service_errors(form, fout)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class TrajectDetailView(LoginRequiredMixin, TemplateView):
    template_name = "trajecten/traject_detail.html"

    def _context(self, traject, grant, **forms):
        detail = selectors.traject_detail(actor=self.request.user, traject=traject)
        if detail["mag_organiseren"]:
            kandidaten = selectors.kandidaten(traject=traject)
            forms.setdefault(
                "betrokkene_form", BetrokkeneForm(gebruikers=kandidaten, deskundigen=selectors.pool(traject))
            )
            if traject.stap is not None and traject.stap.overleg:
                forms.setdefault("overleg_form", OverlegPlanForm())
            if traject.stap is not None:
                forms.setdefault(
                    "casusregisseur_form",
                    CasusregisseurForm(
                        kandidaten=selectors.casusregisseur_kandidaten(traject=traject),
                        initial={"gebruiker": traject.casusregisseur_id},
                    ),
                )
        open_aanvraag = any(a.status in ("concept", "ingediend") for a in detail["aanvragen"])
        if (
            traject.stap is not None
            and traject.stap.aanvragen
            and not open_aanvraag
            and can(self.request.user, "trajecten.aanvraag_schrijven", traject)
        ):
            forms.setdefault(
                "aanvraag_form",
                AanvraagForm(soorten=traject.stap.aanvragen, initial={"ondersteuningsvraag": traject.vraag}),
            )
        return self.get_context_data(
            traject=traject,
            grant=grant,
            diagram=route_svg(
                traject.route_versie, traject.stap.code if traject.stap else None, titel="Route van dit traject"
            ),
            rollen_labels=", ".join(ROLLEN.get(r, r).lower() for r in detail["rollen"]),
            beslisregel=BESLISREGELS.get(traject.stap.beslisregel, "") if traject.stap else "",
            uitkomst_form=forms.pop("uitkomst_form", None),
            **detail,
            **forms,
        )

    def get(self, request, *args, **kwargs):
        traject, grant = selectors.traject_get(actor=request.user, pk=kwargs["pk"])
        return self.render_to_response(self._context(traject, grant))

    def post(self, request, *args, **kwargs):
        traject, grant = selectors.traject_get(actor=request.user, pk=kwargs["pk"])
        formulier = request.POST.get("formulier")
        handlers = {
            "uitkomst": self._uitkomst,
            "betrokkene": self._betrokkene,
            "overleg": self._overleg,
            "aanvraag": self._aanvraag,
            "casusregisseur": self._casusregisseur,
        }
        if formulier not in handlers:
            return redirect("trajecten:detail", pk=traject.pk)
        return handlers[formulier](request, traject, grant)

    def _uitkomst(self, request, traject, grant):
        form = UitkomstForm(request.POST)
        if form.is_valid():
            try:
                gebeurtenis = services.traject_advance(actor=request.user, traject=traject, **form.cleaned_data)
                messages.success(request, f"Stap gezet: {gebeurtenis.uitkomst_naam}.")
                return redirect("trajecten:detail", pk=traject.pk)
            except (ValidationError, services.Geweigerd) as fout:
                _fout_op(form, fout)
        traject, grant = selectors.traject_get(actor=request.user, pk=traject.pk)
        return self.render_to_response(self._context(traject, grant, uitkomst_form=form), status=400)

    def _betrokkene(self, request, traject, grant):
        require(request.user, "trajecten.organiseren", traject)
        form = BetrokkeneForm(
            request.POST, gebruikers=selectors.kandidaten(traject=traject), deskundigen=selectors.pool(traject)
        )
        if form.is_valid():
            try:
                services.betrokkene_add(actor=request.user, traject=traject, **form.cleaned_data)
                messages.success(request, "De betrokkene is toegevoegd.")
                return redirect(reverse("trajecten:detail", args=[traject.pk]) + "#betrokkenen-kop")
            except ValidationError as fout:
                apply_service_errors(form, fout)
        return self.render_to_response(self._context(traject, grant, betrokkene_form=form), status=400)

    def _casusregisseur(self, request, traject, grant):
        require(request.user, "trajecten.organiseren", traject)
        form = CasusregisseurForm(request.POST, kandidaten=selectors.casusregisseur_kandidaten(traject=traject))
        if form.is_valid():
            try:
                services.casusregisseur_set(
                    actor=request.user, traject=traject, gebruiker=form.cleaned_data["gebruiker"]
                )
                messages.success(request, f"{form.cleaned_data['gebruiker'].naam} is nu casusregisseur.")
                return redirect("trajecten:detail", pk=traject.pk)
            except ValidationError as fout:
                apply_service_errors(form, ValidationError({"gebruiker": fout.messages}))
        return self.render_to_response(self._context(traject, grant, casusregisseur_form=form), status=400)

    def _aanvraag(self, request, traject, grant):
        require(request.user, "trajecten.aanvraag_schrijven", traject)
        form = AanvraagForm(request.POST, soorten=traject.stap.aanvragen if traject.stap else [])
        if form.is_valid():
            try:
                aanvraag = services.aanvraag_create(
                    actor=request.user, traject=traject, soort=form.cleaned_data["soort"], **form.gegevens()
                )
                messages.success(
                    request, "De aanvraag is opgesteld. Alleen de school en de ouders zien haar tot ze is ingediend."
                )
                return redirect("trajecten:aanvraag", pk=traject.pk, aanvraag_pk=aanvraag.pk)
            except ValidationError as fout:
                apply_service_errors(form, fout)
        return self.render_to_response(self._context(traject, grant, aanvraag_form=form), status=400)

    def _overleg(self, request, traject, grant):
        require(request.user, "trajecten.organiseren", traject)
        form = OverlegPlanForm(request.POST)
        if form.is_valid():
            try:
                overleg = services.overleg_plan(actor=request.user, traject=traject, **form.cleaned_data)
                messages.success(request, "Het overleg is gepland; de betrokkenen staan als deelnemers klaar.")
                return redirect("trajecten:overleg", pk=traject.pk, overleg_pk=overleg.pk)
            except ValidationError as fout:
                apply_service_errors(form, fout)
        return self.render_to_response(self._context(traject, grant, overleg_form=form), status=400)


class OverlegView(LoginRequiredMixin, TemplateView):
    template_name = "trajecten/overleg.html"

    def _context(self, traject, overleg, **forms):
        organiseren = can(self.request.user, "trajecten.organiseren", traject) and overleg.status == "gepland"
        if organiseren:
            kandidaten = selectors.kandidaten(traject=traject)
            forms.setdefault(
                "verslag_form", OverlegVerslagForm(initial={"agenda": overleg.agenda, "verslag": overleg.verslag})
            )
            forms.setdefault(
                "deelnemer_form", DeelnemerForm(gebruikers=kandidaten, deskundigen=selectors.pool(traject))
            )
            forms.setdefault("afspraak_form", AfspraakForm())
            deelnemers = list(overleg.deelnemers.all())
            if deelnemers and traject.stap_id == overleg.stap_id:
                forms.setdefault("besluit_form", BesluitForm(stap=overleg.stap, deelnemers=deelnemers))
        elif can(self.request.user, "trajecten.organiseren", traject):
            forms.setdefault("afspraak_form", AfspraakForm())
        return self.get_context_data(
            traject=traject,
            overleg=overleg,
            mag_organiseren=can(self.request.user, "trajecten.organiseren", traject),
            stap=overleg.stap,
            beslisregel=BESLISREGELS.get(overleg.stap.beslisregel, ""),
            besluitvorming=getattr(overleg, "besluitvorming", None),
            **forms,
        )

    def _get(self, request, kwargs):
        traject, _ = selectors.traject_get(actor=request.user, pk=kwargs["pk"])
        return traject, selectors.overleg_get(actor=request.user, traject=traject, pk=kwargs["overleg_pk"])

    def get(self, request, *args, **kwargs):
        traject, overleg = self._get(request, kwargs)
        return self.render_to_response(self._context(traject, overleg))

    def post(self, request, *args, **kwargs):
        traject, overleg = self._get(request, kwargs)
        formulier = request.POST.get("formulier")
        if formulier == "afspraak_gereed":  # the owner may report it done without organising
            afspraak = next((a for a in overleg.afspraken.all() if str(a.pk) == request.POST.get("afspraak")), None)
            if afspraak is None:
                return redirect("trajecten:overleg", pk=traject.pk, overleg_pk=overleg.pk)
            try:
                services.afspraak_gereed(actor=request.user, afspraak=afspraak)
                messages.success(request, "De afspraak is gereed gemeld.")
            except ValidationError as fout:
                messages.error(request, " ".join(fout.messages))
            return redirect(reverse("trajecten:overleg", args=[traject.pk, overleg.pk]) + "#afspraken-kop")
        require(request.user, "trajecten.organiseren", traject)
        kandidaten = selectors.kandidaten(traject=traject)
        if formulier == "verslag":
            form, sleutel = OverlegVerslagForm(request.POST), "verslag_form"
            actie = lambda: services.overleg_update(actor=request.user, overleg=overleg, **form.cleaned_data)  # noqa: E731
            gelukt = "Agenda en verslag zijn opgeslagen."
        elif formulier == "deelnemer":
            form = DeelnemerForm(request.POST, gebruikers=kandidaten, deskundigen=selectors.pool(traject))
            sleutel = "deelnemer_form"
            actie = lambda: services.deelnemer_add(actor=request.user, overleg=overleg, data=form.cleaned_data)  # noqa: E731
            gelukt = "De deelnemer is toegevoegd."
        elif formulier == "afspraak":
            form, sleutel = AfspraakForm(request.POST), "afspraak_form"
            actie = lambda: services.afspraak_add(actor=request.user, overleg=overleg, **form.cleaned_data)  # noqa: E731
            gelukt = "De afspraak is vastgelegd."
        elif formulier == "besluit":
            form = BesluitForm(request.POST, stap=overleg.stap, deelnemers=list(overleg.deelnemers.all()))
            sleutel = "besluit_form"
            actie = lambda: services.overleg_besluit(  # noqa: E731
                actor=request.user,
                overleg=overleg,
                uitkomst=form.cleaned_data["uitkomst"],
                motivatie=form.cleaned_data["motivatie"],
                standpunten=form.standpunten(),
            )
            gelukt = "Het besluit is vastgelegd en het traject is verder gegaan."
        else:
            return redirect("trajecten:overleg", pk=traject.pk, overleg_pk=overleg.pk)
        if form.is_valid():
            try:
                actie()
                messages.success(request, gelukt)
                if formulier == "besluit":
                    return redirect("trajecten:detail", pk=traject.pk)
                return redirect("trajecten:overleg", pk=traject.pk, overleg_pk=overleg.pk)
            except (ValidationError, services.Geweigerd) as fout:
                _fout_op(form, fout)
        traject, overleg = self._get(request, kwargs)
        return self.render_to_response(self._context(traject, overleg, **{sleutel: form}), status=400)


# --- Routes -----------------------------------------------------------------------------------


class RouteListView(LoginRequiredMixin, TemplateView):
    template_name = "trajecten/route_list.html"

    def _swv(self):
        from passend.organisaties.policies import Rol, swv_ids_with

        ids = swv_ids_with(self.request.user, {Rol.BEHEERDER})
        if not ids:
            return None
        from passend.organisaties.models import Samenwerkingsverband

        return Samenwerkingsverband.objects.get(pk=ids[0])

    def dispatch(self, request, *args, **kwargs):
        from passend.organisaties.policies import NETWERK_ROLLEN, swv_ids_with

        if request.user.is_authenticated and not swv_ids_with(request.user, NETWERK_ROLLEN):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        swv = self._swv()
        kwargs.setdefault("form", RouteNieuwForm() if swv else None)
        return super().get_context_data(routes=selectors.route_list(actor=self.request.user), swv=swv, **kwargs)

    def post(self, request, *args, **kwargs):
        swv = self._swv()
        if swv is None:
            raise PermissionDenied
        form = RouteNieuwForm(request.POST)
        if form.is_valid():
            try:
                versie = services.route_create_from_preset(
                    actor=request.user, samenwerkingsverband=swv, **form.cleaned_data
                )
                messages.success(request, f"De route ‘{versie.naam}’ is toegevoegd.")
                return redirect("trajecten:route", pk=versie.route_id)
            except ValidationError as fout:
                apply_service_errors(form, fout)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class RouteDetailView(LoginRequiredMixin, TemplateView):
    template_name = "trajecten/route_detail.html"

    def get_context_data(self, **kwargs):
        route, _ = selectors.route_get(actor=self.request.user, pk=self.kwargs["pk"])
        nummer = self.request.GET.get("versie", "")
        versie = selectors.routeversie_get(route=route, nummer=int(nummer) if nummer.isdigit() else None)
        return super().get_context_data(
            route=route,
            versie=versie,
            versies=route.versies.order_by("-nummer"),
            stappen=list(versie.stappen.all()),
            diagram=route_svg(versie, titel=f"Diagram van de route {versie.naam}"),
            aspecten=ASPECTEN,
            rollen=ROLLEN,
            beslisregels=BESLISREGELS,
            mag_beheren=can(self.request.user, "trajecten.manage_route", route.samenwerkingsverband),
            is_nieuwste=versie.nummer == route.versies.order_by("-nummer").first().nummer,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        route, _ = selectors.route_get(actor=request.user, pk=kwargs["pk"])
        services.route_set_in_gebruik(actor=request.user, route=route, in_gebruik=request.POST.get("in_gebruik") == "1")
        messages.success(request, "Opgeslagen.")
        return redirect("trajecten:route", pk=route.pk)


class RouteBronView(LoginRequiredMixin, TemplateView):
    """The route file itself, for a beheerder who wants to change more than one step."""

    template_name = "trajecten/route_bron.html"

    def _route(self):
        route, _ = selectors.route_get(actor=self.request.user, pk=self.kwargs["pk"])
        require(self.request.user, "trajecten.manage_route", route.samenwerkingsverband)
        return route

    def get(self, request, *args, **kwargs):
        route = self._route()
        form = RouteBronForm(initial={"bron": selectors.routeversie_get(route=route).bron})
        return self.render_to_response(self.get_context_data(route=route, form=form))

    def post(self, request, *args, **kwargs):
        route = self._route()
        form = RouteBronForm(request.POST)
        if form.is_valid():
            try:
                versie = services.route_save(actor=request.user, route=route, **form.cleaned_data)
                messages.success(
                    request, f"Opgeslagen als versie {versie.nummer}. Lopende trajecten houden hun versie."
                )
                return redirect("trajecten:route", pk=route.pk)
            except ValidationError as fout:
                apply_service_errors(form, fout)
        return self.render_to_response(self.get_context_data(route=route, form=form), status=400)


class StapView(LoginRequiredMixin, TemplateView):
    template_name = "trajecten/stap_form.html"

    def _route_stap(self):
        route, _ = selectors.route_get(actor=self.request.user, pk=self.kwargs["pk"])
        require(self.request.user, "trajecten.manage_route", route.samenwerkingsverband)
        stap = selectors.routeversie_get(route=route).stappen.filter(code=self.kwargs["code"]).first()
        if stap is None:
            from django.http import Http404

            raise Http404
        return route, stap

    def get(self, request, *args, **kwargs):
        route, stap = self._route_stap()
        form = StapForm(
            initial={
                "naam": stap.naam,
                "rollen": stap.rollen,
                "termijn_dagen": stap.termijn_dagen,
                "herinneringen": ", ".join(str(d) for d in stap.herinneringen),
                "beslisregel": stap.beslisregel,
                "quorum": stap.quorum,
            }
        )
        return self.render_to_response(self.get_context_data(route=route, stap=stap, form=form))

    def post(self, request, *args, **kwargs):
        route, stap = self._route_stap()
        form = StapForm(request.POST)
        if form.is_valid():
            try:
                versie = services.route_step_change(
                    actor=request.user,
                    route=route,
                    stap_code=stap.code,
                    wijzigingen=form.wijzigingen(),
                    toelichting=form.cleaned_data["toelichting"],
                )
                messages.success(
                    request, f"Opgeslagen als versie {versie.nummer}. Lopende trajecten houden hun versie."
                )
                return redirect("trajecten:route", pk=route.pk)
            except ValidationError as fout:
                # A route-level error (a rule that needs a meeting, say) belongs above the form.
                fouten = fout.message_dict
                for regel in fouten.pop("bron", []):
                    form.add_error(None, regel)
                if fouten:
                    apply_service_errors(form, ValidationError(fouten))
        return self.render_to_response(self.get_context_data(route=route, stap=stap, form=form), status=400)


# --- Applications and decisions ---------------------------------------------------------------


class AanvraagView(LoginRequiredMixin, TemplateView):
    """One application: its contents, what its kind still needs, the parents' view, the director's
    signature, the outcome that submits it, and once decided the decision and its letter."""

    template_name = "trajecten/aanvraag.html"

    def _get(self):
        traject, _ = selectors.traject_get(actor=self.request.user, pk=self.kwargs["pk"])
        return traject, selectors.aanvraag_get(actor=self.request.user, traject=traject, pk=self.kwargs["aanvraag_pk"])

    def _context(self, traject, aanvraag, **forms):
        from passend.trajecten import motor
        from passend.trajecten.aanvraageisen import stand
        from passend.trajecten.policies import rollen_in_traject

        user = self.request.user
        concept = aanvraag.status == aanvraag.Status.CONCEPT
        if concept and can(user, "trajecten.aanvraag_schrijven", traject):
            forms.setdefault("intrekken_form", IntrekkenForm())
            forms.setdefault(
                "bewerk_form",
                AanvraagForm(
                    aanvraag=aanvraag,
                    initial={veld: getattr(aanvraag, veld) for veld in services.SCHOOL_VELDEN},
                ),
            )
        if concept and can(user, "trajecten.zienswijze_geven", traject):
            forms.setdefault("zienswijze_form", ZienswijzeForm(initial={"tekst": aanvraag.zienswijze_ouders}))
        indienen = []
        if concept and traject.stap is not None:
            rollen = rollen_in_traject(user, traject)
            indienen = [u for u in motor.open_uitkomsten(traject, traject.stap, rollen) if u["indienen"]]
        return self.get_context_data(
            traject=traject,
            aanvraag=aanvraag,
            eisen=stand(aanvraag),
            besluit=selectors.besluit_van(aanvraag),
            beoordeling=selectors.beoordeling(aanvraag),
            mag_ondertekenen=concept and can(user, "trajecten.aanvraag_ondertekenen", traject),
            indienen=indienen,
            **forms,
        )

    def get(self, request, *args, **kwargs):
        traject, aanvraag = self._get()
        return self.render_to_response(self._context(traject, aanvraag))

    def post(self, request, *args, **kwargs):
        traject, aanvraag = self._get()
        formulier = request.POST.get("formulier")
        terug = redirect("trajecten:aanvraag", pk=traject.pk, aanvraag_pk=aanvraag.pk)
        if formulier == "ondertekenen":
            from django.utils.dateparse import parse_datetime

            gelezen = parse_datetime(request.POST.get("gewijzigd_op", ""))
            try:
                if gelezen is None:
                    raise ValidationError("Lees de aanvraag en onderteken dan opnieuw.")
                services.aanvraag_ondertekenen(actor=request.user, aanvraag=aanvraag, gewijzigd_op=gelezen)
                messages.success(request, "U heeft de aanvraag ondertekend.")
            except ValidationError as fout:
                messages.error(request, " ".join(fout.messages))
            return terug
        if formulier == "intrekken":
            require(request.user, "trajecten.aanvraag_schrijven", traject)
            form, sleutel = IntrekkenForm(request.POST), "intrekken_form"
            actie = lambda: services.aanvraag_intrekken(  # noqa: E731
                actor=request.user, aanvraag=aanvraag, reden=form.cleaned_data["reden"]
            )
            gelukt = "De aanvraag is ingetrokken. U kunt een nieuwe opstellen."
            terug = redirect("trajecten:detail", pk=traject.pk)
        elif formulier == "zienswijze":
            require(request.user, "trajecten.zienswijze_geven", traject)
            form, sleutel = ZienswijzeForm(request.POST), "zienswijze_form"
            actie = lambda: services.aanvraag_zienswijze_geven(  # noqa: E731
                actor=request.user, aanvraag=aanvraag, tekst=form.cleaned_data["tekst"]
            )
            gelukt = "Uw zienswijze staat bij de aanvraag."
        elif formulier == "bewerken":
            require(request.user, "trajecten.aanvraag_schrijven", traject)
            form, sleutel = AanvraagForm(request.POST, aanvraag=aanvraag), "bewerk_form"

            def actie():
                _, vervallen = services.aanvraag_update(actor=request.user, aanvraag=aanvraag, **form.gegevens())
                if vervallen:
                    messages.warning(request, "De aanvraag is veranderd: de directeur moet opnieuw ondertekenen.")

            gelukt = "De aanvraag is opgeslagen."
        else:
            return terug
        if form.is_valid():
            try:
                actie()
                messages.success(request, gelukt)
                return terug
            except ValidationError as fout:
                apply_service_errors(form, fout)
        traject, aanvraag = self._get()
        return self.render_to_response(self._context(traject, aanvraag, **{sleutel: form}), status=400)


class BesluitbriefView(LoginRequiredMixin, View):
    """The decision letter as a PDF; every print is an audited export."""

    def get(self, request, pk, aanvraag_pk):
        from passend.core.pdf import pdf_response
        from passend.trajecten.besluitbrief import bestandsnaam, brief_html

        traject, _ = selectors.traject_get(actor=request.user, pk=pk)
        aanvraag = selectors.aanvraag_get(actor=request.user, traject=traject, pk=aanvraag_pk)
        besluit = selectors.besluit_van(aanvraag)
        if besluit is None:
            raise Http404
        traject, aanvraag, besluit = selectors.besluit_get(actor=request.user, pk=besluit.pk, export=True)
        html = brief_html(request=request, traject=traject, aanvraag=aanvraag, besluit=besluit)
        return pdf_response(html, request, bestandsnaam(besluit))
