from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import capfirst
from django.views import View
from django.views.generic import TemplateView

from passend.core import audit
from passend.core.authz import can
from passend.core.forms_util import apply_service_errors
from passend.core.pdf import pdf_response
from passend.core.services import require
from passend.dossier import selectors, services
from passend.dossier.forms import (
    BijdragenForm,
    DocumentForm,
    HandelingsplanEvaluatieForm,
    HandelingsplanForm,
    NotitieForm,
    OndertekenForm,
    OppDoelFormSet,
    OppEvaluatieForm,
    OppForm,
    OppInstemmingForm,
)
from passend.dossier.models import DELEN, HANDELINGSDEEL_VELDEN, Handelingsplan, Sectie
from passend.dossier.policies import BUITEN_DE_SCHOOL
from passend.instrumenten.selectors import laatste_uitslagen
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
                "vragenlijsten": laatste_uitslagen(actor=request.user, leerling=leerling),
            },
            request=request,
        )
        nummer = versie.nummer if versie else 0
        return pdf_response(html, request, f"groeidocument-{leerling.pk}-v{nummer}.pdf")


class DocumentenView(LoginRequiredMixin, TemplateView):
    """Documents and the logbook of a pupil, each within its confidentiality level."""

    template_name = "dossier/documenten.html"

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self._context())

    def post(self, request, *args, **kwargs):
        leerling, _ = leerling_get(actor=request.user, pk=self.kwargs["pk"])
        grant = require(request.user, "dossier.add_item", leerling)
        door_ouder = grant.rule.code == "ouder_van_leerling"
        door_extern = grant.rule.code in BUITEN_DE_SCHOOL
        if request.POST.get("formulier") == "notitie":
            form = NotitieForm(request.POST, door_ouder=door_ouder, door_extern=door_extern)
            service, success = services.notitie_add, "De notitie staat in het logboek."
        else:
            form = DocumentForm(request.POST, request.FILES, door_ouder=door_ouder, door_extern=door_extern)
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
        door_extern = toevoegen is not None and toevoegen.rule.code in BUITEN_DE_SCHOOL
        if toevoegen is not None:
            forms.setdefault("document_form", DocumentForm(door_ouder=door_ouder, door_extern=door_extern))
            forms.setdefault("notitie_form", NotitieForm(door_ouder=door_ouder, door_extern=door_extern))
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


# --- OPP -----------------------------------------------------------------------------------


class OppPagina(LoginRequiredMixin, TemplateView):
    """The OPP page; its POST-only siblings re-render it with their form's errors (status 400)."""

    template_name = "dossier/opp.html"

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.opp_context())

    def opp_context(self, **forms):
        from passend.core.authz import explain
        from passend.dossier.models import Domein, OppEvaluatie
        from passend.dossier.opp_stand import instemming_van, is_beeindigd, volgende_evaluatie
        from passend.dossier.services import ontbreekt_voor_vaststellen

        user = self.request.user
        nummer = None if self.request.method == "POST" else _nummer(self.request)
        leerling, grant, versie, versies, evaluaties = selectors.opp_get(
            actor=user, leerling_pk=self.kwargs["pk"], nummer=nummer
        )
        toestemmingen = list(leerling.toestemmingen.all())
        instemming = instemming_van(versie.handelingsdeel_kenmerk, toestemmingen) if versie else None
        nieuwste = versies[0] if versies else None
        actueel = versie is None or versie == nieuwste
        in_kracht = next((v for v in versies if v.is_vastgesteld), None)
        beslissen = explain(user, "leerlingen.record_toestemming", leerling)
        if beslissen is not None and actueel:
            forms.setdefault(
                "instemming_form",
                OppInstemmingForm(
                    leerling=leerling,
                    namens_ouder=beslissen.lidmaatschap.rol == "ouder",
                    initial={"datum": timezone.localdate()},
                ),
            )
        if in_kracht is not None and can(user, "dossier.evaluate_opp", leerling):
            forms.setdefault("evaluatie_form", OppEvaluatieForm(initial={"datum": timezone.localdate()}))
        doelen = list(versie.doelen.all()) if versie else []
        volgende = volgende_evaluatie(versies, evaluaties)
        return self.get_context_data(
            leerling=leerling,
            grant=grant,
            versie=versie,
            versies=versies,
            actueel=actueel,
            in_kracht=in_kracht,
            evaluaties=evaluaties,
            instemming=instemming,
            ontbreekt=(ontbreekt_voor_vaststellen(versie, instemming) if versie and not versie.is_vastgesteld else {}),
            doelen_per_domein=[(label, [d for d in doelen if d.domein == value]) for value, label in Domein.choices],
            volgende_evaluatie=volgende,
            evaluatie_te_laat=volgende is not None and volgende < timezone.localdate(),
            beeindigd=is_beeindigd(versies, evaluaties),
            mag_bewerken=actueel and can(user, "dossier.edit_opp", leerling),
            mag_vaststellen=can(user, "dossier.vaststellen_opp", leerling),
            conclusies=OppEvaluatie.Conclusie,
            **forms,
        )


class OppBewerkenView(LoginRequiredMixin, TemplateView):
    """The school writes the OPP's concept; after setting, writing here starts a new version."""

    template_name = "dossier/opp_form.html"

    def _versie(self):
        leerling, _grant, versie, _versies, _ = selectors.opp_get(
            actor=self.request.user, leerling_pk=self.kwargs["pk"]
        )
        require(self.request.user, "dossier.edit_opp", leerling)
        return leerling, versie

    def get(self, request, *args, **kwargs):
        leerling, versie = self._versie()
        form = OppForm(instance=versie)
        doelen = [
            {veld: getattr(doel, veld) for veld in ("domein", "soort", "omschrijving", "streefdatum")}
            for doel in (versie.doelen.all() if versie else [])
        ]
        formset = OppDoelFormSet(initial=doelen, prefix="doelen")
        return self.render_to_response(
            self.get_context_data(leerling=leerling, versie=versie, form=form, doelen=formset)
        )

    def post(self, request, *args, **kwargs):
        leerling, versie = self._versie()
        form = OppForm(request.POST)
        formset = OppDoelFormSet(request.POST, prefix="doelen")
        doelen_fouten = []
        if form.is_valid() and formset.is_valid():
            try:
                nieuw, vervallen = services.opp_save(
                    actor=request.user, leerling=leerling, data=form.service_data(), doelen=formset.service_data()
                )
                messages.success(request, f"Het OPP is opgeslagen (versie {nieuw.nummer}, concept).")
                if vervallen:
                    messages.warning(
                        request,
                        "Het handelingsdeel is gewijzigd. De ouders moeten opnieuw instemmen voordat het OPP "
                        "wordt vastgesteld.",
                    )
                return redirect("dossier:opp", pk=leerling.pk)
            except ValidationError as error:
                apply_service_errors(form, error)
                # The service checks the goals as a whole; its messages name the goal ("Doel 2: …").
                doelen_fouten = getattr(error, "message_dict", {}).get("doelen", [])
        return self.render_to_response(
            self.get_context_data(
                leerling=leerling, versie=versie, form=form, doelen=formset, doelen_fouten=doelen_fouten
            ),
            status=400,
        )


class _OppActie(OppPagina):
    """A POST-only action on the OPP page."""

    http_method_names = ["post"]


class OppInstemmingView(_OppActie):
    """The parents' decision on the handelingsdeel, by a parent with custody or recorded by the school."""

    def post(self, request, pk):
        leerling, _ = leerling_get(actor=request.user, pk=pk)
        grant = require(request.user, "leerlingen.record_toestemming", leerling)
        form = OppInstemmingForm(request.POST, leerling=leerling, namens_ouder=grant.lidmaatschap.rol == "ouder")
        if form.is_valid():
            try:
                services.opp_instemming_record(actor=request.user, leerling=leerling, **form.cleaned_data)
                messages.success(request, "Het besluit over het handelingsdeel is vastgelegd.")
                return redirect("dossier:opp", pk=pk)
            except ValidationError as error:
                apply_service_errors(form, error)
        return self.render_to_response(self.opp_context(instemming_form=form), status=400)


class OppVaststellenView(_OppActie):
    def post(self, request, pk):
        leerling, _ = leerling_get(actor=request.user, pk=pk)
        require(request.user, "dossier.vaststellen_opp", leerling)
        try:
            versie = services.opp_vaststellen(actor=request.user, leerling=leerling)
        except ValidationError as error:
            messages.error(request, "Het OPP kan nog niet worden vastgesteld: " + " ".join(error.messages))
            return self.render_to_response(self.opp_context(), status=400)
        messages.success(request, f"Versie {versie.nummer} van het OPP is vastgesteld.")
        return redirect("dossier:opp", pk=pk)


class OppEvaluatieView(_OppActie):
    def post(self, request, pk):
        leerling, _ = leerling_get(actor=request.user, pk=pk)
        require(request.user, "dossier.evaluate_opp", leerling)
        form = OppEvaluatieForm(request.POST)
        if form.is_valid():
            try:
                evaluatie = services.opp_evaluatie_add(actor=request.user, leerling=leerling, **form.cleaned_data)
                messages.success(request, "De evaluatie is vastgelegd.")
                if evaluatie.conclusie == evaluatie.Conclusie.BIJSTELLEN:
                    messages.warning(request, "U besloot het OPP bij te stellen: kies ‘OPP bijstellen’.")
                return redirect("dossier:opp", pk=pk)
            except ValidationError as error:
                apply_service_errors(form, error)
        return self.render_to_response(self.opp_context(evaluatie_form=form), status=400)


class OppPdfView(LoginRequiredMixin, View):
    """The OPP as a PDF; an export of personal data, so audited as such."""

    def get(self, request, pk):
        from passend.dossier.models import Domein
        from passend.dossier.opp_stand import instemming_van, volgende_evaluatie

        leerling, _grant, versie, versies, evaluaties = selectors.opp_get(
            actor=request.user, leerling_pk=pk, nummer=_nummer(request), action=audit.Action.EXPORT
        )
        if versie is None:
            raise Http404
        doelen = list(versie.doelen.all())
        html = render_to_string(
            "dossier/opp_pdf.html",
            {
                "leerling": leerling,
                "versie": versie,
                "instemming": instemming_van(versie.handelingsdeel_kenmerk, leerling.toestemmingen.all()),
                "doelen_per_domein": [
                    (label, [d for d in doelen if d.domein == value]) for value, label in Domein.choices
                ],
                "perspectief": _teksten(
                    versie,
                    ("onderbouwing", "belemmerende_factoren", "bevorderende_factoren", "didactisch_niveau", "ambitie"),
                ),
                "handelingsdeel": _teksten(versie, HANDELINGSDEEL_VELDEN),
                "evaluaties": evaluaties,
                "volgende_evaluatie": volgende_evaluatie(versies, evaluaties),
                "leeftijd": leerling.leeftijd(),
            },
            request=request,
        )
        return pdf_response(html, request, f"opp-{leerling.pk}-v{versie.nummer}.pdf")


def _teksten(versie, velden) -> list[tuple[str, str]]:
    return [(capfirst(versie._meta.get_field(veld).verbose_name), getattr(versie, veld)) for veld in velden]


# --- Handelingsplan ---

# The usual period of a plan at level 2 (seed 002: "handelingsplan voor zes weken"); only a
# suggestion in the form.
PLANPERIODE = timedelta(weeks=6)


class HandelingsplannenView(LoginRequiredMixin, TemplateView):
    """A pupil's handelingsplannen with their status and, for whoever may write them, a new one."""

    template_name = "dossier/handelingsplannen.html"

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self._context())

    def post(self, request, *args, **kwargs):
        leerling, _ = leerling_get(actor=request.user, pk=self.kwargs["pk"])
        require(request.user, "dossier.edit_handelingsplan", leerling)
        form = HandelingsplanForm(request.POST)
        if form.is_valid():
            try:
                plan = services.handelingsplan_create(actor=request.user, leerling=leerling, data=form.cleaned_data)
                messages.success(request, f"Het handelingsplan ‘{plan.onderwerp}’ is opgeslagen.")
                return redirect("dossier:handelingsplannen", pk=leerling.pk)
            except ValidationError as error:
                apply_service_errors(form, error)
        return self.render_to_response(self._context(form=form), status=400)

    def _context(self, form=None):
        leerling, _grant, plannen = selectors.handelingsplan_list(
            actor=self.request.user, leerling_pk=self.kwargs["pk"]
        )
        if form is None and can(self.request.user, "dossier.edit_handelingsplan", leerling):
            start = timezone.localdate()
            form = HandelingsplanForm(
                initial={"startdatum": start, "einddatum": start + PLANPERIODE, "evaluatiedatum": start + PLANPERIODE}
            )
        return self.get_context_data(
            leerling=leerling,
            plannen=plannen,
            te_laat=[plan for plan in plannen if plan.status == Handelingsplan.Status.EVALUATIE_TE_LAAT],
            form=form,
        )


class HandelingsplanView(LoginRequiredMixin, TemplateView):
    """One plan: read by everyone who may see it; edited and evaluated until it is evaluated."""

    template_name = "dossier/handelingsplan.html"

    def _plan(self):
        return selectors.handelingsplan_get(
            actor=self.request.user, leerling_pk=self.kwargs["pk"], pk=self.kwargs["plan_pk"]
        )

    def get(self, request, *args, **kwargs):
        leerling, _grant, plan = self._plan()
        return self.render_to_response(self._context(leerling, plan))

    def post(self, request, *args, **kwargs):
        leerling, _grant, plan = self._plan()
        require(request.user, "dossier.edit_handelingsplan", leerling)
        if request.POST.get("formulier") == "evaluatie":
            naam, form = "evaluatie_form", HandelingsplanEvaluatieForm(request.POST)
            success = "De evaluatie is vastgelegd. Het handelingsplan is nu afgesloten."
        else:
            naam, form = "form", HandelingsplanForm(request.POST, instance=plan)
            success = "De wijzigingen in het handelingsplan zijn opgeslagen."
        if form.is_valid():
            try:
                if naam == "evaluatie_form":
                    services.handelingsplan_evaluate(actor=request.user, plan=plan, **form.cleaned_data)
                else:
                    services.handelingsplan_update(actor=request.user, plan=plan, data=form.cleaned_data)
                messages.success(request, success)
                return redirect("dossier:handelingsplan", pk=leerling.pk, plan_pk=plan.pk)
            except ValidationError as error:
                apply_service_errors(form, error)
        return self.render_to_response(self._context(leerling, plan, **{naam: form}), status=400)

    def _context(self, leerling, plan, **forms):
        vandaag = timezone.localdate()
        mag_bewerken = can(self.request.user, "dossier.edit_handelingsplan", leerling)
        if mag_bewerken and not plan.is_geevalueerd:
            forms.setdefault("form", HandelingsplanForm(instance=plan))
            forms.setdefault("evaluatie_form", HandelingsplanEvaluatieForm(initial={"geevalueerd_op": vandaag}))
        weigering = []
        if plan.is_geevalueerd:
            # A closed plan shows no forms, only why an attempt to change it was refused.
            weigering = [fout for form in forms.values() for fout in form.non_field_errors()]
        return self.get_context_data(
            leerling=leerling,
            plan=plan,
            mag_bewerken=mag_bewerken,
            weigering=weigering,
            # From the planned date on, the evaluation is what the teacher comes for: show it open.
            evaluatie_open=plan.evaluatiedatum <= vandaag,
            **forms,
        )
