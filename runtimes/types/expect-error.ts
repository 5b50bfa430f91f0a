// Wrong calls that must NOT compile: tsc fails on a `@ts-expect-error` that has no error.
// types.test.mjs also compiles this file without the directives and checks that
// exactly these lines fail.
import { Verifik, VerifikError } from "verifik-face";

const vk = new Verifik({ token: "example-token" });
const photo = "iVBORw0KGgo";

// @ts-expect-error `name` is required
void vk.persons.create({ images: [photo] });
// @ts-expect-error `gender` is "M" | "F"
void vk.persons.create({ name: "Ana", images: [photo], gender: "X" });
// @ts-expect-error `images` must be strings
void vk.persons.create({ name: "Ana", images: [42] });
// @ts-expect-error a collection needs a `name`
void vk.collections.create({ description: "no name" });
// @ts-expect-error `baseUrl` is a string
void new Verifik({ token: "example-token", baseUrl: new URL("http://127.0.0.1:8787") });
// @ts-expect-error `timeoutMs` is a number
void vk.collections.list({ timeoutMs: "5s" });
// @ts-expect-error an undeclared key is flagged in an object literal (the SDK would send it)
void vk.persons.create({ name: "Ana", images: [photo], nickname: "A" });
// @ts-expect-error `token` is required
void new Verifik({});
// @ts-expect-error `[Symbol.dispose]` is declared only where the program's lib has it (not here)
vk[Symbol.dispose]();
// @ts-expect-error the resource handles have no `free`: only the client does
vk.collections.free();

// Wrong narrowing of a VerifikError.
declare const caught: unknown;
if (caught instanceof VerifikError) {
  // @ts-expect-error not narrowed: only some kinds have a status
  const status: number = caught.status;
  // @ts-expect-error `kind` is a closed set
  if (caught.kind === "NotAKind") void status;
  if (caught.kind === "Network") {
    // @ts-expect-error no HTTP answer, so no status
    const answered: number = caught.status;
    void answered;
  }
  if (caught.kind === "Validation") {
    // @ts-expect-error the server may not name the field
    const field: string = caught.field;
    void field;
  }
  if (caught.kind === "InvalidInput") {
    // @ts-expect-error only LivenessFailed has a liveness score
    const score: number = caught.livenessScore;
    void score;
  }
  if (caught.kind === "LivenessFailed") {
    // @ts-expect-error the server may not give the score
    const score: number = caught.livenessScore;
    void score;
  }
}
// @ts-expect-error an error double needs a `kind`
void new VerifikError("no kind", { status: 500 });
