from django.views.generic import DetailView

from .models import Investor, Project


class ProjectDetailView(DetailView):
    def get_queryset(self):
        return Project.objects.published().for_listing().prefetch_related("milestones", "sources", "images")


class InvestorDetailView(DetailView):
    model = Investor

    def get_context_data(self, **kwargs):
        projects = Project.objects.published().filter(investors=self.object).distinct().for_listing()
        return super().get_context_data(projects=projects, **kwargs)
