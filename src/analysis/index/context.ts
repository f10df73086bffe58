/** The resolution services every index builder step shares, created once per build. */
import type { RouteIndex } from "./routes.js";
import type { ManyCall } from "./many-calls.js";
import type { Hierarchy } from "./ancestry.js";
import type { Classifier } from "./classify.js";
import type { AppLabels } from "./labels.js";
import type { MetaReader } from "./meta.js";
import type { Notes } from "./notes.js";
import type { Symbols } from "./symbols.js";
import type { Versions } from "./versions.js";

export interface IndexContext {
  symbols: Symbols;
  hierarchy: Hierarchy;
  classifier: Classifier;
  meta: MetaReader;
  labels: AppLabels;
  /** Literal `AUTH_USER_MODEL` from the settings modules, when they agree on one. */
  authUserModel?: string;
  /** What `get_user_model()` returns, as a label (`settings.ts` userModelLabel); undefined when unknown. */
  userModel?: string;
  notes: Notes;
  /** Which views' list action the project never routes (`routes.ts`); absent: none proven. */
  routes?: RouteIndex;
  /** `S(rows, many=True)` calls of the read application modules (`many-calls.ts`). */
  manyCalls?: readonly ManyCall[];
  /** Package versions from the dependency files: what DRF version decides (DRF 2's `model =` shortcut). */
  versions?: Versions;
}
