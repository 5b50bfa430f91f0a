// The part of Deno's global namespace the README's Deno example uses.
declare const Deno: { env: { get(name: string): string | undefined } };
