from rest_framework import serializers

from .models import Customer, Item, Order, OrderNote, Region, Staff, Team


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["id", "name"]


class CustomerSerializer(serializers.ModelSerializer):
    region = RegionSerializer()

    class Meta:
        model = Customer
        fields = ["id", "name", "region"]


class ItemSerializer(serializers.ModelSerializer):
    product_title = serializers.CharField(source="product.title")

    class Meta:
        model = Item
        fields = ["id", "quantity", "product_title"]


class OrderSerializer(serializers.ModelSerializer):
    customer = CustomerSerializer()
    items = ItemSerializer(many=True)

    class Meta:
        model = Order
        fields = ["id", "customer", "items", "tags"]


class OrderIdsSerializer(serializers.ModelSerializer):
    class Meta:
        model = Order
        fields = ["id", "customer"]


class CustomerKeyField(serializers.PrimaryKeyRelatedField):
    """Renders the customer's key; DRF hands it the key alone, no row is loaded."""

    def get_queryset(self):
        return Customer.objects.all()


class CustomerNameField(serializers.PrimaryKeyRelatedField):
    """Renders the customer's name: it turns the key-only shortcut off, so every row loads its customer."""

    def use_pk_only_optimization(self):
        return False

    def to_representation(self, value):
        return value.name


class OrderCustomerKeySerializer(serializers.ModelSerializer):
    customer = CustomerKeyField(read_only=True)

    class Meta:
        model = Order
        fields = ["id", "customer"]


class OrderCustomerNameSerializer(serializers.ModelSerializer):
    customer = CustomerNameField(read_only=True)

    class Meta:
        model = Order
        fields = ["id", "customer"]


class OrderDepthSerializer(serializers.ModelSerializer):
    class Meta:
        model = Order
        fields = ["id", "customer"]
        depth = 1


class OrderCountSerializer(serializers.ModelSerializer):
    item_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Order
        fields = ["id", "item_count"]


class OrderRecentSerializer(serializers.ModelSerializer):
    recent = ItemSerializer(many=True, source="recent_items")

    class Meta:
        model = Order
        fields = ["id", "recent"]


class OrderBuiltSerializer(serializers.ModelSerializer):
    """Renders `customer` nested, chosen in build_relational_field rather than declared."""

    class Meta:
        model = Order
        fields = ["id", "customer", "tags"]

    def build_relational_field(self, field_name, relation_info):
        from shop.serializers import CustomerSerializer

        if field_name == "customer":
            return CustomerSerializer, {"read_only": True}
        return super().build_relational_field(field_name, relation_info)


class TeamSerializer(serializers.ModelSerializer):
    class Meta:
        model = Team
        fields = ["id", "name"]


class StaffSerializer(serializers.ModelSerializer):
    team = TeamSerializer()

    class Meta:
        model = Staff
        fields = ["id", "team"]


class OrderNoteSerializer(serializers.ModelSerializer):
    author = StaffSerializer()

    class Meta:
        model = OrderNote
        fields = ["id", "text", "author"]


class OrderNotesSerializer(serializers.ModelSerializer):
    order_notes = OrderNoteSerializer(many=True)

    class Meta:
        model = Order
        fields = ["id", "order_notes"]


# A nested serializer that renders itself (to_representation): what it reads of the customer is not
# known, but the order's field still reads order.customer to hand it over.
class CustomerBadgeSerializer(serializers.ModelSerializer):
    region = RegionSerializer()

    class Meta:
        model = Customer
        fields = ["id", "region"]

    def to_representation(self, instance):
        return {"badge": instance.name.upper()}


class ItemCardSerializer(serializers.ModelSerializer):
    class Meta:
        model = Item
        fields = ["id", "product"]

    def to_representation(self, instance):
        return f"{instance.quantity} x {instance.product.title}"


class OrderBadgeSerializer(serializers.ModelSerializer):
    customer = CustomerBadgeSerializer()
    items = ItemCardSerializer(many=True)

    class Meta:
        model = Order
        fields = ["id", "customer", "items"]


# Serializers built on a base from an installed package: the fields the project declares are rendered,
# what the base adds (and what it builds from Meta) is not known.
from labelkit.serializers import LabelledFieldsMixin  # noqa: E402


class LabelledOrderSerializer(LabelledFieldsMixin, serializers.ModelSerializer):
    customer = CustomerSerializer()

    class Meta:
        model = Order
        fields = ["id", "customer", "tags"]


class LabelledCustomerSerializer(LabelledFieldsMixin, serializers.ModelSerializer):
    region = RegionSerializer()

    class Meta:
        model = Customer
        fields = ["id", "region"]


class OrderLabelledCustomerSerializer(serializers.ModelSerializer):
    customer = LabelledCustomerSerializer()

    class Meta:
        model = Order
        fields = ["id", "customer"]


# A nested serializer that reads its own attribute: which rows it renders is its own business.
class OpenItemsSerializer(serializers.ModelSerializer):
    class Meta:
        model = Item
        fields = ["id", "product"]

    def get_attribute(self, instance):
        return instance.items.filter(quantity__gt=0)


class OrderOpenItemsSerializer(serializers.ModelSerializer):
    open_items = OpenItemsSerializer(many=True, source="items")
    customer = CustomerSerializer()

    class Meta:
        model = Order
        fields = ["id", "open_items", "customer"]


# Rendered from the whole order (source="*"), but through its own get_attribute: which object it gets is its own business.
class OrderShadowSerializer(serializers.Serializer):
    customer = CustomerSerializer()

    def get_attribute(self, instance):
        return instance.archived_copy()


class OrderWithShadowSerializer(serializers.ModelSerializer):
    shadow = OrderShadowSerializer(source="*")

    class Meta:
        model = Order
        fields = ["id", "shadow"]


class OrderItemsLinkField(serializers.HyperlinkedIdentityField):
    """The URL of the order's items page: built from the order itself, not from its items."""


class OrderLinksSerializer(serializers.ModelSerializer):
    items = OrderItemsLinkField(view_name="order-items")
    tags = serializers.HyperlinkedIdentityField(view_name="order-tags")

    class Meta:
        model = Order
        fields = ["id", "items", "tags"]
