"""Pages for the money: the partnership's dashboard per year, a central line with its ledger (and
the buffer), a board's schools, a school's support budget."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.views.generic import TemplateView

from passend.core import audit
from passend.core.authz import can
from passend.core.forms_util import apply_service_errors
from passend.core.services import require
from passend.financien import analyse, selectors, services
from passend.financien.forms import BudgetForm, BufferForm
from passend.financien.grafiek import budgetbalken
from passend.financien.models import Doel, Post
from passend.financien.policies import FINANCIEN_BEHEER
from passend.organisaties.models import School, Schoolbestuur
from passend.organisaties.policies import swv_ids_with


class FinancienView(LoginRequiredMixin, TemplateView):
    """Where the menu item leads: the partnership's latest budget for its management, else the
    schools whose budget the director or board sees."""

    template_name = "financien/start.html"

    def get(self, request, *args, **kwargs):
        begroting = selectors.begrotingen_van(actor=request.user).order_by("-jaar").first()
        if begroting is not None:
            return redirect("financien:dashboard", jaar=begroting.jaar)
        scholen = selectors.scholen_met_budget(actor=request.user)
        # The management or beheerder of a partnership without a budget yet is told so, not refused.
        beheer = swv_ids_with(request.user, FINANCIEN_BEHEER)
        if not scholen and not beheer:
            audit.log_denied(reason="geen toegang tot financiën", object_type="financien.begroting")
            raise PermissionDenied
        jaren = {s.pk: selectors.jaren_van(s.samenwerkingsverband_id) for s in scholen}
        # A board's regievoerder also gets the overview of all its schools (not a director).
        besturen = sorted(
            {s.schoolbestuur for s in scholen if can(request.user, "financien.view_bestuur", s.schoolbestuur)},
            key=lambda b: b.naam,
        )
        return self.render_to_response(
            self.get_context_data(
                scholen=[(s, jaren[s.pk]) for s in scholen],
                besturen=[(b, selectors.jaren_van(b.samenwerkingsverband_id)) for b in besturen],
                zonder_begroting=bool(beheer),
            )
        )


class DashboardView(LoginRequiredMixin, TemplateView):
    template_name = "financien/dashboard.html"

    def get_context_data(self, **kwargs):
        swv = self.request.GET.get("samenwerkingsverband", "")
        begroting = selectors.begroting_get(
            actor=self.request.user,
            jaar=self.kwargs["jaar"],
            samenwerkingsverband_id=int(swv) if swv.isdigit() else None,
        )
        d = selectors.dashboard(actor=self.request.user, begroting=begroting)
        return super().get_context_data(
            d=d,
            jaren=selectors.jaren_van(begroting.samenwerkingsverband_id),
            grafiek=budgetbalken(
                [(s.post.get_doel_display(), s) for s in d.centraal] + [("Schoolbudgetten (samen)", d.scholen_totaal)],
                titel=f"Begroting {begroting.jaar}: uitgegeven, vastgelegd en beschikbaar per post",
            ),
            besturen=sorted({s.post.school.schoolbestuur for s in d.scholen}, key=lambda b: b.naam),
            netwerk=analyse.netwerkkosten(begroting),
            **kwargs,
        )


class PostView(LoginRequiredMixin, TemplateView):
    """A line of the partnership's budget, central or a school's: its ledger; change its budget;
    draw on the buffer for it. Only the partnership's management and beheerder reach it (a school's
    director and board see the school's budget page)."""

    template_name = "financien/post.html"

    def _post(self):
        begroting = selectors.begroting_get(actor=self.request.user, jaar=self.kwargs["jaar"])
        post = Post.objects.filter(pk=self.kwargs["post_pk"], begroting=begroting).select_related("school").first()
        if post is None:
            audit.log_denied(reason="niet gevonden of geen toegang", object_type="financien.post")
            raise Http404
        return begroting, post

    def get(self, request, *args, **kwargs):
        begroting, post = self._post()
        return self.render_to_response(self._context(begroting, post))

    def post(self, request, *args, **kwargs):
        begroting, post = self._post()
        buffer = request.POST.get("formulier") == "buffer"
        # Who may see the line but not do this gets 403 before their input is read.
        require(request.user, "financien.buffer_inzetten" if buffer else "financien.beheren", begroting)
        form = (BufferForm if buffer else BudgetForm)(request.POST)
        if form.is_valid():
            try:
                if buffer:
                    services.buffer_inzetten(actor=request.user, post=post, **form.cleaned_data)
                    messages.success(request, "De post onvoorzien is ingezet.")
                else:
                    services.post_begroten(actor=request.user, post=post, **form.cleaned_data)
                    messages.success(request, "Het budget is gewijzigd.")
                return redirect("financien:post", jaar=begroting.jaar, post_pk=post.pk)
            except ValidationError as error:
                apply_service_errors(form, error)
        return self.render_to_response(
            self._context(begroting, post, **{"buffer_form" if buffer else "budget_form": form}), status=400
        )

    def _context(self, begroting, post, **forms):
        d = selectors.post_detail(actor=self.request.user, post=post)
        if can(self.request.user, "financien.beheren", begroting):
            forms.setdefault("budget_form", BudgetForm(initial={"bedrag": d.stand.budget}))
        buffer = None
        if post.doel != Doel.BUFFER and can(self.request.user, "financien.buffer_inzetten", begroting):
            forms.setdefault("buffer_form", BufferForm())
            # What the buffer still holds, next to the form that draws on it.
            buffer = Post.objects.filter(begroting=begroting, doel=Doel.BUFFER).first()
        return self.get_context_data(begroting=begroting, post=post, d=d, buffer=buffer, **forms)


class BestuurView(LoginRequiredMixin, TemplateView):
    template_name = "financien/bestuur.html"

    def get_context_data(self, **kwargs):
        bestuur = Schoolbestuur.objects.filter(pk=self.kwargs["bestuur_pk"]).first()
        if bestuur is None:
            audit.log_denied(reason="niet gevonden", object_type="organisaties.schoolbestuur")
            raise Http404
        begroting = selectors.begroting_voor_school_of_bestuur(
            actor=self.request.user, samenwerkingsverband_id=bestuur.samenwerkingsverband_id, jaar=self.kwargs["jaar"]
        )
        standen, totaal = selectors.bestuur_budgetten(actor=self.request.user, begroting=begroting, bestuur=bestuur)
        return super().get_context_data(
            bestuur=bestuur,
            begroting=begroting,
            standen=standen,
            totaal=totaal,
            grafiek=budgetbalken(
                [(s.post.school.naam, s) for s in standen], titel=f"Schoolbudgetten {bestuur} {begroting.jaar}"
            ),
            **kwargs,
        )


class SchoolbudgetView(LoginRequiredMixin, TemplateView):
    template_name = "financien/school.html"

    def get_context_data(self, **kwargs):
        school = School.objects.filter(pk=self.kwargs["school_pk"]).select_related("schoolbestuur").first()
        if school is None:
            audit.log_denied(reason="niet gevonden", object_type="organisaties.school")
            raise Http404
        begroting = selectors.begroting_voor_school_of_bestuur(
            actor=self.request.user, samenwerkingsverband_id=school.samenwerkingsverband_id, jaar=self.kwargs["jaar"]
        )
        sb = selectors.schoolbudget(actor=self.request.user, begroting=begroting, school=school)
        return super().get_context_data(
            school=school,
            begroting=begroting,
            sb=sb,
            jaren=selectors.jaren_van(school.samenwerkingsverband_id),
            vandaag=timezone.localdate(),
            # The partnership changes the budget or draws on the buffer for it on the line's page.
            beheer=can(self.request.user, "financien.beheren", begroting),
            **kwargs,
        )
