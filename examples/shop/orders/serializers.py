from rest_framework import serializers

from .models import Address, Order, OrderItem


class OrderItemSerializer(serializers.ModelSerializer):
    sku = serializers.CharField(source="product.sku", read_only=True)
    product_name = serializers.CharField(source="product.name", read_only=True)

    class Meta:
        model = OrderItem
        fields = ["id", "sku", "product_name", "quantity", "unit_price"]


class AddressSerializer(serializers.ModelSerializer):
    class Meta:
        model = Address
        fields = ["line1", "city", "postal_code", "country"]


class OrderSerializer(serializers.ModelSerializer):
    customer_name = serializers.CharField(source="customer.name", read_only=True)
    shipping_address = AddressSerializer(read_only=True)
    items = OrderItemSerializer(many=True, read_only=True)
    # Filled by OrderViewSet's annotate(); see the rulebook's "Avoid Heavy Serializer Computations".
    item_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Order
        fields = [
            "id",
            "reference",
            "status",
            "total",
            "created_at",
            "paid_at",
            "customer_name",
            "shipping_address",
            "items",
            "item_count",
        ]
        read_only_fields = ["reference", "total", "created_at", "paid_at"]


class OrderGridSerializer(serializers.ModelSerializer):
    class Meta:
        model = Order
        fields = ["id", "reference", "status", "total", "created_at"]


class CheckoutLineSerializer(serializers.Serializer):
    id = serializers.IntegerField(min_value=1)
    quantity = serializers.IntegerField(min_value=1, max_value=100)


class CheckoutSerializer(serializers.Serializer):
    shipping_address = serializers.PrimaryKeyRelatedField(queryset=Address.objects.all())
    items = CheckoutLineSerializer(many=True, allow_empty=False)
