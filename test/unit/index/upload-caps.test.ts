/** The upload-cap index (DJP504): size checks, bounded form fields and whole-document parsers across modules. */
import { describe, expect, it } from "vitest";
import { buildProjectIndex } from "../../../src/analysis/index/build.js";
import { isFormSidePath } from "../../../src/analysis/index/select.js";

const VALIDATORS = `
def limit(upload):
    if upload.size > 1000:
        raise ValueError("too large")

def named(upload):
    return upload.name

class MaxBytes:
    def __call__(self, upload):
        if upload.size > 10:
            raise ValueError("too large")

def parse(text):
    import json as j
    return text

def parse_catalogue(text):
    return polib.pofile(text)
`;

const FORMS = `
from django import forms
from core.validators import limit, named, MaxBytes
from core import validators

class Base(forms.Form):
    ledger = forms.FileField(validators=[limit])

class Upload(Base):
    note = forms.FileField(validators=[named])
    scan = forms.FileField(validators=[MaxBytes(5)])
    photo = forms.ImageField()
    other = forms.FileField(validators=[validators.limit])

class UploadView:
    form_class = Upload
`;

describe("upload-cap index", () => {
  it("knows size checks, bounded fields through bases and validator classes, and view form classes", async () => {
    const index = await buildProjectIndex(
      [
        { path: "core/validators.py", text: `import polib\n${VALIDATORS}` },
        { path: "shop/forms.py", text: FORMS },
      ],
      { cache: null },
    );
    const caps = index.uploadCaps;
    expect(caps.sizeCheck("core.validators.limit")).toBe(true);
    expect(caps.sizeCheck("core.validators.MaxBytes")).toBe(true);
    expect(caps.sizeCheck("core.validators.named")).toBe(false);
    expect(caps.parsesWhole("core.validators.parse_catalogue")).toBe(true);
    expect(caps.parsesWhole("core.validators.parse")).toBe(false);
    expect(["ledger", "scan", "photo", "other", "note"].map((f) => caps.boundsField("shop.forms.Upload", f))).toEqual([true, true, true, true, false]);
    expect(caps.boundsField("shop.forms.Base", "scan")).toBe(false);
    expect(caps.formClassOf("shop.forms.UploadView")).toBe("shop.forms.Upload");
  });

  it("pull requests read forms and validators modules, not tests", () => {
    expect(["shop/forms.py", "shop/forms/upload.py", "core/validators.py", "shop/views.py", "shop/tests/forms.py"].map(isFormSidePath)).toEqual([true, true, true, false, false]);
  });
});
