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


# to_representation overrides that first render the row as DRF does: every declared field is still
# rendered (and its relations read); what the override adds afterwards is not checked.
class OrderSummarySerializer(serializers.ModelSerializer):
    customer = CustomerSerializer()

    class Meta:
        model = Order
        fields = ["id", "customer"]

    def to_representation(self, instance):
        """The declared fields, plus a label."""
        data = super().to_representation(instance)
        data["label"] = f"#{instance.pk}"
        return data


class StampedMixin:
    def to_representation(self, obj):
        return super().to_representation(obj)


class CustomerCardSerializer(StampedMixin, serializers.ModelSerializer):
    region = RegionSerializer()

    class Meta:
        model = Customer
        fields = ["id", "region"]


class OrderCardSerializer(serializers.ModelSerializer):
    customer = CustomerCardSerializer()

    class Meta:
        model = Order
        fields = ["id", "customer"]


# Overrides that may not render the declared fields: a branch before super(), another object handed to super().
class OrderMaybeSummarySerializer(serializers.ModelSerializer):
    customer = CustomerSerializer()

    class Meta:
        model = Order
        fields = ["id", "customer"]

    def to_representation(self, instance):
        if instance.customer_id is None:
            return {"id": instance.pk}
        return super().to_representation(instance)


class OrderArchiveSerializer(serializers.ModelSerializer):
    customer = CustomerSerializer()

    class Meta:
        model = Order
        fields = ["id", "customer"]

    def to_representation(self, instance):
        data = super().to_representation(instance.archived_copy())
        return data


# The subclass's override replaces the rendering, whatever its base's did.
class OrderSummaryIdSerializer(OrderSummarySerializer):
    def to_representation(self, instance):
        return {"id": instance.pk}


# Fields that pick their own object: the name they are declared under is not the attribute they read.
class OrderCodeField(serializers.Field):
    """Renders the order's code from the whole order (source="*" set here, not at the declaration)."""

    def __init__(self, **kwargs):
        kwargs["source"] = "*"
        super().__init__(**kwargs)

    def to_representation(self, order):
        return f"{order.pk:08d}"


class CustomerKeyTextField(serializers.CharField):
    def get_attribute(self, instance):
        return str(instance.customer_id)


class OrderCodeSerializer(serializers.ModelSerializer):
    customer = OrderCodeField()
    items = CustomerKeyTextField()

    class Meta:
        model = Order
        fields = ["id", "customer", "items"]


# A serializer handed the whole order (source="*") that renders itself: what it reads is unknown,
# the parent's other fields are rendered all the same.
class OrderStampSerializer(serializers.ModelSerializer):
    class Meta:
        model = Order
        fields = ["id"]

    def to_representation(self, instance):
        return {"stamp": instance.pk}


class OrderStampedSerializer(serializers.ModelSerializer):
    stamp = OrderStampSerializer(source="*")
    customer = CustomerSerializer()

    class Meta:
        model = Order
        fields = ["id", "stamp", "customer"]



from .models import Invoice, Receipt  # noqa: E402


class InvoiceSerializer(serializers.ModelSerializer):
    customer = CustomerSerializer()

    class Meta:
        model = Invoice
        fields = ["id", "customer", "tags", "etag"]


class ReceiptSerializer(serializers.ModelSerializer):
    customer = CustomerSerializer()

    class Meta:
        model = Receipt
        fields = ["id", "customer"]
