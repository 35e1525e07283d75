from django.core.paginator import Paginator
from django.http import JsonResponse
from django.utils.functional import cached_property
from django.views.generic import DetailView, ListView
from django_filters.views import FilterView

from districts.caching import cached
from districts.citations import Citations

from .filters import ProjectFilterSet, renamed_parameter_redirect
from .history import public_changes
from .models import Organisation, Project


class LargePaginator(Paginator):
    """A paginator for 100,000 rows: it counts them once per registry version and set of filters (`count_key`),
    and reads a page in the second half from the other end, in reverse order, so that the last page costs what
    the first one does instead of skipping every row before it."""

    def __init__(self, *args, count_key, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_key = count_key

    @cached_property
    def count(self):
        return cached(f"registry-count:{self.count_key}", lambda: Paginator.count.func(self))

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        if bottom <= self.count // 2 or self.orphans or not self.object_list.ordered:
            return super().page(number)
        rows = list(self.object_list.reverse()[self.count - top : self.count - bottom])
        return self._get_page(rows[::-1], number, self)


class ProjectRegistryView(FilterView):
    """The registry: published projects, filtered, searched and ordered by the query string."""

    filterset_class = ProjectFilterSet
    paginate_by = 20

    def get_paginator(self, queryset, per_page, orphans=0, allow_empty_first_page=True, **kwargs):
        count_key = self.filterset.cache_key()
        return LargePaginator(queryset, per_page, orphans, allow_empty_first_page, count_key=count_key)

    def get(self, request, *args, **kwargs):
        return renamed_parameter_redirect(request) or super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The rows' investments carry [n] marks to the page's numbered sources, as a project page's facts do.
        context["citations"] = Citations(project.investment_source for project in context["object_list"])
        return context

    def get_queryset(self):
        # Ordered by title here: a FilterSet leaves the registry without a query string unordered.
        return Project.objects.published().for_listing().order_by_title()


class ProjectDetailView(DetailView):
    def get_queryset(self):
        projects = Project.objects.for_page()
        # Staff preview a draft at its public address (the admin's "View on site"); the public gets 404. Signed-in
        # requests never meet the page cache (districts/caching.py).
        return projects if self.request.user.has_perm("projects.view_project") else projects.published()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            related_projects=cached(
                f"related-projects:{self.object.pk}",
                lambda: list(Project.objects.published().related_to(self.object)[:4]),
            ),
            citations=Citations(Project.objects.filter(pk=self.object.pk).cited_sources()),
            changes=cached(f"project-changes:{self.object.pk}", lambda: public_changes(self.object)),
            **kwargs,
        )


class OrganisationListView(ListView):
    paginate_by = 50
    template_name = "projects/organisation_list.html"
    context_object_name = "organisation_list"

    def get_queryset(self):
        # Which organisations are public takes a pass over every role (most projects are published, so the
        # database reads them all): once per registry version and language, their ids in name order; the page
        # then reads its 50 by id.
        return cached(
            "public-organisations-by-name",
            lambda: list(Organisation.objects.public().order_by_name().values_list("pk", flat=True)),
        )

    def paginate_queryset(self, queryset, page_size):
        paginator, page, ids, is_paginated = super().paginate_queryset(queryset, page_size)
        organisations = Organisation.objects.filter(pk__in=ids).with_project_counts().in_bulk()
        page.object_list = [organisations[pk] for pk in ids if pk in organisations]  # one deleted meanwhile
        return paginator, page, page.object_list, is_paginated


class OrganisationDetailView(DetailView):
    def get_queryset(self):
        return Organisation.objects.public()

    def get_context_data(self, **kwargs):
        projects = Project.objects.published().with_organisation(self.object)
        return super().get_context_data(
            # The first page of its roles; the registry, filtered to it, lists them all.
            participations=self.object.participations.in_published_projects()[: ProjectRegistryView.paginate_by],
            project_count=cached(f"organisation-projects:{self.object.pk}", projects.count),
            **kwargs,
        )


def organisation_suggestions(request):
    """The organisations of published projects whose names contain `?organisation=`: JSON for the organisation
    field's list of suggestions (static/js/suggest.js). Without JavaScript the registry suggests them as links."""
    filterset = ProjectFilterSet(request.GET, request=request)
    text = filterset.form.cleaned_data["organisation"] if filterset.is_valid() else ""
    organisations = filterset.organisations_named(text)[: filterset.SUGGESTIONS] if text else []
    return JsonResponse(
        {"organisations": [{"name": organisation.name, "slug": organisation.slug} for organisation in organisations]},
        json_dumps_params={"ensure_ascii": False},
    )
