from rest_framework import serializers

from .models import Category, Product, Tag


class TagSerializer(serializers.ModelSerializer):
    class Meta:
        model = Tag
        fields = ["id", "name"]


class CategorySerializer(serializers.ModelSerializer):
    # Filled by CategoryViewSet's annotate(); counting per object here would cost a query per row.
    product_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Category
        fields = ["id", "name", "slug", "parent", "product_count"]


class ProductSerializer(serializers.ModelSerializer):
    category = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    tags = TagSerializer(many=True, read_only=True)

    class Meta:
        model = Product
        fields = ["id", "sku", "name", "description", "price", "stock", "is_active", "category", "tags"]


class ProductBadgeSerializer(serializers.ModelSerializer):
    on_sale = serializers.SerializerMethodField()

    class Meta:
        model = Product
        fields = ["id", "name", "on_sale"]

    def get_on_sale(self, obj):
        # djperf-demo: DJP305
        return obj.tags.filter(name="sale").exists()
