// verifik-face-mock's declarations with the SDK's: the fetch option takes mock.fetch, the
// controls and handlers are typed, and a wrong fetch does not compile.
import { Verifik } from "verifik-face";
import { createVerifikMock, type MockCredits, type MockedRequest, type VerifikMock } from "verifik-face-mock";
import { verifikHandlers } from "verifik-face-mock/msw";
import worker from "verifik-face-mock/worker";

const mock: VerifikMock = createVerifikMock({ delays: false });
export const vk = new Verifik({ token: "test-token-1", fetch: mock.fetch });
export const wrapped = new Verifik({ token: "test-token-1", fetch: (input, init) => globalThis.fetch(input, init) });
export const handlers = verifikHandlers(mock, { baseUrl: "https://api.verifik.co" });
export const queued: number = mock.fault("test-token-1", { kind: "status", status: 503, times: 1, retryAfter: "0" });
export const seen: MockedRequest[] = mock.requests("test-token-1");
export const credits: MockCredits = mock.setCredits("test-token-1", 3);
export const answered: Promise<Response> = worker.fetch(new Request("http://127.0.0.1/__mock/health"));
mock.reset();

// @ts-expect-error fetch must be a function like the global fetch
export const refused = new Verifik({ token: "test-token-1", fetch: "https://example.com" });
