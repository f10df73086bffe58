from django.db.models import Prefetch, Q

from catalog.models import Album, Document, Listing, Pennant, Peer, Roster, Track, Visibility
from catalog.models import Asset, Badge, Banner, Counter, Coupon, Currency, GiftAttribute, Memo, Note, Parcel, Product, Ribbon, ShopProfile, StoreSetting, Voucher, Route, Shipment, Supplier


def supplier_by_email(email):
    return Supplier.objects.get(email=email)


def suppliers_for(emails):
    return Supplier.objects.filter(email__in=emails)


def supplier_exists(email):
    return Supplier.objects.filter(email=email).exists()


def by_phone(phone):
    return Supplier.objects.filter(phone=phone)


def by_phone_again(phone):
    return list(Supplier.objects.filter(phone=phone))


def by_verified(flag):
    return Supplier.objects.filter(verified=flag)


def verified():
    return Supplier.objects.filter(verified=flag_value(), code="x")


def flag_value():
    return True


def product_by_barcode(barcode):
    return Product.objects.get(barcode=barcode)


def products_by_barcodes(codes):
    return Product.objects.filter(barcode__in=codes)


def product_barcode_for_supplier(supplier, barcode):
    # Narrowed by the supplier foreign key's index: does not count towards barcode.
    return Product.objects.filter(supplier=supplier, barcode=barcode)


def on_sale():
    return Product.active.all()


def on_sale_for(supplier):
    return Product.active.filter(supplier=supplier)


def on_sale_count():
    return Product.active.count()


def sent_from(warehouse):
    return Shipment.objects.filter(warehouse=warehouse, status="sent")


def sent_count(warehouse):
    return Shipment.objects.filter(warehouse=warehouse, status="sent").count()


def sent_latest(warehouse):
    return Shipment.objects.filter(warehouse=warehouse, status="sent").latest("id")


def routes(kind, region):
    return Route.objects.filter(kind=kind, region=region)


def route_count(kind, region):
    return Route.objects.filter(kind=kind, region=region).count()


def first_route(kind, region):
    return Route.objects.filter(region=region, kind=kind).first()


def searched(text):
    return Supplier.objects.filter(name__icontains=text)


def searched_again(text):
    return Supplier.objects.filter(name__icontains=text).first()


def searched_thrice(text):
    return Supplier.objects.filter(name__icontains=text).exists()


def featured():
    return Product.active.order_by("-id")[:5]


def coupon(ref):
    return Coupon.objects.get(external_ref=ref)


def coupons(refs):
    return Coupon.objects.filter(external_ref__in=refs, label="x")


def coupon_exists(ref):
    return Coupon.objects.filter(external_ref=ref).exists()


def assets():
    return Asset.objects.all()


def asset_count():
    return Asset.objects.count()


def newest_assets():
    return Asset.objects.order_by("-id")[:10]


def asset(uid):
    # Narrowed by the unique uid: does not count towards pending_delete.
    return Asset.objects.get(uid=uid)


def parcels_not_with(carrier):
    return Parcel.objects.exclude(carrier=carrier)


def parcel_count_not_with(carrier):
    return Parcel.objects.exclude(carrier=carrier).count()


def first_parcel_not_with(carrier):
    return Parcel.objects.exclude(carrier=carrier).first()


def incoming():
    return Counter.objects.filter(scope=Counter.SCOPE_IN)


def outgoing_count():
    return Counter.objects.filter(scope=Counter.SCOPE_OUT).count()


def labelled_in():
    return Counter.objects.filter(label=Counter.SCOPE_IN)


def labelled_out():
    return Counter.objects.filter(label=Counter.SCOPE_OUT)


def labelled(label):
    return Counter.objects.filter(label=label)


async def currency(code):
    return await Currency.objects.aget(code=code)


def currencies(codes):
    return Currency.objects.filter(code__in=codes)


def has_currency(code):
    return Currency.objects.filter(code=code).exists()


def voucher(batch):
    return Voucher.objects.get(batch=batch)


def vouchers(batches):
    return Voucher.objects.filter(batch__in=batches)


def voucher_count(batch):
    return Voucher.objects.filter(batch=batch).count()


def notes():
    return Note.objects.all()


def note_count():
    return Note.objects.count()


def newest_notes():
    return Note.objects.order_by("-id")[:10]


def memos():
    return Memo.objects.all()


def memo_count():
    return Memo.objects.count()


def newest_memos():
    return Memo.objects.order_by("-id")[:10]


# Streamed row by row: the project treats these tables as large (a partial index needs a large table).
def export_products():
    return Product.objects.iterator()


def export_assets():
    return Asset.objects.iterator()


def export_notes():
    return Note.objects.iterator()


def live_banners():
    return Banner.objects.filter(is_live=True)


def live_banner_count():
    return Banner.objects.filter(is_live=True).count()


def first_live_banner():
    return Banner.objects.filter(is_live=True).first()




def featured_badges(limit):
    return list(Badge.objects.filter(is_featured=True)[:limit])


def has_featured_badge():
    return Badge.objects.filter(is_featured=True).exists()


def featured_badge_names():
    names = Badge.objects.filter(is_featured=True).values_list("name", flat=True)
    return sorted(names)


def ribbon_page(offset, size):
    rows = Ribbon.objects.filter(is_featured=True).order_by("name")
    return rows[offset : offset + size]


def ribbon_stats():
    featured = Ribbon.objects.filter(is_featured=True)
    return {"featured": featured.count(), "first": Ribbon.objects.filter(is_featured=True).first()}


def refresh_ribbons():
    for ribbon in Ribbon.objects.order_by("name").iterator(chunk_size=50):
        ribbon.save()


def store_setting(name, user):
    return StoreSetting.objects.filter(key=name, staff__isnull=True).first()


def store_settings(names):
    return list(StoreSetting.objects.filter(key__in=names))


def store_setting_value(name):
    return StoreSetting.objects.get(key=name).value


def gift_attribute(name):
    return GiftAttribute.objects.filter(key=name).first()


def gift_attributes(names):
    return list(GiftAttribute.objects.filter(key__in=names))


def gift_attribute_value(name):
    return GiftAttribute.objects.get(key=name).value


def shop_profile():
    return ShopProfile.objects.get()


def shop_by_domain(host):
    return ShopProfile.objects.filter(domain=host).first()


def shop_exists(host):
    return ShopProfile.objects.filter(domain=host).exists()


def shop_domain_taken(host):
    return ShopProfile.objects.filter(domain__in=[host, f"www.{host}"]).exists()


def listing_page(offset, size):
    return Listing.objects.filter(published=True).order_by("name")[offset : offset + size]


def listing_count():
    return Listing.objects.filter(published=True).count()


def first_listing():
    return Listing.objects.filter(published=True).first()


def archived_listings(limit):
    return list(Listing.objects.filter(archived=True)[:limit])


def has_archived_listing():
    return Listing.objects.filter(archived=True).exists()


def archived_listing_names():
    return sorted(Listing.objects.filter(archived=True).values_list("name", flat=True))


def reindex_listings():
    for listing in Listing.objects.order_by("name").iterator(chunk_size=500):
        listing.save()


def public_rosters():
    return list(Roster.objects.filter(visibility_level=Visibility.public.value))


def public_roster_count():
    return Roster.objects.filter(visibility_level=Visibility.public.value).count()


def private_rosters():
    return list(Roster.objects.exclude(visibility_level=Visibility.private.value))


def rosters_titled(title):
    return list(Roster.objects.filter(title=title))


def roster_titled(title):
    return Roster.objects.filter(title=title).first()


def has_roster_titled(title):
    return Roster.objects.filter(title=title).exists()


def rosters_streamed():
    for roster in Roster.objects.order_by("title").iterator(chunk_size=500):
        roster.save()


def tracks_of_genre(genre):
    return list(Track.objects.filter(genre=genre))


def track_count(genre):
    return Track.objects.filter(genre=genre).count()


def albums_with_genre(genre):
    return Album.objects.prefetch_related(Prefetch("tracks", queryset=Track.objects.filter(genre=genre)))


def tracks_streamed():
    for track in Track.objects.order_by("genre").iterator(chunk_size=500):
        track.save()


def featured_pennants(limit):
    return list(Pennant.objects.filter(is_featured=True)[:limit])


def has_featured_pennant():
    return Pennant.objects.filter(is_featured=True).exists()


def featured_pennant_names():
    return sorted(Pennant.objects.filter(is_featured=True).values_list("name", flat=True))


def peer_by_address(ip):
    return Peer.objects.filter(Q(ipv4=ip) | Q(ipv6=ip)).first()


def peers_at(ip, asn):
    return Peer.objects.filter((Q(ipv4=ip) | Q(ipv6=ip)), asn=asn)


def peer_exists(ip):
    return Peer.objects.filter(Q(ipv4=ip) | Q(ipv6=ip)).exists()


def live_documents():
    return Document.objects.filter(is_deleted=False).order_by("title")


def first_live_document():
    return Document.objects.filter(is_deleted=False).first()


def count_live_documents():
    return Document.objects.filter(is_deleted=False).count()


def reindex_documents():
    for document in Document.objects.iterator(chunk_size=500):
        document.save()

