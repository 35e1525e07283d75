from django.views.generic import DetailView, ListView

from projects.models import Project

from .models import District


class DistrictListView(ListView):
    def get_queryset(self):
        return District.objects.for_listing().with_project_counts()


class HomeView(DistrictListView):
    template_name = "districts/home.html"


class DistrictDetailView(DetailView):
    queryset = District.objects.for_listing()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            projects=Project.objects.published().filter(district=self.object).for_listing(), **kwargs
        )
