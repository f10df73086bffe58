from rest_framework import serializers

from shop.models import Customer, Item, Order
from shop.serializers import ItemSerializer


class CustomerWithOrdersSerializer(serializers.ModelSerializer):
    # Reverse FK named in Meta.fields: a list of primary keys, one query per customer.
    class Meta:
        model = Customer
        fields = ["id", "name", "order_set"]


class ItemLabelSerializer(serializers.ModelSerializer):
    order = serializers.StringRelatedField()
    region_name = serializers.ReadOnlyField(source="order.customer.region.name")

    class Meta:
        model = Item
        fields = ["id", "order", "region_name"]


class ItemPlusSerializer(ItemSerializer):
    class Meta(ItemSerializer.Meta):
        fields = ItemSerializer.Meta.fields + ["order"]


class OrderWriteSerializer(serializers.ModelSerializer):
    customer = serializers.HiddenField(default=None)
    tags = serializers.PrimaryKeyRelatedField(many=True, write_only=True, read_only=False, queryset=None)

    class Meta:
        model = Order
        fields = ["id", "customer", "tags", "notes"]
