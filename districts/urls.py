from django.urls import path

from . import views

app_name = "districts"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("districts/", views.DistrictListView.as_view(), name="list"),
    path("districts/<slug:slug>/", views.DistrictDetailView.as_view(), name="detail"),
]
