import type { HttpHandler } from "msw";
import type { VerifikMock } from "./index.js";

/**
 * Mock Service Worker (msw 2) handlers for `setupServer(...)` or `setupWorker(...)`: every
 * request to `baseUrl` (default `https://api.verifik.co`) is answered by `mock.fetch`.
 */
export function verifikHandlers(mock: VerifikMock, options?: { baseUrl?: string }): HttpHandler[];
