// The scenario, typed: compiled once per runtime configuration below, each time
// against the .d.ts that runtime's `exports` condition picks. No `any`, strict.
import type {
  Collection,
  CollectionList,
  Envelope,
  ErrorKind,
  Person,
  PersonList,
  ValidateFaceResult,
  VerifikError,
  VerifikErrorJson,
  VerifikSummary,
} from "verifik-face";

export interface Sdk {
  Verifik: typeof import("verifik-face").Verifik;
  VerifikError: typeof import("verifik-face").VerifikError;
  isVerifikError: typeof import("verifik-face").isVerifikError;
  imageToBase64: typeof import("verifik-face").imageToBase64;
}

export async function scenario(sdk: Sdk, baseUrl: string, image: Uint8Array): Promise<ErrorKind | undefined> {
  const vk = new sdk.Verifik({ token: "example-token", baseUrl, timeoutMs: 10_000 });
  const photo: string = await sdk.imageToBase64(image);
  const created: Envelope<Collection> = await vk.collections.create({ name: "Employees", description: "HQ" });
  const all: Collection[] = (await vk.collections.list()).data;
  // Filters Verifik's own clients send, and rows set aside when they cannot be read.
  const staff: CollectionList = await vk.collections.list({ like_name: "Emp" }, { timeoutMs: 5_000 });
  const odd: unknown[] | undefined = staff.skipped;
  const page: PersonList = await vk.persons.list({ in_collections: ["c1", "c2"], sort: "name", order: "desc" });
  const credits: Record<string, unknown> | undefined = page.extra;
  const check: ValidateFaceResult = await vk.biometrics.validateFace({ image: photo });
  const faces: number | undefined = check.faceCount;
  const strict = new sdk.Verifik({ token: "example-token", baseUrl, strictInputs: true });
  await strict.collections.movePeople({
    fromCollection: created.data,
    toCollection: { _id: created.data._id },
    peopleIds: [],
  });
  void [odd, credits, faces];
  // `code` is optional in the types: Verifik sends rows without it. `_id` works too.
  const collection: string = created.data.code ?? created.data._id;
  const person: Envelope<Person> = await vk.persons.create({
    name: "Ana Example",
    images: [photo],
    gender: "F",
    date_of_birth: "1990-01-15",
    collections: [collection],
  });
  await vk.persons.update(person.data._id, { notes: `VIP of ${all.length}` });
  await vk.persons.delete(person.data._id, { collection });
  await vk.collections.delete(created.data._id);
  try {
    await vk.persons.retrieve(person.data._id, { timeoutMs: 5_000, signal: new AbortController().signal });
  } catch (e: unknown) {
    if (sdk.isVerifikError(e)) {
      const error: VerifikError = e;
      const status: number | undefined = error.status;
      const score: number | undefined = error.livenessScore;
      if (error.kind === "FaceRejected" || error.kind === "InsufficientCredits") void score;
      return status === 404 ? error.kind : undefined;
    }
  }
  return undefined;
}

/** Narrowing on `kind` gives each kind the members it always has. */
export function explain(sdk: Sdk, e: unknown): string {
  if (!(e instanceof sdk.VerifikError)) return "not an SDK error";
  const anyKind: VerifikError = e;
  const json: VerifikErrorJson = e.toJSON();
  const cause: unknown = e.cause;
  const maybe: number | undefined = e.status;
  void [anyKind, json, cause, maybe];
  switch (e.kind) {
    case "InvalidInput": {
      const field: string = e.field;
      const none: undefined = e.status;
      return `${field} ${String(none)}`;
    }
    case "Validation": {
      const field: string | undefined = e.field;
      const status: number = e.status;
      return `${field ?? "?"} ${status}`;
    }
    case "LivenessFailed": {
      const score: number | undefined = e.livenessScore;
      const status: number = e.status;
      return `${score ?? "?"} ${status}`;
    }
    case "FaceRejected": {
      const reason: string = e.code;
      return reason;
    }
    case "Network":
    case "Aborted": {
      const none: undefined = e.status;
      return `${String(none)} ${String(e.cause)}`;
    }
    case "Timeout": {
      const status: 408 | undefined = e.status;
      return String(status);
    }
    default: {
      // Every other kind is an answer of the server.
      const status: number = e.status;
      const none: undefined = e.field;
      return `${e.kind} ${status} ${String(none)}`;
    }
  }
}

/** A test double of an SDK error, and what a client shows of itself. */
export function doubles(sdk: Sdk): [VerifikError, VerifikSummary] {
  const error = new sdk.VerifikError("Verifik answered HTTP 404", { kind: "NotFound", status: 404 }, { cause: "why" });
  const vk = new sdk.Verifik({ token: "example-token" });
  const summary: VerifikSummary = vk.toJSON();
  vk.free();
  return [error, summary];
}
