// Mock Service Worker (msw 2) handlers that hand every request for Verifik's API to the mock.
import { http } from "msw";

/** The origin the SDK calls by default. */
const DEFAULT_BASE_URL = "https://api.verifik.co";

export function verifikHandlers(mock, options = {}) {
  if (!mock || typeof mock.fetch !== "function") {
    throw new TypeError("verifikHandlers(mock): pass the object createVerifikMock() returned");
  }
  const base = String(options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, "");
  return [http.all(`${base}/*`, ({ request }) => mock.fetch(request))];
}
