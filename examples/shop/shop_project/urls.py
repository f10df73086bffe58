from django.contrib import admin
from django.urls import include, path
from rest_framework.routers import DefaultRouter

from catalog import views as catalog_views
from orders import views as order_views

router = DefaultRouter()
router.register("products", catalog_views.ProductViewSet, basename="product")
router.register("categories", catalog_views.CategoryViewSet, basename="category")
router.register("orders", order_views.OrderViewSet, basename="order")
router.register("staff/products", catalog_views.StaffProductViewSet, basename="staff-product")
router.register("staff/orders", order_views.StaffOrderViewSet, basename="staff-order")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include(router.urls)),
    path("api/checkout/", order_views.checkout, name="checkout"),
    path("feeds/products.json", catalog_views.product_feed, name="product-feed"),
    path("catalog/overview/", catalog_views.category_overview, name="category-overview"),
    path("dashboard/orders/today/", order_views.todays_orders, name="todays-orders"),
    path("dashboard/orders/shipped.csv", order_views.shipped_orders_csv, name="shipped-orders-csv"),
    path("account/orders/", order_views.my_orders, name="my-orders"),
]
