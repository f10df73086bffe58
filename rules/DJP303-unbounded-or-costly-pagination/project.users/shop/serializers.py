from rest_framework import serializers

from .models import Country, Order, Region


class CountrySerializer(serializers.ModelSerializer):
    class Meta:
        model = Country
        fields = ["code", "name"]


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["id", "name", "country"]


class OrderSerializer(serializers.ModelSerializer):
    class Meta:
        model = Order
        fields = ["id", "total"]


class OrderTotalSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    total = serializers.DecimalField(max_digits=10, decimal_places=2)
