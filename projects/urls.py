from django.urls import path

from . import views

app_name = "projects"

urlpatterns = [
    path("projects/<slug:slug>/", views.ProjectDetailView.as_view(), name="detail"),
    path("investors/<slug:slug>/", views.InvestorDetailView.as_view(), name="investor-detail"),
]
