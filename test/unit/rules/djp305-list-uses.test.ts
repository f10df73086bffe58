/**
 * DJP305: which lists render a serializer's method. A list pinned to the requesting user's own row
 * renders one object (rotation set 10), and `S(rows, many=True)` in a view function or method renders
 * the serializer row by row although no list view names it.
 */
import { describe, expect, it } from "vitest";
import { loadRule, runRuleOn } from "../../helpers/fixture-runner.js";

const MODELS = {
  path: "club/models.py",
  text: `from django.conf import settings
from django.db import models


class Team(models.Model):
    name = models.CharField(max_length=50)


class Member(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
`,
};
const SETTINGS = { path: "club/settings.py", text: `INSTALLED_APPS = ["club", "rest_framework"]\n` };
const ACCOUNT_SERIALIZER = `from django.contrib.auth import get_user_model
from rest_framework import serializers

from .models import Member


class AccountSerializer(serializers.ModelSerializer):
    team_count = serializers.SerializerMethodField()

    class Meta:
        model = get_user_model()
        fields = ["id", "team_count"]

    def get_team_count(self, user):
        return Member.objects.filter(user=user).count()
`;
const accountView = (filter: string) => ({
  path: "club/views.py",
  text: `from django.contrib.auth import get_user_model
from rest_framework import viewsets

from .serializers import AccountSerializer


class AccountViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = AccountSerializer

    def get_queryset(self):
        return get_user_model().objects.filter(${filter})
`,
});

async function findingsOf(serializers: string, others: { path: string; text: string }[]) {
  const rule = await loadRule("DJP305-query-in-serializer-method");
  return runRuleOn(rule, "club/serializers.py", serializers, [MODELS, SETTINGS, ...others]);
}

describe("DJP305 list uses", () => {
  it("takes a list pinned to the user's own primary key as one object, whatever the model", async () => {
    for (const pin of ["pk=self.request.user.pk", "id=self.request.user.id"]) {
      const [f, ...rest] = await findingsOf(ACCOUNT_SERIALIZER, [accountView(pin)]);
      expect(rest).toHaveLength(0);
      expect(f?.level).toBe("info");
      expect(f?.message).toContain("No list view or `many=True` field is known");
    }
    const [f] = await findingsOf(ACCOUNT_SERIALIZER, [accountView("is_active=True")]);
    expect(f?.level).toBe("warn");
    expect(f?.message).toContain("listed by `AccountViewSet`");
  });
});

const TEAM_SERIALIZER = `from rest_framework import serializers

from .models import Member, Team


class TeamSerializer(serializers.ModelSerializer):
    member_count = serializers.SerializerMethodField()

    class Meta:
        model = Team
        fields = ["id", "member_count"]

    def get_member_count(self, team):
        return Member.objects.filter(team=team).count()
`;
const functionView = (body: string) => ({
  path: "club/views.py",
  text: `from rest_framework.decorators import api_view
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from club import serializers
from club.models import Team
from club.serializers import TeamSerializer


@api_view(["GET"])
def teams(request):
${body}
`,
});

describe("DJP305 and many=True calls", () => {
  it("takes a page rendered with many=True in a view function as a list (warn)", async () => {
    const [f, ...rest] = await findingsOf(TEAM_SERIALIZER, [
      functionView("    paginator = PageNumberPagination()\n    page = paginator.paginate_queryset(Team.objects.all(), request)\n    return paginator.get_paginated_response(TeamSerializer(page, many=True).data)"),
    ]);
    expect(rest).toHaveLength(0);
    expect(f?.level).toBe("warn");
    expect(f?.message).toContain("rendered with many=True in `teams`, club/views.py:14");
    expect(f?.message).not.toContain("No list view");
  });

  it("reports other many=True calls at info with the reason: the user's rows, or no evidence of size", async () => {
    const [mine] = await findingsOf(TEAM_SERIALIZER, [
      functionView("    rows = Team.objects.filter(members__user=request.user)\n    return Response(serializers.TeamSerializer(rows, many=True).data)"),
    ]);
    expect(mine?.level).toBe("info");
    expect(mine?.message).toContain("rendered with many=True in `teams`");
    expect(mine?.message).toContain("Reported at info: the rows it is handed are the requesting user's.");
    const [all] = await findingsOf(TEAM_SERIALIZER, [functionView("    return Response(TeamSerializer(Team.objects.all(), many=True).data)")]);
    expect(all?.level).toBe("info");
    expect(all?.message).toContain("Reported at info: nothing shows how many rows the call renders.");
  });
});

const viewsOf = (body: string, imports = "from club.serializers import TeamSerializer\n") => ({
  path: "club/views.py",
  text: `from rest_framework import generics, mixins, viewsets

from club.models import Member, Team
${imports}${body}`,
});

describe("DJP305 uses a list cannot reach, and lists reached indirectly (rotation set 11)", () => {
  it("stays silent when only retrieve views name the serializer, and at info when anything else may render it", async () => {
    const retrieve = `

class TeamDetail(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = Team.objects.all()
    serializer_class = TeamSerializer
`;
    expect(await findingsOf(TEAM_SERIALIZER, [viewsOf(retrieve)])).toHaveLength(0);
    // A custom action may render a list; a string may name the class for a view built at runtime.
    const action = `${retrieve}
    def recent(self, request):
        return None
`;
    const [custom] = await findingsOf(TEAM_SERIALIZER, [viewsOf(action)]);
    expect(custom?.level).toBe("info");
    const [named] = await findingsOf(TEAM_SERIALIZER, [viewsOf(`${retrieve}\nLOADERS = {"team": "club.serializers.TeamSerializer"}\n`)]);
    expect(named?.level).toBe("info");
  });

  it("takes a list view whose get_serializer_class picks one of several serializers as a list of each (warn)", async () => {
    const [f, ...rest] = await findingsOf(TEAM_SERIALIZER, [
      viewsOf(`from rest_framework import serializers


class PlainTeamSerializer(serializers.ModelSerializer):
    class Meta:
        model = Team
        fields = ["id"]


class TeamList(generics.ListAPIView):
    queryset = Team.objects.all()

    def get_serializer_class(self):
        if self.request.user.is_staff:
            return TeamSerializer
        return PlainTeamSerializer
`),
    ]);
    expect(rest).toHaveLength(0);
    expect(f?.level).toBe("warn");
    expect(f?.message).toContain("listed by `TeamList`");
  });

  it("takes a serializer nested with many=False, imported in the class body, in a listed serializer as listed (warn)", async () => {
    const [f, ...rest] = await findingsOf(TEAM_SERIALIZER, [
      viewsOf(`from rest_framework import serializers


class MemberSerializer(serializers.ModelSerializer):
    from club.serializers import TeamSerializer

    team = TeamSerializer(many=False)

    class Meta:
        model = Member
        fields = ["id", "team"]


class MemberList(generics.ListAPIView):
    queryset = Member.objects.all()
    serializer_class = MemberSerializer
`, ""),
    ]);
    expect(rest).toHaveLength(0);
    expect(f?.level).toBe("warn");
    expect(f?.message).toContain("listed by `MemberList`");
  });
});
