def price_key(pk):
    return f"price:{pk}"


def stock_key(pk):
    return "stock:%s" % pk


def opaque_key(obj):
    return obj.cache_key
