from django.views.generic import DetailView, ListView

from projects.models import Project
from projects.views import ProjectRegistryView

from . import figures, maps
from .models import District

FLAGSHIPS_SHOWN = 8
LATEST_UPDATES_SHOWN = 5


class DistrictListView(ListView):
    def get_queryset(self):
        return District.objects.for_listing().with_project_counts()

    def get_context_data(self, **kwargs):
        return super().get_context_data(map_data=maps.feature_collection(self.object_list), **kwargs)


class HomeView(DistrictListView):
    template_name = "districts/home.html"

    def get_context_data(self, **kwargs):
        published = Project.objects.published().select_related("district")
        return super().get_context_data(
            key_figures=figures.key_figures(Project.objects),
            district_bars=figures.district_bars(self.object_list),
            flagships=published.filter(is_flagship=True).order_by("district__order", "title")[:FLAGSHIPS_SHOWN],
            latest_updates=published.recently_updated()[:LATEST_UPDATES_SHOWN],
            **kwargs,
        )


class DistrictDetailView(DetailView):
    queryset = District.objects.for_listing()

    def get_context_data(self, **kwargs):
        projects = Project.objects.published().filter(district=self.object)
        status_bars = figures.status_bars(projects)
        return super().get_context_data(
            # The first page of the registry filtered to the district, in the registry's order.
            projects=projects.for_listing().order_by_title()[: ProjectRegistryView.paginate_by],
            project_count=sum(bar.count for bar in status_bars),
            status_bars=status_bars,
            specialization_bars=figures.specialization_bars(projects),
            map_data=maps.feature_collection([self.object], projects),
            **kwargs,
        )
