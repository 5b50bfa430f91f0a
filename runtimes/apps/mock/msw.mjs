// The package's MSW handlers, imported as a user's project would.
export { verifikHandlers } from "verifik-face-mock/msw";
