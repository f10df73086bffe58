from shop.models import Customer


def customer_for_token(token):
    return Customer.objects.get(token=token)


def customers_for_tokens(tokens):
    return Customer.objects.filter(token__in=tokens)


def by_nickname(nickname):
    return Customer.objects.filter(nickname=nickname)
