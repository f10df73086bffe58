from rest_framework.routers import DefaultRouter

from shop.views import RegisteredSortableBase, RegisteredSortableOrders, SortableOrders, SortableOrdersWithSearch

router = DefaultRouter()
router.register("sortable", SortableOrders)
router.register("sortable-search", SortableOrdersWithSearch)
router.register("base", RegisteredSortableBase)
router.register("registered", RegisteredSortableOrders)
urlpatterns = router.urls
