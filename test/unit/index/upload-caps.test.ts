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

const HANDLERS = `
from django.core.files.uploadhandler import FileUploadHandler, SkipFile, StopUpload

class Quota(FileUploadHandler):
    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > 10_000_000:
            raise StopUpload(connection_reset=True)
        return raw_data

class Announced(FileUploadHandler):
    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if content_length > 5_000_000:
            raise SkipFile()

class Progress(FileUploadHandler):
    def receive_data_chunk(self, raw_data, start):
        if start > 0:
            print(start)
        return raw_data

class RaisesAlways(FileUploadHandler):
    def new_file(self, *args, **kwargs):
        raise StopUpload()
`;

const MIDDLEWARE = `
from django.http import HttpResponse

def body_limit(get_response):
    def middleware(request):
        if int(request.META.get("CONTENT_LENGTH") or 0) > 1_000_000:
            return HttpResponse(status=413)
        return get_response(request)
    return middleware

class BodyLimit:
    def __call__(self, request):
        length = int(request.headers.get("Content-Length", 0))
        if length > 1_000_000:
            return HttpResponse(status=413)
        return self.get_response(request)

class Timing:
    def __call__(self, request):
        return self.get_response(request)
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

  it("pull requests read forms, validators, middleware and upload-handler modules, not tests", () => {
    const paths = ["shop/forms.py", "shop/forms/upload.py", "core/validators.py", "core/middleware.py", "core/uploadhandlers.py", "shop/views.py", "shop/tests/forms.py"];
    expect(paths.map(isFormSidePath)).toEqual([true, true, true, true, true, false, false]);
  });

  it("knows upload handlers that stop big uploads and middleware that compares the body's length", async () => {
    const index = await buildProjectIndex(
      [
        { path: "core/uploadhandlers.py", text: HANDLERS },
        { path: "core/middleware.py", text: MIDDLEWARE },
      ],
      { cache: null },
    );
    const caps = index.uploadCaps;
    expect(["Quota", "Announced", "Progress", "RaisesAlways"].map((n) => caps.capsUploads(`core.uploadhandlers.${n}`))).toEqual([true, true, false, false]);
    expect(["body_limit", "BodyLimit", "Timing"].map((n) => caps.guardsLength(`core.middleware.${n}`))).toEqual([true, true, false]);
  });
});
