from django.urls import path

from . import views

app_name = "rladder"

urlpatterns = [
    path("r-ladder/", views.ladder, name="ladder"),
]
