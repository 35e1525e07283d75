from django.urls import path

from . import views

app_name = "projects"

urlpatterns = [
    path("projects/", views.ProjectRegistryView.as_view(), name="list"),
    path("projects/<slug:slug>/", views.ProjectDetailView.as_view(), name="detail"),
    path("about/", views.AboutView.as_view(), name="about"),
    path("investors/", views.InvestorListView.as_view(), name="investor-list"),
    path("investors/<slug:slug>/", views.InvestorDetailView.as_view(), name="investor-detail"),
]
