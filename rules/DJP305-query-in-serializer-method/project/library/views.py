from django.db.models import Count
from rest_framework import generics, viewsets

from .models import Author, Book
from .serializers import AuthorSerializer, BookSerializer, GuardedSerializer, PrefetchedBookSerializer, ShelfSerializer


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
