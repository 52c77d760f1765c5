from django.urls import path

from . import views

app_name = "chefcirculair"

urlpatterns = [
    path("menu/", views.menu, name="menu"),
    path("uitgangspunten/", views.principle_list, name="principles"),
    path("uitgangspunten/<slug:slug>/", views.principle_detail, name="principle"),
]
