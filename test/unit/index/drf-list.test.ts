import { describe, expect, it } from "vitest";
import { parsePython } from "../../../src/analysis/parser.js";
import { listRendersViewRows } from "../../../src/analysis/index/drf/list-facts.js";
import { py } from "./inline-project.js";

function renders(source: string): boolean {
  const fn = parsePython(source).rootNode.namedChildren.find((n) => n.type === "function_definition");
  if (!fn) throw new Error("no function");
  return listRendersViewRows(fn);
}

describe("listRendersViewRows", () => {
  it("accepts DRF's own list body and a loop over the page with the view's serializer", () => {
    expect(
      renders(py`
        def list(self, request, *args, **kwargs):
            queryset = self.filter_queryset(self.get_queryset())
            page = self.paginate_queryset(queryset)
            if page is not None:
                serializer = self.get_serializer(page, many=True)
                return self.get_paginated_response(serializer.data)
            serializer = self.get_serializer(queryset, many=True)
            return Response(serializer.data)
      `),
    ).toBe(true);
    expect(
      renders(py`
        def list(self, request):
            page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
            serializer = self.get_serializer()
            results = []
            for entry in page:
                results.append(serializer.to_representation(entry))
            return self.get_paginated_response(results)
      `),
    ).toBe(true);
  });

  it("rejects rows refined, re-queried or rendered with another serializer", () => {
    const refined = py`
      def list(self, request):
          rows = self.get_queryset().filter(open=True)
          return Response(self.get_serializer(rows, many=True).data)
    `;
    const reassigned = py`
      def list(self, request):
          rows = self.get_queryset()
          rows = rows.select_related("customer")
          return Response(self.get_serializer(rows, many=True).data)
    `;
    const other = py`
      def list(self, request):
          rows = self.get_queryset()
          self.get_serializer(rows, many=True)
          return Response(OrderIdsSerializer(rows, many=True).data)
    `;
    const noRows = py`
      def list(self, request):
          return Response(self.get_serializer(Order.objects.all(), many=True).data)
    `;
    const passedOn = py`
      def list(self, request):
          rows = self.get_queryset()
          return Response(render_rows(self.get_serializer(), rows))
    `;
    for (const source of [refined, reassigned, other, noRows, passedOn]) expect(renders(source), source).toBe(false);
  });
});
