// The two packages as a user's project imports them (resolved from the scratch project's
// node_modules: both installed from their packed tarballs).
export * as sdk from "verifik-face";
export { createVerifikMock } from "verifik-face-mock";
