from django.http import HttpResponsePermanentRedirect
from django.views.generic import DetailView, ListView
from django_filters.views import FilterView

from districts.citations import Citations

from .filters import ProjectFilterSet
from .models import Organisation, Project


class ProjectRegistryView(FilterView):
    """The registry: published projects, filtered, searched and ordered by the query string."""

    filterset_class = ProjectFilterSet
    paginate_by = 20

    def get(self, request, *args, **kwargs):
        # The filter was called `investor` before organisations got their one name: old links keep working.
        if "investor" in request.GET:
            query = request.GET.copy()
            query.setlist("organisation", query.pop("investor") + query.getlist("organisation"))
            return HttpResponsePermanentRedirect(f"{request.path}?{query.urlencode()}")
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        # Ordered by title here: a FilterSet leaves the registry without a query string unordered.
        return Project.objects.published().for_listing().order_by_title()


class ProjectDetailView(DetailView):
    def get_queryset(self):
        return Project.objects.published().for_page()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            related_projects=Project.objects.published().related_to(self.object)[:4],
            citations=Citations(Project.objects.filter(pk=self.object.pk).cited_sources()),
            **kwargs,
        )


class OrganisationListView(ListView):
    paginate_by = 50

    def get_queryset(self):
        return Organisation.objects.public().with_project_counts().order_by_name()


class OrganisationDetailView(DetailView):
    def get_queryset(self):
        return Organisation.objects.public()

    def get_context_data(self, **kwargs):
        participations = self.object.participations.in_published_projects()
        return super().get_context_data(participations=participations, **kwargs)
