from django.db.models import Count
from rest_framework import generics, viewsets
from rest_framework.pagination import PageNumberPagination

from .models import Author, Book, Edition, Review
from .serializers import (
    AuthorDetailSerializer,
    AuthorListSerializer,
    AuthorSerializer,
    AuthorWithBooksSerializer,
    AuditedBookSerializer,
    BookReviewSerializer,
    BookSerializer,
    EditionSerializer,
    EditionTreeSerializer,
    FullBookSerializer,
    GuardedSerializer,
    OwnerOnlyBookSerializer,
    PagedOwnerOnlyBookSerializer,
    PrefetchedBookSerializer,
    RawReviewSerializer,
    ShelfSerializer,
    ShortReviewSerializer,
    UnionReviewSerializer,
)


class BookList(generics.ListAPIView):
    queryset = Book.objects.all()
    serializer_class = BookSerializer


class AuthorViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Author.objects.all()
    serializer_class = AuthorSerializer


class PrefetchedBooks(generics.ListAPIView):
    queryset = Book.objects.prefetch_related("reviews", "tags").annotate(review_count=Count("reviews"))
    serializer_class = PrefetchedBookSerializer


class Shelf(generics.RetrieveAPIView):
    queryset = Book.objects.all()
    serializer_class = ShelfSerializer


class GuardedBooks(generics.ListAPIView):
    queryset = Book.objects.all()
    serializer_class = GuardedSerializer


class OwnerOnlyBooks(generics.ListAPIView):
    queryset = Book.objects.all()
    serializer_class = OwnerOnlyBookSerializer
    pagination_class = None


class PagedOwnerOnlyBooks(generics.ListAPIView):
    queryset = Book.objects.all()
    serializer_class = PagedOwnerOnlyBookSerializer
    pagination_class = PageNumberPagination


class AuthorsWithBooks(generics.RetrieveAPIView):
    queryset = Author.objects.all()
    serializer_class = AuthorWithBooksSerializer


class BookReviews(generics.ListAPIView):
    queryset = Review.objects.all()
    serializer_class = BookReviewSerializer


class ShortReviews(generics.ListAPIView):
    queryset = Review.objects.all()
    serializer_class = ShortReviewSerializer


class AuthorPagesViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Author.objects.all()
    serializer_class = AuthorDetailSerializer

    def get_serializer_class(self):
        if self.action == "list":
            return AuthorListSerializer
        return AuthorDetailSerializer


class EditionList(generics.ListAPIView):
    queryset = Edition.objects.all()
    serializer_class = EditionSerializer


class BaseBooksViewSet(viewsets.ReadOnlyModelViewSet):
    """Never routed itself: its subclass, which lists with another serializer, is."""

    queryset = Book.objects.all()
    serializer_class = FullBookSerializer


class BooksViewSet(BaseBooksViewSet):
    serializer_class = BookSerializer


class EditionTreeViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Edition.objects.all()

    def get_serializer_class(self):
        if self.action == "retrieve" and self.request.query_params.get("tree", "false") == "true":
            return EditionTreeSerializer
        return EditionSerializer


class ReviewUnion(generics.ListAPIView):
    serializer_class = UnionReviewSerializer

    def get_queryset(self):
        good = Review.objects.filter(stars__gte=4)
        bad = Review.objects.filter(stars__lte=1)
        return good.union(bad).order_by("stars")


class RawReviewRows:
    """Runs its own SQL for the page DRF asks for."""

    def __getitem__(self, page):
        return Review.objects.raw("SELECT * FROM library_review LIMIT %s OFFSET %s", [page.stop - page.start, page.start])

    def count(self):
        return 0


class RawReviews(generics.ListAPIView):
    serializer_class = RawReviewSerializer
    queryset = RawReviewRows()


class AuditedBooks(generics.ListAPIView):
    queryset = Book.objects.all()
    serializer_class = AuditedBookSerializer
