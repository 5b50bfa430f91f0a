#!/usr/bin/env node
// `npx verifik-face-mock [--port N] [--host ADDR]`: the mock over Node's `http`, with the
// same handler as `createVerifikMock()` and the same command line and first line as the
// verifik-mock binary.
import { createServer } from "node:http";
import { createVerifikMock } from "./node.mjs";

const USAGE = `Usage: verifik-face-mock [--port N] [--host ADDR]

Runs a local, stateful simulation of Verifik's face-recognition API.

Options:
  --port N       TCP port (default 8787; 0 picks a free port)
  --host ADDR    address to bind (default 127.0.0.1)
  -h, --help     print this help

Once bound it prints one line:
  verifik-mock listening on http://HOST:PORT
`;
/** The mock reads at most this many bytes of a body (32 MiB); one more marks it too large. */
const BODY_LIMIT = 32 * 1024 * 1024;
/** How long a `drop` fault's first bytes stay out before the connection breaks. */
const DROP_AFTER_MS = 50;

function parse(args) {
  let port = 8787;
  let host = "127.0.0.1";
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "-h" || arg === "--help") return { help: true };
    if (arg !== "--port" && arg !== "--host") throw new Error(`unknown argument ${JSON.stringify(arg)}`);
    const value = args[++i];
    if (value === undefined) throw new Error(`${arg} needs a value`);
    if (arg === "--port") {
      if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) throw new Error(`--port must be 0 to 65535, not ${JSON.stringify(value)}`);
      port = Number(value);
    } else {
      if (value === "") throw new Error("--host needs a non-empty value");
      host = value;
    }
  }
  return { port, host };
}

let cli;
try {
  cli = parse(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`verifik-face-mock: ${error.message}\n\n${USAGE}`);
  process.exit(2);
}
if (cli.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}

const mock = createVerifikMock();

async function readBody(request) {
  const chunks = [];
  let size = 0;
  for await (const chunk of request) {
    if (size > BODY_LIMIT) continue; // drain the rest; the mock answers 413
    chunks.push(chunk);
    size += chunk.length;
  }
  const body = Buffer.concat(chunks);
  return new Uint8Array(body.buffer, body.byteOffset, Math.min(body.length, BODY_LIMIT + 1));
}

const server = createServer(async (request, response) => {
  const aborted = new AbortController();
  response.on("close", () => {
    if (!response.writableFinished) aborted.abort();
  });
  try {
    const body = await readBody(request);
    const answer = await mock.answer(request.method, request.url, request.rawHeaders, body, aborted.signal);
    const headers = [...answer.headers];
    const bodyless = request.method === "HEAD" || answer.status === 204 || answer.status === 304 || answer.status < 200;
    if (!answer.broken && !bodyless) headers.push("content-length", String(answer.body.length));
    response.writeHead(answer.status, headers);
    if (bodyless) {
      response.end();
    } else if (answer.broken) {
      response.write(answer.body);
      setTimeout(() => response.destroy(), DROP_AFTER_MS);
    } else {
      response.end(answer.body);
    }
  } catch (error) {
    if (aborted.signal.aborted) return; // the client went away during a fault's wait
    if (!response.headersSent) {
      response.writeHead(400, { "content-type": "application/json", "access-control-allow-origin": "*" });
    }
    response.end(JSON.stringify({ code: "BadRequest", message: String(error?.message ?? error) }));
  }
});

server.listen(cli.port, cli.host, () => {
  // The bound address, as the binary prints it (an IPv6 one in brackets).
  const { address, port } = server.address();
  const host = address.includes(":") ? `[${address}]` : address;
  process.stdout.write(`verifik-mock listening on http://${host}:${port}\n`);
});
server.on("error", (error) => {
  process.stderr.write(`verifik-face-mock: ${error.message}\n`);
  process.exit(1);
});
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections?.();
  });
}
