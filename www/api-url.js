// Which `?api=` a link may set without asking: the demo page takes a loopback API as it
// comes, and asks first for any other host, because the token typed into the page would
// be sent there.

/**
 * True when `url` names this machine as `fetch` reads it: exactly `localhost`, an IPv4
 * address in 127.0.0.0/8 (the URL parser writes `127.1` or `0x7f.0.0.1` that way), or
 * `[::1]`; over http or https, without credentials. `localhost.`, `*.localhost` and
 * `[::ffff:127.0.0.1]` are not loopback here, as in the SDK's own rule.
 */
export function isLoopbackApi(url) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (!["http:", "https:"].includes(parsed.protocol) || parsed.username || parsed.password) return false;
  const host = parsed.hostname;
  return host === "localhost" || host === "[::1]" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
