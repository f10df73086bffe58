from rest_framework import serializers

from .models import Order, Queue, Tag


class OrderListSerializer(serializers.ModelSerializer):
    class Meta:
        model = Order
        fields = ["id", "status", "customer"]


class OrderNotesSerializer(serializers.ModelSerializer):
    class Meta:
        model = Order
        fields = ["id", "status", "notes"]


class OrderAllSerializer(serializers.ModelSerializer):
    class Meta:
        model = Order
        fields = "__all__"


class OrderSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Order
        fields = ["id", "summary"]


class OrderMethodSerializer(serializers.ModelSerializer):
    excerpt = serializers.SerializerMethodField()

    class Meta:
        model = Order
        fields = ["id", "excerpt"]

    def get_excerpt(self, obj):
        return obj.notes[:80]


class OrderSourceSerializer(serializers.ModelSerializer):
    text = serializers.CharField(source="notes")

    class Meta:
        model = Order
        fields = ["id", "text"]


class TagSerializer(serializers.ModelSerializer):
    class Meta:
        model = Tag
        fields = ["id", "name"]


class QueueSerializer(serializers.ModelSerializer):
    class Meta:
        model = Queue
        fields = ["id", "name"]
