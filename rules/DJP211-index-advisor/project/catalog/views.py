from rest_framework.generics import ListAPIView, RetrieveAPIView

from catalog.models import Product


class ProductList(ListAPIView):
    queryset = Product.objects.all()
    filterset_fields = ["barcode", "supplier"]
