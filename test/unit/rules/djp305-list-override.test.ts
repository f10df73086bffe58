/** DJP305: a view whose `list()` answers without its serializer does not render the serializer per row. */
import { describe, expect, it } from "vitest";
import { loadRule, runRuleOn } from "../../helpers/fixture-runner.js";

const MODELS = {
  path: "board/models.py",
  text: "from django.db import models\n\n\nclass Board(models.Model):\n    title = models.CharField(max_length=50)\n\n\nclass Column(models.Model):\n    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name='columns')\n",
};
const SERIALIZERS = `from rest_framework import serializers

from .models import Board


class BoardSerializer(serializers.ModelSerializer):
    first_column = serializers.SerializerMethodField()

    class Meta:
        model = Board
        fields = ["id", "first_column"]

    def get_first_column(self, obj):
        return obj.columns.filter(title="x").first()
`;
const view = (list: string) => ({
  path: "board/views.py",
  text: `from rest_framework import viewsets
from rest_framework.response import Response

from .models import Board
from .serializers import BoardSerializer


class BoardViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Board.objects.all()
    serializer_class = BoardSerializer
${list}`,
});

async function levelOf(list: string) {
  const rule = await loadRule("DJP305-query-in-serializer-method");
  const findings = await runRuleOn(rule, "board/serializers.py", SERIALIZERS, [MODELS, view(list)]);
  expect(findings).toHaveLength(1);
  return findings[0]!;
}

describe("DJP305 and list() overrides", () => {
  it("reports a query per row of a list response inline", async () => {
    expect((await levelOf("")).level).not.toBe("info");
  });

  it("keeps a list() that calls super().list() or get_serializer() a list of the serializer's rows", async () => {
    expect((await levelOf("\n    def list(self, request):\n        return super().list(request)\n")).level).not.toBe("info");
    expect((await levelOf("\n    def list(self, request):\n        return Response(self.get_serializer(self.get_queryset()[:5], many=True).data)\n")).level).not.toBe("info");
  });

  it("reports at info when list() answers without the serializer: only retrieve renders it", async () => {
    const f = await levelOf("\n    def list(self, request):\n        return Response([])\n");
    expect(f.level).toBe("info");
    expect(f.message).not.toContain("listed by");
  });
});
