/**
 * A loop's low impact "each iteration also does network or file I/O" is not claimed for a Django
 * signal's `send(sender=...)`: it runs the receivers in this process (rotation 12: dissemin's
 * `signals.archive_stored.send` beside a create in a loop). A message's `.send()` still counts.
 */
import { describe, expect, it } from "vitest";
import { loadRule, runRuleOn } from "../../helpers/fixture-runner.js";

const MODELS = { path: "shop/models.py", text: `from django.db import models\n\n\nclass Archive(models.Model):\n    user_id = models.IntegerField()\n` };
const code = (send: string) => `from django.core.mail import EmailMessage\n\nfrom . import signals\nfrom .models import Archive\n\n\ndef archive(users):\n    for user in users:\n        Archive.objects.create(user_id=user.pk)\n        ${send}\n`;

describe("loop impact: signals are not I/O", () => {
  it("does not call a signal's send network or file I/O", async () => {
    const [finding] = await runRuleOn(await loadRule("DJP501-create-in-loop"), "shop/archive.py", code("signals.archive_stored.send(sender=Archive, user=user)"), [MODELS]);
    expect(finding?.message).not.toContain("network or file I/O");
  });

  it("still counts an e-mail's send", async () => {
    const [finding] = await runRuleOn(await loadRule("DJP501-create-in-loop"), "shop/archive.py", code('EmailMessage("hi", "body", to=[user.email]).send()'), [MODELS]);
    expect(finding?.message).toContain("network or file I/O");
  });
});
