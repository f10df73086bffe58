# fixture-path: library/serializers.py
from django.db.models import Avg, QuerySet
from rest_framework import serializers

from .models import Author, Book, Edition, Review


class BookSerializer(serializers.ModelSerializer):
    review_count = serializers.SerializerMethodField()
    average = serializers.SerializerMethodField()
    latest = serializers.SerializerMethodField()
    tag_labels = serializers.SerializerMethodField()
    five_stars = serializers.SerializerMethodField(method_name="count_five_stars")
    title_upper = serializers.SerializerMethodField()
    good_reviews = serializers.SerializerMethodField()
    same_title = serializers.SerializerMethodField()
    same_title_read = serializers.SerializerMethodField()

    class Meta:
        model = Book
        fields = ["id", "title", "review_count", "average", "latest", "tag_labels", "five_stars", "title_upper", "good_reviews", "same_title", "same_title_read"]

    # Rotation set 9: a method that returns early unless the request is a write renders one object.
    def get_same_title(self, obj):
        request = self.context.get("request")
        if request is None or request.method != "PATCH":
            return None
        # ok: DJP305 only a PATCH reaches the query
        return Book.objects.filter(title=obj.title).count()

    def get_same_title_read(self, obj):
        request = self.context.get("request")
        if request is None or request.method not in ("GET", "PATCH"):
            return None
        # ruleid: DJP305 a GET list reaches it too
        return Book.objects.filter(title=obj.title).count()

    def get_review_count(self, obj):
        # ruleid: DJP305
        return obj.reviews.count()

    def get_average(self, obj):
        # ruleid: DJP305
        return obj.reviews.aggregate(avg=Avg("stars"))["avg"]

    def get_latest(self, obj):
        # ruleid: DJP305
        review = Review.objects.filter(book=obj).order_by("-id").first()
        return review.stars if review else None

    def get_tag_labels(self, obj):
        # ruleid: DJP305
        return [t.label for t in obj.tags.all()]

    def count_five_stars(self, obj):
        # ruleid: DJP305
        return obj.reviews.filter(stars=5).count()

    def get_title_upper(self, obj):
        # ok: DJP305
        return obj.title.upper()

    def get_good_reviews(self, book):
        # Any name for the rendered object: DRF passes it as the first argument.
        # ruleid: DJP305
        return book.reviews.filter(stars__gte=4).count()

    def get_unused_helper(self, obj):
        # Not a method field's method: DRF never calls it per row.
        # ok: DJP305
        return obj.reviews.count()

    def get_author_name(self, obj):
        # A forward FK read is DJP306's (eager loading), not a query this rule names.
        # ok: DJP305
        return obj.author.name.upper()


class GuardedSerializer(serializers.ModelSerializer):
    review_count = serializers.SerializerMethodField()

    class Meta:
        model = Book
        fields = ["id", "review_count"]

    def get_review_count(self, obj):
        if hasattr(obj, "annotated_reviews"):
            return obj.annotated_reviews
        # The list path sets the attribute (a fallback for detail views; known false positive).
        # todook: DJP305
        return obj.reviews.count()


class AuthorSerializer(serializers.ModelSerializer):
    books = serializers.SerializerMethodField()

    class Meta:
        model = Author
        fields = ["id", "books"]

    def get_books(self, obj):
        # ruleid: DJP305
        return list(obj.book_set.values_list("title", flat=True))


class PrefetchedBookSerializer(serializers.ModelSerializer):
    review_count = serializers.IntegerField(read_only=True)
    tag_labels = serializers.SerializerMethodField()
    stars = serializers.SerializerMethodField()

    class Meta:
        model = Book
        fields = ["id", "review_count", "tag_labels", "stars"]

    def get_tag_labels(self, obj):
        # The only list view prefetches tags: all() reads the prefetched rows.
        # ok: DJP305
        return [t.label for t in obj.tags.all()]

    def get_stars(self, obj):
        # ok: DJP305
        return [r.stars for r in obj.reviews.all()]


class ShelfSerializer(serializers.ModelSerializer):
    neighbours = serializers.SerializerMethodField()

    class Meta:
        model = Book
        fields = ["id", "neighbours"]

    def get_neighbours(self, obj):
        # Only a retrieve view names it (`serializer_class` of Shelf, nothing else): one query per response
        # for the object the URL names (rotation set 11). A serializer something else may render stays at info.
        # ok: DJP305
        return Book.objects.filter(author_id=obj.author_id).count()


class ListTrimmedBookSerializer(serializers.ModelSerializer):
    """Drops the costly field from list responses: the method runs for one object at a time."""

    five_star_count = serializers.SerializerMethodField()

    class Meta:
        model = Book
        fields = ["id", "title", "five_star_count"]

    def get_fields(self):
        fields = super().get_fields()
        view = self.context.get("view")
        if view and view.action == "list":
            fields.pop("five_star_count")
        return fields

    def get_five_star_count(self, obj):
        # ok: DJP305
        return obj.reviews.filter(stars=5).count()


class NestedTrimmedBookSerializer(serializers.ModelSerializer):
    """Drops the field when rendered with many=True (its parent is the ListSerializer)."""

    five_star_count = serializers.SerializerMethodField()

    class Meta:
        model = Book
        fields = ["id", "five_star_count"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if isinstance(self.parent, serializers.ListSerializer):
            del self.fields["five_star_count"]

    def get_five_star_count(self, obj):
        # ok: DJP305
        return obj.reviews.filter(stars=5).count()


class StaffListBookSerializer(serializers.ModelSerializer):
    """Drops the field from lists only for non-staff users: staff lists still run it per row (info, naming the condition)."""

    five_star_count = serializers.SerializerMethodField()

    class Meta:
        model = Book
        fields = ["id", "five_star_count"]

    def get_fields(self):
        fields = super().get_fields()
        if self.context["view"].action == "list" and not self.context["request"].user.is_staff:
            fields.pop("five_star_count", None)
        return fields

    def get_five_star_count(self, obj):
        # ruleid: DJP305
        return obj.reviews.filter(stars=5).count()


class StaffOnlyBookSerializer(serializers.ModelSerializer):
    """Drops the field for non-staff users in every action: staff lists run it per row."""

    five_star_count = serializers.SerializerMethodField()

    class Meta:
        model = Book
        fields = ["id", "five_star_count"]

    def get_fields(self):
        fields = super().get_fields()
        if not self.context["request"].user.is_staff:
            fields.pop("five_star_count")
        return fields

    def get_five_star_count(self, obj):
        # ruleid: DJP305
        return obj.reviews.filter(stars=5).count()


class FallbackBookSerializer(serializers.ModelSerializer):
    # Rotation set 6: the view annotates the count; the query is the fallback for other callers.
    review_count = serializers.SerializerMethodField()
    reviewed_by_me = serializers.SerializerMethodField()
    recent = serializers.SerializerMethodField()

    class Meta:
        model = Book
        fields = ["id", "review_count", "reviewed_by_me", "recent"]

    def get_review_count(self, obj):
        try:
            return obj.n_reviews
        except AttributeError:
            # ok: DJP305 runs only when the object was not annotated, not once per listed row
            return obj.reviews.count()

    def get_reviewed_by_me(self, obj):
        # ok: DJP305 an EmptyQuerySet default never reaches the database
        if obj in getattr(self, "_mine", Book.objects.none()):
            return True
        return False

    def get_recent(self, obj):
        try:
            label = obj.title.upper()
        except AttributeError:
            label = ""
        # ruleid: DJP305 the query is after the try, not its fallback
        return [label, obj.reviews.filter(stars__gte=3).count()]


# Rotation set 8: owner-only fields, dropped whenever the serializer is handed a QuerySet (an unpaginated
# list view's rows) or the user is not the owner.
class OwnerOnlyBookSerializer(serializers.ModelSerializer):
    sales = serializers.SerializerMethodField()

    class Meta:
        model = Book
        fields = ["id", "title", "sales"]
        owner_only_fields = ("sales",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance and hasattr(self.Meta, "owner_only_fields"):
            request = self.context.get("request")
            is_owner = request and request.user == getattr(self.instance, "owner", None)
            if isinstance(self.instance, QuerySet) or not is_owner:
                for name in getattr(self.Meta, "owner_only_fields"):
                    self.fields.pop(name)

    def get_sales(self, obj):
        # ok: DJP305 its only list view is unpaginated, so the field is dropped there
        return obj.reviews.filter(stars=5).count()


class PagedOwnerOnlyBookSerializer(serializers.ModelSerializer):
    sales = serializers.SerializerMethodField()

    class Meta:
        model = Book
        fields = ["id", "title", "sales"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if isinstance(self.instance, QuerySet):
            self.fields.pop("sales")

    def get_sales(self, obj):
        # ruleid: DJP305 a paginated list hands the serializer a page (a list), so the field stays
        return obj.reviews.filter(stars=5).count()


class GivenRowsBookSerializer(serializers.ModelSerializer):
    sales = serializers.SerializerMethodField()

    class Meta:
        model = Book
        fields = ["id", "sales"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if isinstance(self.instance, (list, QuerySet)):
            self.fields.pop("sales")

    def get_sales(self, obj):
        # ruleid: DJP305 dropped for the rows it is handed, but a nested many=True field hands it none
        return obj.reviews.filter(stars=5).count()


class AuthorWithBooksSerializer(serializers.ModelSerializer):
    books = GivenRowsBookSerializer(many=True, read_only=True)

    class Meta:
        model = Author
        fields = ["id", "books"]


# Rotation set 8: the method is defined on a base; the list view names a subclass that inherits it.
class ReviewBaseSerializer(serializers.ModelSerializer):
    has_replies = serializers.SerializerMethodField()

    class Meta:
        model = Review
        fields = ["id", "has_replies"]

    def get_has_replies(self, obj):
        # ruleid: DJP305 (warn: listed through BookReviewSerializer; ShortReviewSerializer leaves the field out)
        return Review.objects.filter(book_id=obj.book_id, stars__gt=obj.stars).exists()


class BookReviewSerializer(ReviewBaseSerializer):
    pass


class ShortReviewSerializer(ReviewBaseSerializer):
    class Meta(ReviewBaseSerializer.Meta):
        fields = ["id"]


class OwnSummaryReviewSerializer(ReviewBaseSerializer):
    def get_has_replies(self, obj):
        # ruleid: DJP305 (info: overrides the method; no list renders this class)
        return Review.objects.filter(book_id=obj.book_id).exists()


# Rotation set 10: the list action renders a subclass that pops the field in get_fields(): the base's
# method runs only for one author per response (detail routes).
class AuthorDetailSerializer(serializers.ModelSerializer):
    recent_reviews = serializers.SerializerMethodField()
    review_total = serializers.SerializerMethodField()

    class Meta:
        model = Author
        fields = ["id", "recent_reviews", "review_total"]

    def get_recent_reviews(self, author):
        # ok: DJP305 the list serializer drops the field (info would say: no list known)
        return list(Review.objects.filter(book__author=author).values_list("id", flat=True)[:5])

    def get_review_total(self, author):
        # ruleid: DJP305 the list serializer drops the other field only
        return Review.objects.filter(book__author=author).count()


class AuthorListSerializer(AuthorDetailSerializer):
    def get_fields(self):
        fields = super(AuthorListSerializer, self).get_fields()
        # The list leaves out what only the detail page shows.
        fields.pop("recent_reviews")
        return fields


class EditionSerializer(serializers.ModelSerializer):
    price_id = serializers.SerializerMethodField()

    class Meta:
        model = Edition
        fields = ["id", "label", "price_id"]

    def get_price_id(self, obj):
        # ruleid: DJP305 Edition.prices is GenericRelation(Price): a query per listed edition
        return obj.prices.values_list("id", flat=True).first()


class FullBookSerializer(serializers.ModelSerializer):
    """The list serializer of a base viewset the project never routes (library/views.py `BaseBooksViewSet`)."""

    call_started = serializers.SerializerMethodField()

    class Meta:
        model = Book
        fields = ["id", "call_started"]

    def get_call_started(self, obj):
        # Rotation set 12: the base lists nothing; its routed subclass lists with `BookSerializer`.
        # ruleid: DJP305 (info: no list is known to render it)
        return Review.objects.filter(book=obj, stars=1).exists()


class EditionTreeSerializer(serializers.ModelSerializer):
    """Picked only for `retrieve` with a query parameter (library/views.py `EditionTreeViewSet`)."""

    siblings = serializers.SerializerMethodField()

    class Meta:
        model = Edition
        fields = ["id", "siblings"]

    def get_siblings(self, obj):
        # Rotation set 13: `self.action == "retrieve" and <query parameter>` never holds for the list.
        # ruleid: DJP305 (info: no list is known to render it)
        return Edition.objects.filter(label=obj.label).count()


class UnionReviewSerializer(serializers.ModelSerializer):
    """Listed by a view whose queryset is a union() (library/views.py `ReviewUnion`)."""

    similar = serializers.SerializerMethodField()

    class Meta:
        model = Review
        fields = ["id", "similar"]

    def get_similar(self, obj):
        # ruleid: DJP305 the advice says prefetch before union(): Django refuses it after
        return Review.objects.filter(stars=obj.stars).count()


class RawReviewSerializer(serializers.ModelSerializer):
    """Listed by a view whose rows come from a plain class that runs SQL (library/views.py `RawReviews`)."""

    same_book = serializers.SerializerMethodField()

    class Meta:
        model = Review
        fields = ["id", "same_book"]

    def get_same_book(self, obj):
        # ruleid: DJP305 the advice says join in SQL or preload: there is no QuerySet to annotate
        return Review.objects.filter(book_id=obj.book_id).count()


class AuditedBookSerializer(serializers.ModelSerializer):
    """Listed by `AuditedBooks`; the history is for the one view that puts `with_history` in the context."""

    history = serializers.SerializerMethodField()
    reviews_seen = serializers.SerializerMethodField()

    class Meta:
        model = Book
        fields = ["id", "history", "reviews_seen"]

    def get_history(self, obj):
        # Most views do not ask for the history.
        if not self.context.get("with_history"):
            return []
        # ruleid: DJP305 (info: runs only when the context holds `with_history`)
        return list(Review.objects.filter(book=obj).values_list("id", flat=True))

    def get_reviews_seen(self, obj):
        if not self.context.get("request"):
            return 0
        # ruleid: DJP305 (warn: every list view's context holds the request)
        return Review.objects.filter(book=obj, stars__gte=3).count()


# Rotation set 14: a serializer nested with many=True only in a serializer that nothing renders per row
# (no list view, no many=True call or nesting): each response renders one author and that author's books.
class AuthorBookLineSerializer(serializers.ModelSerializer):
    reviews_seen = serializers.SerializerMethodField()

    class Meta:
        model = Book
        fields = ["id", "reviews_seen"]

    def get_reviews_seen(self, obj):
        # ruleid: DJP305 at info, one author's books: prefetch on that object
        return Review.objects.filter(book=obj, stars__gte=1).exists()


class AuthorSnapshotSerializer(serializers.ModelSerializer):
    books = AuthorBookLineSerializer(source="book_set", many=True)

    class Meta:
        model = Author
        fields = ["id", "books"]
