from django.views.generic import DetailView, ListView, TemplateView
from django_filters.views import FilterView

from .filters import ProjectFilterSet
from .models import Investor, OrganisationKind, Project, Source


class ProjectRegistryView(FilterView):
    """The registry: published projects, filtered, searched and ordered by the query string."""

    filterset_class = ProjectFilterSet
    paginate_by = 20

    def get_queryset(self):
        # Ordered by title here: a FilterSet leaves the registry without a query string unordered.
        return Project.objects.published().for_listing().order_by_title()


class ProjectDetailView(DetailView):
    def get_queryset(self):
        return Project.objects.published().for_page()

    def get_context_data(self, **kwargs):
        related_projects = Project.objects.published().related_to(self.object)[:4]
        return super().get_context_data(related_projects=related_projects, **kwargs)


class InvestorListView(ListView):
    paginate_by = 50

    def get_queryset(self):
        return Investor.objects.with_project_counts().order_by_name()


class InvestorDetailView(DetailView):
    model = Investor

    def get_context_data(self, **kwargs):
        participations = self.object.participations.in_published_projects()
        return super().get_context_data(participations=participations, **kwargs)


class AboutView(TemplateView):
    """Governance and data sources."""

    template_name = "about.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            public_bodies=Investor.objects.filter(kind=OrganisationKind.PUBLIC_BODY),
            sources=Source.objects.all(),
            **kwargs,
        )
