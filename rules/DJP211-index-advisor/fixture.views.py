# fixture-path: shop/views.py
from rest_framework.generics import ListAPIView

from shop.models import Article, Customer, Tag


def authenticate(request):
    # ruleid: DJP211 the third call site that filters Customer.token
    return Customer.objects.filter(token=request.headers["X-Token"]).first()


def nickname_taken(nickname):
    # ok: DJP211 the second site only
    return Customer.objects.filter(nickname=nickname).exists()


def by_slug(slug):
    # ok: DJP211 unique slug
    return Customer.objects.get(slug=slug)


class ArticleList(ListAPIView):
    queryset = Article.objects.all()
    # ruleid: DJP211 icontains on title
    search_fields = ["title",
        # ruleid: DJP211 icontains on body
        "body",
        # ok: DJP211 a prefix search uses istartswith
        "^title",
        # ok: DJP211 a related path searches another table
        "author__name"]


class TagList(ListAPIView):
    queryset = Tag.objects.all()
    # ok: DJP211 exact match only
    search_fields = ["=label"]


class EditedArticleList(ListAPIView):
    # ok: DJP211 the list is one user's rows: the search reads those, not the table
    search_fields = ["title"]

    def get_queryset(self):
        return Article.objects.filter(editor=self.request.user)


class ParentArticleList(ListAPIView):
    # ok: DJP211 one parent's rows, the parent fetched from the URL
    search_fields = ["body"]

    def get_queryset(self):
        parent = self.get_parent_object()
        return Article.objects.filter(editor=parent.owner)

    def get_parent_object(self):
        return Customer.objects.get(slug=self.kwargs["slug"])


class CustomerArticleList(ListAPIView):
    # ok: DJP211 one parent's rows: `editor_id` reads the URL's object, whatever the other keyword reads through a class attribute of the view
    search_fields = ["title"]
    section = "news"

    def get_queryset(self):
        parent = self.get_parent_object()
        return Article.objects.filter(body__startswith=self.section, editor_id=parent.owner_id)

    def get_parent_object(self):
        return Customer.objects.get(slug=self.kwargs["slug"])


class SectionArticleList(ListAPIView):
    # ruleid: DJP211 the only keyword reads a class attribute of the view, not the URL: every article of a section
    search_fields = ["title"]
    section = "news"

    def get_queryset(self):
        return Article.objects.filter(body__startswith=self.section)
