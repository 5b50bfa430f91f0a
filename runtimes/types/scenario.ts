// The scenario, typed: compiled once per runtime configuration below, each time
// against the .d.ts that runtime's `exports` condition picks. No `any`, strict.
import type { Collection, Envelope, ErrorKind, Person, VerifikError } from "verifik-face";

export interface Sdk {
  Verifik: typeof import("verifik-face").Verifik;
  isVerifikError: typeof import("verifik-face").isVerifikError;
  imageToBase64: typeof import("verifik-face").imageToBase64;
}

export async function scenario(sdk: Sdk, baseUrl: string, image: Uint8Array): Promise<ErrorKind | undefined> {
  const vk = new sdk.Verifik({ token: "example-token", baseUrl, timeoutMs: 10_000 });
  const photo: string = await sdk.imageToBase64(image);
  const created: Envelope<Collection> = await vk.collections.create({ name: "Employees", description: "HQ" });
  const all: Collection[] = (await vk.collections.list()).data;
  const person: Envelope<Person> = await vk.persons.create({
    name: "Ana Example",
    images: [photo],
    gender: "F",
    date_of_birth: "1990-01-15",
    collections: [created.data.code],
  });
  await vk.persons.update(person.data._id, { notes: `VIP of ${all.length}` });
  await vk.persons.delete(person.data._id, { collection: created.data.code });
  await vk.collections.delete(created.data._id);
  try {
    await vk.persons.retrieve(person.data._id, { timeoutMs: 5_000, signal: new AbortController().signal });
  } catch (e: unknown) {
    if (sdk.isVerifikError(e)) {
      const error: VerifikError = e;
      const status: number | undefined = error.status;
      return status === 404 ? error.kind : undefined;
    }
  }
  return undefined;
}
