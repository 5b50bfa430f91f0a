// What the README's examples leave to the reader (a file input, a token, a session…),
// declared for `tsc`; reader.mjs (Node, Deno, Bun) and reader-page.js (a page) give them
// values when the blocks run. A global script, so a block's own declarations shadow them.
declare const fileInput: HTMLInputElement;
declare const file: File;
declare const email: string;
declare const otp: string;
declare const token: string;
declare const collection: import("verifik-face").Collection;
declare const collection_id: string;
declare const person: import("verifik-face").CreatePersonInput;
declare const pair: import("verifik-face").CompareInput;
declare const session: { currentToken(): Promise<string> };
declare const log: { info(message: string, event: unknown): void };
declare function getShortLivedToken(): Promise<string>;
declare const mock: import("verifik-face-mock").VerifikMock;
