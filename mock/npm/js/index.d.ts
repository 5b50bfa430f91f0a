/**
 * verifik-face-mock: verifik-mock (a local, stateful simulation of Verifik's
 * face-recognition API) in-process, as WebAssembly: no port, no server.
 *
 * ```ts
 * import { createVerifikMock } from "verifik-face-mock";
 * import { Verifik } from "verifik-face";
 * const mock = createVerifikMock();
 * const vk = new Verifik({ token: "test-token-1", fetch: mock.fetch });
 * ```
 */

/** Options of `createVerifikMock`. */
export interface VerifikMockOptions {
  /**
   * Wait the delay of a `latency` or `hang` fault with a timer before answering, as the
   * binary does; default `true`. `false` answers at once (the fault's answer is the same).
   */
  delays?: boolean;
}

/** One request the mock saw on a `/v2` route. */
export interface MockedRequest {
  method: string;
  path: string;
  query: string;
}

/** A token's credit balance (`null`: unlimited) and how many credits it was charged. */
export interface MockCredits {
  balance: number | null;
  charged: number;
}

/**
 * A fault rule for `fault()`, as `POST /__mock/faults` takes it (see the mock's README):
 * e.g. `{ kind: "status", status: 503, times: 1, retryAfter: "0" }`.
 */
export interface MockFault {
  kind?: "latency" | "status" | "hang" | "drop" | "malformedJson" | "html" | "empty" | "wrongContentType" | "huge" | "gzip" | "echo" | "raw" | (string & {});
  status?: number;
  times?: number;
  method?: string;
  path?: string;
  latencyMs?: number;
  retryAfter?: string;
  [key: string]: unknown;
}

/** The mock's answer as the binary puts it on the wire (for servers built on the mock). */
export interface MockAnswer {
  status: number;
  /** `[name, value, name, value, …]` */
  headers: string[];
  body: Uint8Array;
  /** The connection breaks after `body` (a `drop` fault). */
  broken: boolean;
}

/** One mock: its state lives in memory as long as the object. */
export interface VerifikMock {
  /**
   * A `fetch`-compatible function answered by the mock in-process (any origin; a path
   * alone is read against `http://127.0.0.1:8787`). Returns the runtime's `Response`.
   * Honours CORS preflights, faults (a `latency`/`hang` is waited with a timer, a `drop`
   * body errors after its first bytes) and the `signal` of `init`.
   */
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
  /** The raw answer to one request (for an HTTP server over the mock). */
  answer(method: string, target: string, headers: string[], body: Uint8Array, signal?: AbortSignal): Promise<MockAnswer>;
  /** Forgets everything: every token's collections, persons, request log, faults and credits. */
  reset(): void;
  /** The requests `token` made to `/v2` routes, oldest first. */
  requests(token: string): MockedRequest[];
  /** Forgets `token`'s request log; returns how many entries it had. */
  clearRequests(token: string): number;
  /** Queues a fault rule (or several) for `token`'s next matching requests; returns how many were queued. */
  fault(token: string, spec: MockFault | MockFault[]): number;
  /** Drops `token`'s queued faults; returns how many there were. */
  clearFaults(token: string): number;
  /** Sets `token`'s credit balance (`null`: unlimited); each billable call then costs one. */
  setCredits(token: string, balance: number | null): MockCredits;
  /** `token`'s credit balance and what it was charged. */
  credits(token: string): MockCredits;
}

/** A fresh mock with empty state. */
export function createVerifikMock(options?: VerifikMockOptions): VerifikMock;
