# fixture-path: shop/views.py
from django.shortcuts import get_list_or_404, get_object_or_404
from rest_framework.generics import ListAPIView

from shop import models
from shop.models import Article, Customer, Listing, Member, Page, Plan, Tag, Ticket


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


def page_detail(request, path):
    # ruleid: DJP211 get_object_or_404(Page, path=...) is Page._default_manager.get(path=...)
    return get_object_or_404(Page, path=path)


def page_with_parent(request, path):
    # ruleid: DJP211 a QuerySet passed to the shortcut: one site, with the shortcut's keyword
    return get_object_or_404(Page.objects.select_related("parent"), path=path)


def pages_under(request, paths):
    # ruleid: DJP211 get_list_or_404 filters the same column: the third site
    return get_list_or_404(Page, path__in=paths)


def page_by_slug(request, slug):
    # ok: DJP211 a unique slug is indexed
    return get_object_or_404(Page, slug=slug)


def member_profile(request, handle):
    # ruleid: DJP211 a classmethod that returns cls.objects rows, then get(): a lookup on Member.handle
    return Member.visible(request.user).get(handle=handle)


def member_card(request, handle):
    # ruleid: DJP211 the same through the module: models.Member.visible(...)
    return models.Member.visible(None).filter(handle=handle).first()


def member_exists(handle):
    # ruleid: DJP211 the third call site that filters Member.handle
    return Member.objects.filter(handle=handle).exists()


def listing_titled(owner, title):
    # ok: DJP211 the classmethod filters on the owner foreign key: its index narrows first
    return Listing.of_owner(owner).filter(title=title).first()


def listing_named(owner, title):
    # ok: DJP211 narrowed by the owner foreign key
    return Listing.of_owner(owner).get(title=title)


def listing_exists(owner, title):
    # ok: DJP211 narrowed by the owner foreign key
    return Listing.of_owner(owner).filter(title=title).exists()


def ticket_by_code(code):
    # ok: DJP211 a migration's RunSQL builds a B-tree index led by code (Meta does not list it)
    return Ticket.objects.get(code=code)


def tickets_by_codes(codes):
    # ok: DJP211 the same SQL-built index
    return Ticket.objects.filter(code__in=codes)


def ticket_code_taken(code):
    # ok: DJP211 the same SQL-built index
    return Ticket.objects.filter(code=code).exists()


def ticket_by_serial(serial):
    # ruleid: DJP211 the SQL index on serial is on an expression, upper(serial): it does not serve serial=...
    return Ticket.objects.get(serial=serial)


def tickets_by_serials(serials):
    # ruleid: DJP211 the second site on serial
    return Ticket.objects.filter(serial__in=serials)


def ticket_serial_taken(serial):
    # ruleid: DJP211 the third site on serial
    return Ticket.objects.filter(serial=serial).exists()


class PlanList(ListAPIView):
    queryset = Plan.objects.all()
    # ok: DJP211 a UUID searched with icontains is cast to text: no trigram index on a text column serves it
    search_fields = ("key",
        # ruleid: DJP211 ORed with the cast key: the advice says to take the key out of the search first
        "name")
