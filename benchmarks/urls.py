"""The app's URLs plus the floors of the benchmarks (used only with benchmarks.settings)."""

from django.urls import path

from benchmarks.views import floor, floor_post
from config.urls import urlpatterns as app_patterns

urlpatterns = [
    path("__bench__/floor/<int:size>/", floor, name="bench_floor"),
    path("__bench__/floor/post/", floor_post, name="bench_floor_post"),
    *app_patterns,
]
