# fixture-path: shop/tickets.py
from rest_framework import generics, serializers

from .models import Member, Staff, Ticket


class MemberSerializer(serializers.ModelSerializer):
    class Meta:
        model = Member
        fields = ["person", "display_name"]


class TicketSerializer(serializers.ModelSerializer):
    member = MemberSerializer()

    class Meta:
        model = Ticket
        fields = ["id", "member"]


class StaffSerializer(serializers.ModelSerializer):
    class Meta:
        model = Staff
        fields = ["id", "label"]


# Rotation set 13: `display_name` reads `self.person.name`, so select_related("member") leaves a query per row.
class TicketList(generics.ListAPIView):
    serializer_class = TicketSerializer
    # ruleid: DJP306 walks member__person
    queryset = Ticket.objects.select_related("member")


class LoadedTicketList(generics.ListAPIView):
    serializer_class = TicketSerializer
    # ok: DJP306
    queryset = Ticket.objects.select_related("member__person")


# A multi-table parent link needs no query: Django builds the parent from the child's columns.
class StaffList(generics.ListAPIView):
    serializer_class = StaffSerializer
    # ok: DJP306
    queryset = Staff.objects.all()
