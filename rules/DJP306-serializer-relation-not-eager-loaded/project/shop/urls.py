from django.urls import path
from rest_framework.routers import DefaultRouter

from .views import (
    OrderBrowseViewSet,
    OrderCardViewSet,
    OrderDetailViewSet,
    OrderRegisteredViewSet,
    OrderSummaryViewSet,
    OrderViewSet,
)

router = DefaultRouter()
router.register("registered", OrderRegisteredViewSet)
router.register("orders", OrderViewSet)

urlpatterns = [
    path("detail/<int:pk>", OrderDetailViewSet.as_view({"get": "retrieve", "patch": "partial_update"})),
    path("card/<int:pk>", OrderCardViewSet.as_view({"get": "retrieve"})),
    path("browse/<int:pk>", OrderBrowseViewSet.as_view({"get": "retrieve"})),
    path("browse", OrderBrowseViewSet.as_view({"get": "list"})),
    path("summary/<int:pk>", OrderSummaryViewSet.as_view({"get": "retrieve"})),
    *router.urls,
]
