# fixture-path: shop/views.py
from django.db.models import Count, Prefetch
from rest_framework import generics, viewsets

from .models import Item, Order
from .serializers import (
    OrderCountSerializer,
    OrderCustomerKeySerializer,
    OrderCustomerNameSerializer,
    OrderDepthSerializer,
    OrderIdsSerializer,
    OrderLinksSerializer,
    OrderRecentSerializer,
    OrderSerializer,
)


class OrderViewSet(viewsets.ModelViewSet):
    # Nothing eager-loaded: customer, customer.region, items, items.product and tags per row.
    # ruleid: DJP306
    queryset = Order.objects.all()
    serializer_class = OrderSerializer


class PartlyLoadedOrders(generics.ListAPIView):
    # customer is loaded, but not its region, nor the items' products.
    # ruleid: DJP306
    queryset = Order.objects.select_related("customer").prefetch_related("items", "tags")
    serializer_class = OrderSerializer


class LoadedOrders(generics.ListAPIView):
    # ok: DJP306
    queryset = Order.objects.select_related("customer__region").prefetch_related("items__product", "tags")
    serializer_class = OrderSerializer


class PrefetchObjectOrders(generics.ListAPIView):
    serializer_class = OrderSerializer

    # ok: DJP306
    def get_queryset(self):
        items = Prefetch("items", queryset=Item.objects.select_related("product"))
        qs = Order.objects.select_related("customer__region").prefetch_related(items, "tags")
        if self.request.query_params.get("open"):
            qs = qs.filter(notes="")
        return qs


class BranchyOrders(generics.ListAPIView):
    serializer_class = OrderSerializer
    queryset = Order.objects.select_related("customer__region")

    # ruleid: DJP306
    def get_queryset(self):
        qs = super().get_queryset()
        if self.request.user.is_staff:
            return qs.prefetch_related("tags")
        return qs


class IdsOnly(generics.ListAPIView):
    # A forward FK in Meta.fields renders its primary key from the row: no query.
    # ok: DJP306
    queryset = Order.objects.all()
    serializer_class = OrderIdsSerializer


class CustomerKeys(generics.ListAPIView):
    # A project subclass of PrimaryKeyRelatedField keeps DRF's key-only shortcut: no query per row.
    # ok: DJP306
    queryset = Order.objects.all()
    serializer_class = OrderCustomerKeySerializer


class CustomerNames(generics.ListAPIView):
    # This subclass turns the shortcut off and reads the customer row.
    # ruleid: DJP306
    queryset = Order.objects.all()
    serializer_class = OrderCustomerNameSerializer


class DepthOne(generics.ListAPIView):
    # Meta.depth = 1 nests the customer.
    # ruleid: DJP306
    queryset = Order.objects.all()
    serializer_class = OrderDepthSerializer


class CountedOrders(generics.ListAPIView):
    # An annotated count replaces a per-row query.
    # ok: DJP306
    queryset = Order.objects.annotate(item_count=Count("items"))
    serializer_class = OrderCountSerializer


class RecentItems(generics.ListAPIView):
    serializer_class = OrderRecentSerializer

    # ok: DJP306
    def get_queryset(self):
        return Order.objects.prefetch_related(Prefetch("items", queryset=Item.objects.select_related("product"), to_attr="recent_items"))


class CustomManagerMethod(generics.ListAPIView):
    # A project queryset method may eager-load: not provable, so silent.
    # ok: DJP306
    queryset = Order.objects.with_everything()
    serializer_class = OrderSerializer


class DetailOnly(generics.RetrieveAPIView):
    # One row: not a list view.
    # ok: DJP306
    queryset = Order.objects.all()
    serializer_class = OrderSerializer


class ByAction(viewsets.ModelViewSet):
    queryset = Order.objects.all()

    # ok: DJP306
    def get_serializer_class(self):
        if self.action == "list":
            return OrderIdsSerializer
        return OrderSerializer


# Serializers from another app, two levels of source= and a reverse relation in Meta.fields.
from reports.serializers import CustomerWithOrdersSerializer, ItemLabelSerializer  # noqa: E402
from .models import Customer  # noqa: E402


class CustomersWithOrders(generics.ListAPIView):
    # ruleid: DJP306
    queryset = Customer.objects.filter(name__startswith="A")
    serializer_class = CustomerWithOrdersSerializer


class CustomersWithOrdersLoaded(generics.ListAPIView):
    # ok: DJP306
    queryset = Customer.objects.prefetch_related("order_set")
    serializer_class = CustomerWithOrdersSerializer


class ItemLabels(generics.ListCreateAPIView):
    # str(order) and order.customer.region.name: one join covers both.
    # ruleid: DJP306
    queryset = Item.objects.select_related("order")
    serializer_class = ItemLabelSerializer


class ItemLabelsLoaded(generics.ListCreateAPIView):
    # ok: DJP306
    queryset = Item.objects.select_related("order__customer__region")
    serializer_class = ItemLabelSerializer


from reports.serializers import OrderWriteSerializer  # noqa: E402


class OrderWrites(generics.ListCreateAPIView):
    # The customer is a HiddenField (write-only): never rendered, never loaded.
    # ok: DJP306
    queryset = Order.objects.all()
    serializer_class = OrderWriteSerializer


from .serializers import ItemSerializer  # noqa: E402


class OrderItems(generics.ListAPIView):
    # The rows of a related manager (`items` is Item's reverse accessor): Item rows, product per row.
    serializer_class = ItemSerializer

    # ruleid: DJP306
    def get_queryset(self):
        return self.order.items.all()


class OrderItemsLoaded(generics.ListAPIView):
    serializer_class = ItemSerializer

    # ok: DJP306
    def get_queryset(self):
        return self.order.items.select_related("product")


def visible_orders(user):
    return Order.objects.filter(customer__name=user.username)


class HelperOrders(generics.ListAPIView):
    serializer_class = OrderSerializer

    # A project helper builds the queryset: followed to the function's return.
    # ruleid: DJP306
    def get_queryset(self):
        return visible_orders(self.request.user)


class HelperMethodOrders(generics.ListAPIView):
    serializer_class = OrderSerializer

    def base_rows(self):
        return Order.objects.select_related("customer__region").prefetch_related("items__product", "tags")

    # The view's helper method eager-loads what the serializer walks.
    # ok: DJP306
    def get_queryset(self):
        return self.base_rows().filter(customer__isnull=False)


class ChildOrders(HelperMethodOrders):
    # super() reaches the base's get_queryset and its helper: covered.
    # ok: DJP306
    def get_queryset(self):
        return super().get_queryset().order_by("-id")


class ScopedListMixin:
    """A project mixin whose get_queryset lists the serializer's model and eager-loads a path each view names."""

    scope_field = "customer"

    def get_queryset(self):
        return self.get_serializer_class().Meta.model.objects.select_related(self.scope_field)


# ok: DJP306
class ScopedCustomerNames(ScopedListMixin, generics.ListAPIView):
    # The mixin's select_related(self.scope_field) loads customer, all this serializer walks.
    serializer_class = OrderCustomerNameSerializer


# ruleid: DJP306
class ScopedOrders(ScopedListMixin, generics.ListAPIView):
    # scope_field covers customer__region; items and tags are still one query per row.
    serializer_class = OrderSerializer
    scope_field = "customer__region"


# ok: DJP306
class ScopedByProperty(ScopedListMixin, generics.ListAPIView):
    # The path is computed per request: what is loaded is not known, the view stays unverified.
    serializer_class = OrderSerializer

    @property
    def scope_field(self):
        return "customer"


class ByRequestMethod(viewsets.ModelViewSet):
    # The list action is a GET: it renders OrderSerializer, whose customer, items and tags are not loaded.
    # ruleid: DJP306
    queryset = Order.objects.all()

    def get_serializer_class(self):
        if self.request and self.request.method == "POST":
            return OrderIdsSerializer
        return OrderSerializer


class ByRequestMethodLoaded(viewsets.ModelViewSet):
    # ok: DJP306
    queryset = Order.objects.all()

    def get_serializer_class(self):
        if self.request.method in ("PUT", "PATCH"):
            return OrderSerializer
        return OrderIdsSerializer


# A project list() (from a package that re-exports it) that renders the view's rows with the view's serializer.
from rest_framework import viewsets as drf_viewsets  # noqa: E402
from shop.listing import IdsListMixin, RowsListMixin  # noqa: E402


class RowsListOrders(RowsListMixin, drf_viewsets.GenericViewSet):
    serializer_class = OrderSerializer
    # ruleid: DJP306
    queryset = Order.objects.select_related("customer")


class IdsListOrders(IdsListMixin, drf_viewsets.GenericViewSet):
    serializer_class = OrderSerializer
    # ok: DJP306
    queryset = Order.objects.all()


AUTHORIZATION_FILTERS = {}


def authorized_orders(user):
    impl = AUTHORIZATION_FILTERS.get("orders")
    if impl:
        return impl(user)
    return Order.objects.all()


class PluggableOrders(generics.ListAPIView):
    serializer_class = OrderSerializer

    # todoruleid: DJP306 the rows come from a function looked up at run time (a plug-in registry), which may eager-load anything: not provable
    def get_queryset(self):
        return authorized_orders(self.request.user).prefetch_related("items")


class ModelPropertyMixin:
    """`self.model` is the serializer's model, through a property."""

    @property
    def model(self):
        return self.get_serializer_class().Meta.model

    def get_queryset(self):
        return self.model.objects.select_related("customer")


# ruleid: DJP306
class ModelPropertyOrders(ModelPropertyMixin, generics.ListAPIView):
    serializer_class = OrderSerializer


# ok: DJP306
class ModelPropertyNames(ModelPropertyMixin, generics.ListAPIView):
    serializer_class = OrderCustomerNameSerializer


class NamedModelOrders(generics.ListAPIView):
    model = Order
    serializer_class = OrderSerializer

    # ruleid: DJP306
    def get_queryset(self):
        return self.model.objects.prefetch_related("tags")


# --- serializers called with many=True outside a list view: the same walk per row -----------------


def export_orders(customer):
    # ruleid: DJP306 customer, customer.region, items, items.product and tags per order
    return OrderSerializer(Order.objects.filter(customer=customer), many=True).data


def export_recent_orders():
    orders = Order.objects.select_related("customer").order_by("-id")[:500]
    # ruleid: DJP306 customer is joined, but not its region, nor the items and tags
    return OrderSerializer(orders, many=True).data


def export_loaded_orders():
    orders = Order.objects.select_related("customer__region").prefetch_related("items__product", "tags")
    # ok: DJP306 everything the serializer walks is loaded
    return OrderSerializer(orders, many=True).data


def export_order_ids():
    # ok: DJP306 the serializer renders the customer's key only
    return OrderIdsSerializer(Order.objects.all(), many=True).data


def export_one_order(pk):
    # ok: DJP306 one row at most: nothing to batch
    return OrderSerializer(Order.objects.filter(pk=pk), many=True).data


def export_given_orders(orders):
    # ok: DJP306 a list of unknown origin: its rows may have been loaded with their relations
    return OrderSerializer(orders, many=True).data


from shop.access.queries import loaded_orders_for, orders_for, orders_from_elsewhere  # noqa: E402


class RegisteredOrders(generics.ListAPIView):
    serializer_class = OrderSerializer

    # The helper returns the function a registry holds under its key, or a plain queryset: both are
    # followed (into the registered function and the queryset it passes on), and neither loads the relations.
    # ruleid: DJP306
    def get_queryset(self):
        return orders_for(self.request.user).prefetch_related("items")


class RegisteredLoadedOrders(generics.ListAPIView):
    serializer_class = OrderSerializer

    # Every function registered under the key, and the fallback, eager-load what the serializer walks.
    # ok: DJP306
    def get_queryset(self):
        return loaded_orders_for(self.request.user)


class RegisteredElsewhere(generics.ListAPIView):
    serializer_class = OrderSerializer

    # The registered function returns rows from a function the index cannot read: unresolved, silent.
    # ok: DJP306
    def get_queryset(self):
        return orders_from_elsewhere(self.request.user)


from .serializers import OrderBuiltSerializer  # noqa: E402


class BuiltFieldOrders(generics.ListAPIView):
    # build_relational_field renders customer with CustomerSerializer, which walks its region.
    # ruleid: DJP306
    queryset = Order.objects.select_related("customer").prefetch_related("tags")
    serializer_class = OrderBuiltSerializer


class BuiltFieldOrdersLoaded(generics.ListAPIView):
    # ok: DJP306
    queryset = Order.objects.select_related("customer__region").prefetch_related("tags")
    serializer_class = OrderBuiltSerializer


from .serializers import OrderNotesSerializer  # noqa: E402


class NotesByUnreadableAuthors(generics.ListAPIView):
    # Staff's base comes from an installed package: what StaffSerializer walks past author (its team)
    # is unverified, but order_notes and order_notes.author are proven and not loaded.
    # ruleid: DJP306
    queryset = Order.objects.all()
    serializer_class = OrderNotesSerializer


class NotesAuthorsLoaded(generics.ListAPIView):
    # The walk past author needs Staff's fields: order_notes__author__team stays unverified, not reported.
    # ok: DJP306
    queryset = Order.objects.prefetch_related("order_notes__author")
    serializer_class = OrderNotesSerializer


class NotesLoadedWithoutAuthors(generics.ListAPIView):
    # order_notes is loaded, its authors are not.
    # ruleid: DJP306
    queryset = Order.objects.prefetch_related("order_notes")
    serializer_class = OrderNotesSerializer


from .serializers import (  # noqa: E402
    LabelledOrderSerializer,
    OrderBadgeSerializer,
    OrderLabelledCustomerSerializer,
    OrderOpenItemsSerializer,
)


class BadgeOrders(generics.ListAPIView):
    # The nested serializers render themselves (to_representation): what they read is not checked, but
    # customer and items are read for every order to hand them over, and nothing loads them.
    # ruleid: DJP306
    queryset = Order.objects.all()
    serializer_class = OrderBadgeSerializer


class BadgeOrdersLoaded(generics.ListAPIView):
    # customer__region is what CustomerBadgeSerializer would walk if DRF rendered it: not proven, not reported.
    # ok: DJP306
    queryset = Order.objects.select_related("customer").prefetch_related("items")
    serializer_class = OrderBadgeSerializer


class LabelledOrders(generics.ListAPIView):
    # The serializer's base comes from an installed package; the customer it declares is still rendered.
    # ruleid: DJP306
    queryset = Order.objects.prefetch_related("tags")
    serializer_class = LabelledOrderSerializer


class LabelledOrdersLoaded(generics.ListAPIView):
    # tags comes from Meta, which the foreign base may build differently: not proven, not reported.
    # ok: DJP306
    queryset = Order.objects.select_related("customer__region")
    serializer_class = LabelledOrderSerializer


class LabelledCustomerOrders(generics.ListAPIView):
    # The nested serializer has the foreign base: the region it declares is still walked.
    # ruleid: DJP306
    queryset = Order.objects.select_related("customer")
    serializer_class = OrderLabelledCustomerSerializer


class OpenItemOrders(generics.ListAPIView):
    # OpenItemsSerializer reads its own rows (get_attribute): the items relation is not proven read as DRF reads it.
    # ok: DJP306
    queryset = Order.objects.select_related("customer__region")
    serializer_class = OrderOpenItemsSerializer


class OpenItemOrdersNoCustomer(generics.ListAPIView):
    # ruleid: DJP306
    queryset = Order.objects.all()
    serializer_class = OrderOpenItemsSerializer


from .serializers import OrderWithShadowSerializer  # noqa: E402


class ShadowOrders(generics.ListAPIView):
    # OrderShadowSerializer picks its own object (get_attribute): its customer is not proven to be this order's.
    # ok: DJP306
    queryset = Order.objects.all()
    serializer_class = OrderWithShadowSerializer


class OrderLinks(generics.ListAPIView):
    # Identity fields render the order's own URLs, whatever they are called: items and tags are never read.
    # ok: DJP306
    queryset = Order.objects.all()
    serializer_class = OrderLinksSerializer


from .serializers import (  # noqa: E402
    OrderArchiveSerializer,
    OrderCardSerializer,
    OrderMaybeSummarySerializer,
    OrderSummaryIdSerializer,
    OrderSummarySerializer,
)


class SummaryOrders(generics.ListAPIView):
    # to_representation starts from super().to_representation(instance): customer and its region are rendered.
    # ruleid: DJP306
    queryset = Order.objects.select_related("customer")
    serializer_class = OrderSummarySerializer


class SummaryOrdersLoaded(generics.ListAPIView):
    # ok: DJP306
    queryset = Order.objects.select_related("customer__region")
    serializer_class = OrderSummarySerializer


class CardOrders(generics.ListAPIView):
    # The nested serializer's override (from a project mixin) calls super(): its region is walked too.
    # ruleid: DJP306
    queryset = Order.objects.select_related("customer")
    serializer_class = OrderCardSerializer


class MaybeSummaryOrders(generics.ListAPIView):
    # The override may return before rendering the fields: unverified.
    # ok: DJP306
    queryset = Order.objects.all()
    serializer_class = OrderMaybeSummarySerializer


class ArchiveOrders(generics.ListAPIView):
    # super() renders another object than the row: unverified.
    # ok: DJP306
    queryset = Order.objects.all()
    serializer_class = OrderArchiveSerializer


class SummaryIdOrders(generics.ListAPIView):
    # The subclass replaces its base's rendering: unverified.
    # ok: DJP306
    queryset = Order.objects.all()
    serializer_class = OrderSummaryIdSerializer


from .serializers import OrderCodeSerializer, OrderStampedSerializer  # noqa: E402


class CodeOrders(generics.ListAPIView):
    # OrderCodeField sets source="*" in __init__ and CustomerKeyTextField reads its own attribute:
    # neither reads the relation it is named after.
    # ok: DJP306
    queryset = Order.objects.all()
    serializer_class = OrderCodeSerializer


class StampedOrders(generics.ListAPIView):
    # The source="*" serializer renders itself; customer and its region are still rendered.
    # ruleid: DJP306
    queryset = Order.objects.all()
    serializer_class = OrderStampedSerializer


class StampedOrdersLoaded(generics.ListAPIView):
    # ok: DJP306
    queryset = Order.objects.select_related("customer__region")
    serializer_class = OrderStampedSerializer


# Rotation set 8: one user's rows (reported at info), one row (silent).
class MyOrders(generics.ListAPIView):
    serializer_class = OrderSerializer

    # ruleid: DJP306 (info: one user's rows)
    def get_queryset(self):
        return Order.objects.filter(owner=self.request.user)


class OneOrder(generics.ListAPIView):
    serializer_class = OrderSerializer

    # ok: DJP306 at most one row
    def get_queryset(self):
        return Order.objects.filter(pk=self.request.GET.get("id"))



# Rotation set 9: a viewset the project's urls route only to other actions than `list` (shop/urls.py)
# never lists its rows; a mapping with "list", a router or a retrieve that answers with the list keeps it.
class OrderDetailViewSet(viewsets.ModelViewSet):
    # ok: DJP306 routed only as {"get": "retrieve", "patch": "partial_update"}
    queryset = Order.objects.all()
    serializer_class = OrderSerializer


class BaseOrderCardViewSet(viewsets.ModelViewSet):
    # ok: DJP306 its one subclass is routed to retrieve only
    queryset = Order.objects.all()
    serializer_class = OrderSerializer


class OrderCardViewSet(BaseOrderCardViewSet):
    # ok: DJP306
    pass


class OrderBrowseViewSet(viewsets.ModelViewSet):
    # ruleid: DJP306 one mapping routes "list"
    queryset = Order.objects.all()
    serializer_class = OrderSerializer


class OrderRegisteredViewSet(viewsets.ModelViewSet):
    # ruleid: DJP306 a router registers it: every action is routed
    queryset = Order.objects.all()
    serializer_class = OrderSerializer


class OrderSummaryViewSet(viewsets.ModelViewSet):
    # ruleid: DJP306 retrieve answers with the list
    queryset = Order.objects.all()
    serializer_class = OrderSerializer

    def retrieve(self, request, *args, **kwargs):
        return self.list(request, *args, **kwargs)


# A serializer method that renders one object's related rows: once per response when no list renders
# the serializer (info), once per row of a list otherwise.
from rest_framework import serializers as drf_serializers  # noqa: E402


class CustomerDetailSerializer(drf_serializers.ModelSerializer):
    orders = drf_serializers.SerializerMethodField()

    class Meta:
        model = Customer
        fields = ["id", "orders"]

    def get_orders(self, customer):
        # ruleid: DJP306 (info: one customer's orders, once per response)
        return OrderSerializer(customer.order_set.all(), many=True).data


class CustomerRowSerializer(drf_serializers.ModelSerializer):
    orders = drf_serializers.SerializerMethodField()

    class Meta:
        model = Customer
        fields = ["id", "orders"]

    def get_orders(self, customer):
        # ruleid: DJP306 (warn: listed by CustomerRows)
        return OrderSerializer(customer.order_set.all(), many=True).data


class CustomerRows(generics.ListAPIView):
    queryset = Customer.objects.all()
    serializer_class = CustomerRowSerializer


# Rotation set 10: the manager filtered by the rendered object's key is that object's related rows too.
class CustomerOrdersByKeySerializer(drf_serializers.ModelSerializer):
    orders = drf_serializers.SerializerMethodField()

    class Meta:
        model = Customer
        fields = ["id", "orders"]

    def get_orders(self, customer):
        # ruleid: DJP306 (info: one customer's orders by its key, once per response)
        return OrderSerializer(Order.objects.filter(customer_id=customer.id), many=True).data


class CustomerOrdersByVariableSerializer(drf_serializers.ModelSerializer):
    orders = drf_serializers.SerializerMethodField()

    class Meta:
        model = Customer
        fields = ["id", "orders"]

    def get_orders(self, customer):
        orders = Order.objects.filter(customer=customer)
        # ruleid: DJP306 (info: the customer's orders through a variable, once per response)
        return OrderSerializer(orders, many=True).data


class ModelOnlyOrders(generics.ListAPIView):
    # ok: DJP306 (`model =` lists rows only on DRF before 3.0, which nothing here proves)
    model = Order
    serializer_class = OrderSerializer


from notifications_api_common.viewsets import NotificationViewSetMixin  # noqa: E402
from vng_api_common.viewsets import CheckQueryParamsMixin, NestedViewSetMixin  # noqa: E402

from .listing.mixins import CachedRowsMixin  # noqa: E402
from .models import Invoice, Receipt  # noqa: E402
from .serializers import InvoiceSerializer, ReceiptSerializer  # noqa: E402


# Package mixins known to leave the list alone (they validate the query or notify after writes), a
# get_queryset that caches DRF's rows, a chain of five calls and a model on a package base: the
# customer's region is walked per row and not loaded. (`etag` is not a field of Invoice's own: unchecked.)
# Reported on the `queryset =` line, where the rows start, not on the mixin's get_queryset.
class InvoiceViewSet(CachedRowsMixin, CheckQueryParamsMixin, NotificationViewSetMixin, viewsets.ModelViewSet):
    # ruleid: DJP306
    queryset = Invoice.objects.all().select_related("customer").filter(id__gt=0).prefetch_related("tags").order_by("-id")
    serializer_class = InvoiceSerializer


class NestedInvoiceViewSet(NestedViewSetMixin, viewsets.ModelViewSet):
    # ok: DJP306 (a package mixin that overrides get_queryset: what it does to the rows is unknown)
    queryset = Invoice.objects.all()
    serializer_class = InvoiceSerializer


class ReceiptViewSet(viewsets.ModelViewSet):
    # ok: DJP306 (Receipt's `objects` may be declared, and eager-load, in its package base)
    queryset = Receipt.objects.all()
    serializer_class = ReceiptSerializer


from rest_framework.filters import BaseFilterBackend  # noqa: E402
from rest_framework.response import Response  # noqa: E402
from rest_framework.views import APIView  # noqa: E402

from .serializers import CustomerSerializer  # noqa: E402


# The rows of the one object the URL names (issue 9, rotation set 13: a case's documents, an
# application's contacts). An Order is a child object (its required key `customer` points to Customer),
# so one order holds few items, and each item costs one query (its product): reported at info, with why.
class OrderItemsByUrl(APIView):
    def get(self, request, pk):
        # ruleid: DJP306
        return Response(ItemSerializer(Item.objects.filter(order_id=pk), many=True).data)

    def post(self, request, pk):
        order = Order.objects.get(pk=pk)
        # ruleid: DJP306
        return Response(ItemSerializer(Item.objects.filter(order=order), many=True).data)

    def _items_of(self, request, order):
        # A helper's parameter is its caller's, not the URL's argument: warn.
        # ruleid: DJP306
        return Response(ItemSerializer(Item.objects.filter(order_id=order), many=True).data)


# A Region is a top-level owner (no required key to another model): one region's customers are not
# taken as few, so the list stays at warn.
class RegionCustomersByUrl(APIView):
    def get(self, request, region_pk):
        # ruleid: DJP306
        return Response(CustomerSerializer(Customer.objects.filter(region_id=region_pk), many=True).data)


# One customer's orders, but each walks five relations (customer, its region, items, their products,
# tags): a page's worth of queries for a handful of rows, so warn.
class CustomerOrdersByUrl(APIView):
    def get(self, request, customer_pk):
        # ruleid: DJP306
        return Response(OrderSerializer(Order.objects.filter(customer_id=customer_pk), many=True).data)


# A list view whose get_queryset pins the URL's order: info, as above.
class OrderItemsList(generics.ListAPIView):
    serializer_class = ItemSerializer

    # ruleid: DJP306
    def get_queryset(self):
        return Item.objects.filter(order__id=self.kwargs["order_pk"])


# A filter backend that pins every list to the URL's order (`view.kwargs`): DRF runs it on the list.
class CurrentOrderFilter(BaseFilterBackend):
    def filter_queryset(self, request, queryset, view):
        return queryset.filter(order_id=view.kwargs["pk"])


class FilteredOrderItems(viewsets.ReadOnlyModelViewSet):
    # ruleid: DJP306
    queryset = Item.objects.all()
    serializer_class = ItemSerializer
    filter_backends = (CurrentOrderFilter,)
