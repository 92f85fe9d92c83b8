"""The app's URLs plus the floor of the benchmarks (used only with benchmarks.settings)."""

from django.urls import path

from benchmarks.views import floor
from config.urls import urlpatterns as app_patterns

urlpatterns = [path("__bench__/floor/<int:size>/", floor, name="bench_floor"), *app_patterns]
