from rest_framework.routers import DefaultRouter

from shop.views import Inherited, OrderViewSet, PaymentsViewSet

router = DefaultRouter()
router.register("orders", OrderViewSet)
router.register("inherited", Inherited)
router.register("payments", PaymentsViewSet)
urlpatterns = router.urls
