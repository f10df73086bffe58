class ProductLabelMixin:
    """Shared by models with a `product` foreign key."""

    def product_label(self):
        return f"{self.product.name} ({self.product.price})"

    def product_label_in(self, unit):
        return f"{self.product.name} per {unit}"

    def __str__(self):
        return f"{self.quantity} x {self.product.name}"

    def product_key(self):
        return self.product.pk
