// The part of Bun's global namespace the README's Bun example uses.
declare const Bun: { env: Record<string, string | undefined> };
