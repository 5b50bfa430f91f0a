// Wrong calls that must NOT compile: tsc fails on a `@ts-expect-error` that has no error.
// types.test.mjs also compiles this file without the directives and checks that
// exactly these lines fail.
import { Verifik } from "verifik-face";

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
// @ts-expect-error a client holds nothing to release: `free` is not part of the API
vk.free();
