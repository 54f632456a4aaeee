from copy import copy

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from passend.core.forms_util import apply_service_errors
from passend.core.services import require
from passend.core.views import SectionView
from passend.leerlingen import selectors, services
from passend.leerlingen.artefacten import stand_van
from passend.leerlingen.forms import (
    ExterneUitnodigingForm,
    LeerlingForm,
    NiveauForm,
    OuderForm,
    ToegangBeeindigenForm,
    ToestemmingForm,
)
from passend.leerlingen.models import Toestemming
from passend.leerlingen.niveaus import NIVEAU_CHOICES, NIVEAUS
from passend.leerlingen.policies import scholen_voor_nieuwe_leerling
from passend.organisaties.models import School
from passend.organisaties.views import PartialOnHtmxMixin


def _int(value, low, high):
    return int(value) if str(value).isdigit() and low <= int(value) <= high else None


class LeerlingListView(PartialOnHtmxMixin, SectionView):
    url_name = "leerlingen:list"
    template_name = "leerlingen/leerling_list.html"
    partial_template_name = "leerlingen/_leerling_resultaten.html"

    def get_context_data(self, **kwargs):
        zoek = self.request.GET.get("zoek", "").strip()[:100]
        groep = _int(self.request.GET.get("groep", ""), 1, 8)
        niveau = _int(self.request.GET.get("niveau", ""), 1, 5)
        leerlingen = list(selectors.leerling_list(actor=self.request.user, zoek=zoek, groep=groep, niveau=niveau))
        return super().get_context_data(
            leerlingen=leerlingen,
            aantal=len(leerlingen),
            zoek=zoek,
            groep=groep,
            niveau=niveau,
            groepen=range(1, 9),
            niveaus=NIVEAU_CHOICES,
            scholen=School.objects.filter(pk__in=scholen_voor_nieuwe_leerling(self.request.user)),
            **kwargs,
        )


class LeerlingCreateView(LoginRequiredMixin, TemplateView):
    template_name = "leerlingen/leerling_form.html"

    def school(self):
        school = School.objects.filter(pk=self.kwargs["school"]).first()
        require(self.request.user, "leerlingen.create", school)
        return school

    def get(self, request, *args, **kwargs):
        school = self.school()
        return self.render_to_response(self.get_context_data(form=LeerlingForm(school=school), school=school))

    def post(self, request, *args, **kwargs):
        school = self.school()
        form = LeerlingForm(request.POST, school=school)
        if form.is_valid():
            data, leerkrachten = form.service_data()
            try:
                leerling = services.leerling_create(
                    actor=request.user, school=school, data=data, leerkrachten=leerkrachten
                )
                messages.success(request, f"{leerling.naam} is toegevoegd.")
                return redirect("leerlingen:detail", pk=leerling.pk)
            except ValidationError as error:
                apply_service_errors(form, error)
        return self.render_to_response(self.get_context_data(form=form, school=school), status=400)


class LeerlingDetailView(LoginRequiredMixin, TemplateView):
    """The pupil's dossier page: data, parents, support level with what it expects."""

    template_name = "leerlingen/leerling_detail.html"

    def get(self, request, *args, **kwargs):
        leerling, grant = selectors.leerling_get(actor=request.user, pk=self.kwargs["pk"])
        return self.render_to_response(self._context(leerling, grant, self._niveau_form(leerling)))

    def post(self, request, *args, **kwargs):
        leerling, grant = selectors.leerling_get(actor=request.user, pk=self.kwargs["pk"])
        if request.POST.get("formulier") == "toestemming":
            return self._post_toestemming(request, leerling, grant)
        require(request.user, "leerlingen.set_niveau", leerling)
        form = self._niveau_form(leerling, request.POST)
        if form.is_valid():
            try:
                services.ondersteuningsniveau_set(actor=request.user, leerling=leerling, **form.cleaned_data)
                messages.success(request, f"Niveau {form.cleaned_data['niveau']} is vastgesteld.")
                return redirect("leerlingen:detail", pk=leerling.pk)
            except ValidationError as error:
                apply_service_errors(form, error)
        return self.render_to_response(self._context(leerling, grant, form), status=400)

    def _niveau_form(self, leerling, data=None):
        from passend.core.authz import explain
        from passend.leerlingen.policies import HOOGSTE_NIVEAU_VOOR

        grant = explain(self.request.user, "leerlingen.set_niveau", leerling)
        hoogste = HOOGSTE_NIVEAU_VOOR.get(grant.lidmaatschap.rol, 5) if grant else 5
        return NiveauForm(data, initial={"sinds": timezone.localdate()}, hoogste=hoogste)

    def _toestemming_form(self, leerling, data=None):
        from passend.core.authz import explain

        grant = explain(self.request.user, "leerlingen.record_toestemming", leerling)
        if grant is None:
            return None
        return ToestemmingForm(
            data,
            leerling=leerling,
            namens_ouder=grant.lidmaatschap.rol == "ouder",
            initial={"datum": timezone.localdate()},
        )

    def _context(self, leerling, grant, niveau_form, toestemming_form=None, extern_form=None):
        from passend.core.authz import can
        from passend.trajecten.selectors import traject_list

        user = self.request.user
        historie = list(leerling.ondersteuningsniveaus.all())
        huidig = NIVEAUS.get(leerling.huidig_niveau)
        toestemmingen = list(leerling.toestemmingen.all())
        artefacten = stand_van(leerling, leerling.huidig_niveau) if huidig else []
        return self.get_context_data(
            **self._externen_context(leerling, grant, toestemmingen, extern_form),
            leerling=leerling,
            grant=grant,
            historie=historie,
            huidig=huidig,
            leeftijd=leerling.leeftijd(),
            mag_wijzigen=can(user, "leerlingen.change", leerling),
            mag_niveau=can(user, "leerlingen.set_niveau", leerling),
            mag_inzage=can(user, "leerlingen.view_inzage", leerling),
            mag_contact=can(user, "leerlingen.view_contactgegevens", leerling),
            trajecten=traject_list(actor=user, leerling=leerling),
            mag_traject_starten=can(user, "trajecten.start", leerling),
            artefacten=artefacten,
            ontbreekt=any(not aanwezig for _, aanwezig in artefacten),
            toestemmingen=toestemmingen,
            huidige_toestemmingen=_huidige(toestemmingen),
            toestemming_form=toestemming_form or self._toestemming_form(leerling),
            niveau_form=niveau_form,
        )

    def _externen_context(self, leerling, grant, toestemmingen, extern_form):
        """The 'Externe betrokkenen' panel for the school's leadership; for an external, their own end date."""
        from passend.core.authz import can

        user = self.request.user
        if grant.rule.code == "extern_uitgenodigd":
            return {"eigen_toegang": selectors.eigen_toegang(actor=user, leerling=leerling)}
        if not can(user, "leerlingen.view_externen", leerling):
            return {}
        extern = next((t for t in toestemmingen if t.onderwerp == Toestemming.Onderwerp.EXTERN), None)
        mag_uitnodigen = can(user, "leerlingen.invite_extern", leerling)
        return {
            "mag_externen": True,
            "externen": selectors.externe_toegang_list(actor=user, leerling=leerling),
            "toestemming_extern": extern is not None and extern.besluit == Toestemming.Besluit.GEGEVEN,
            "extern_form": extern_form or (ExterneUitnodigingForm() if mag_uitnodigen else None),
        }

    def _post_toestemming(self, request, leerling, grant):
        require(request.user, "leerlingen.record_toestemming", leerling)
        form = self._toestemming_form(leerling, request.POST)
        if form.is_valid():
            try:
                services.toestemming_record(actor=request.user, leerling=leerling, **form.cleaned_data)
                messages.success(request, "Het besluit over de toestemming is vastgelegd.")
                return redirect("leerlingen:detail", pk=leerling.pk)
            except ValidationError as error:
                apply_service_errors(form, error)
        niveau_form = self._niveau_form(leerling)
        return self.render_to_response(self._context(leerling, grant, niveau_form, form), status=400)


class ExterneUitnodigenView(LeerlingDetailView):
    """Invite an external professional to this dossier (the panel on the pupil's page)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        leerling, grant = selectors.leerling_get(actor=request.user, pk=self.kwargs["pk"])
        require(request.user, "leerlingen.invite_extern", leerling)
        form = ExterneUitnodigingForm(request.POST)
        if form.is_valid():
            try:
                toegang = services.externe_toegang_invite(actor=request.user, leerling=leerling, **form.cleaned_data)
                messages.success(
                    request,
                    f"{toegang.gebruiker.naam} is uitgenodigd en heeft toegang tot en met "
                    f"{toegang.geldig_tot:%d-%m-%Y}. De uitnodiging is per e-mail verstuurd.",
                )
                return redirect(reverse("leerlingen:detail", args=[leerling.pk]) + "#externen-kop")
            except ValidationError as error:
                apply_service_errors(form, error)
        context = self._context(leerling, grant, self._niveau_form(leerling), extern_form=form)
        return self.render_to_response(context, status=400)


class ExterneToegangBeeindigenView(LoginRequiredMixin, TemplateView):
    """Ending an external's access asks for confirmation and a reason first."""

    template_name = "leerlingen/externe_toegang_beeindigen.html"

    def get(self, request, *args, **kwargs):
        leerling, toegang = self._toegang()
        return self.render_to_response(self._context(leerling, toegang, ToegangBeeindigenForm()))

    def post(self, request, *args, **kwargs):
        leerling, toegang = self._toegang()
        form = ToegangBeeindigenForm(request.POST)
        if form.is_valid():
            try:
                services.externe_toegang_end(actor=request.user, toegang=toegang, reden=form.cleaned_data["reden"])
                messages.success(request, f"De toegang van {toegang.gebruiker.naam} tot dit dossier is beëindigd.")
                return redirect(reverse("leerlingen:detail", args=[leerling.pk]) + "#externen-kop")
            except ValidationError as error:
                apply_service_errors(form, error)
        return self.render_to_response(self._context(leerling, toegang, form), status=400)

    def _toegang(self):
        return selectors.externe_toegang_get(
            actor=self.request.user, leerling_pk=self.kwargs["pk"], pk=self.kwargs["toegang_pk"]
        )

    def _context(self, leerling, toegang, form):
        lopend = toegang.status in ("actief", "nog niet begonnen")
        return self.get_context_data(leerling=leerling, toegang=toegang, form=form if lopend else None)


def _huidige(toestemmingen):
    """The decision that counts per subject (the list is newest first)."""
    huidig = {}
    for toestemming in toestemmingen:
        huidig.setdefault(toestemming.onderwerp, toestemming)
    return [(label, huidig.get(value)) for value, label in Toestemming.Onderwerp.choices]


class LeerlingUpdateView(LoginRequiredMixin, TemplateView):
    template_name = "leerlingen/leerling_form.html"

    def get_leerling(self):
        leerling, _ = selectors.leerling_get(actor=self.request.user, pk=self.kwargs["pk"])
        require(self.request.user, "leerlingen.change", leerling)
        return leerling

    def get(self, request, *args, **kwargs):
        leerling = self.get_leerling()
        form = LeerlingForm(instance=leerling, school=leerling.school)
        return self.render_to_response(self.get_context_data(form=form, leerling=leerling, school=leerling.school))

    def post(self, request, *args, **kwargs):
        leerling = self.get_leerling()
        form = LeerlingForm(request.POST, instance=copy(leerling), school=leerling.school)
        if form.is_valid():
            data, leerkrachten = form.service_data()
            try:
                services.leerling_update(actor=request.user, leerling=leerling, data=data, leerkrachten=leerkrachten)
                messages.success(request, "De gegevens zijn opgeslagen.")
                return redirect("leerlingen:detail", pk=leerling.pk)
            except ValidationError as error:
                apply_service_errors(form, error)
        return self.render_to_response(
            self.get_context_data(form=form, leerling=leerling, school=leerling.school), status=400
        )


class OuderCreateView(LeerlingUpdateView):
    template_name = "leerlingen/ouder_form.html"

    def get(self, request, *args, **kwargs):
        leerling = self.get_leerling()
        return self.render_to_response(self.get_context_data(form=OuderForm(), leerling=leerling))

    def post(self, request, *args, **kwargs):
        leerling = self.get_leerling()
        form = OuderForm(request.POST)
        if form.is_valid():
            try:
                services.ouder_add(actor=request.user, leerling=leerling, **form.cleaned_data)
                messages.success(request, f"{form.cleaned_data['naam']} is toegevoegd als ouder/verzorger.")
                return redirect("leerlingen:detail", pk=leerling.pk)
            except ValidationError as error:
                apply_service_errors(form, error)
        return self.render_to_response(self.get_context_data(form=form, leerling=leerling), status=400)


class InzageView(LoginRequiredMixin, TemplateView):
    """Who viewed or changed the dossier, in plain Dutch (the parents' right to know)."""

    template_name = "leerlingen/inzage.html"

    def get_context_data(self, **kwargs):
        from django.core.paginator import Paginator

        leerling, events = selectors.inzage_list(actor=self.request.user, leerling_pk=self.kwargs["pk"])
        page = Paginator(events, 50).get_page(self.request.GET.get("pagina"))
        regels = [(event, selectors.inzage_zin(event)) for event in page]
        return super().get_context_data(leerling=leerling, page=page, regels=regels, query="", **kwargs)


class OuderUitnodigenView(LoginRequiredMixin, View):
    """Invite a parent (with an e-mail address) to see their child's dossier."""

    def post(self, request, pk, ouderschap_pk):
        from passend.accounts.services import ouder_invite

        leerling, _ = selectors.leerling_get(actor=request.user, pk=pk)
        require(request.user, "leerlingen.change", leerling)
        ouderschap = next((o for o in leerling.ouderschappen.all() if o.pk == ouderschap_pk), None)
        if ouderschap is None:
            raise Http404
        try:
            ouder_invite(actor=request.user, ouderschap=ouderschap)
            messages.success(
                request, f"{ouderschap.ouder.naam} is uitgenodigd; de uitnodiging is per e-mail verstuurd."
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("leerlingen:detail", pk=leerling.pk)
