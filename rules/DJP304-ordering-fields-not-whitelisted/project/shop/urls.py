from rest_framework.routers import DefaultRouter

from shop.views import ManagerUploads, MyOrderUploads, RegisteredSortableBase, RegisteredSortableOrders, SortableOrders, SortableOrdersWithSearch

router = DefaultRouter()
router.register("sortable", SortableOrders)
router.register("sortable-search", SortableOrdersWithSearch)
router.register("base", RegisteredSortableBase)
router.register("registered", RegisteredSortableOrders)
router.register("manager-uploads", ManagerUploads)
router.register("my-uploads", MyOrderUploads)
urlpatterns = router.urls
