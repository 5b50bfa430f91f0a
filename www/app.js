// The demo page: lists, creates and deletes collections with the verifik-face package.
import init, { Verifik, isVerifikError } from "/pkg/verifik_face.js";

const params = new URLSearchParams(location.search);
const defaults = { baseUrl: params.get("api") ?? "http://127.0.0.1:8787", token: "demo-token" };
const $ = (id) => document.getElementById(id);

let client = null;

/** A readable sentence for each kind of failure. */
function explain(error) {
  if (!isVerifikError(error)) return `Unexpected error: ${error}`;
  switch (error.kind) {
    case "InvalidInput": return `Please check “${error.field}”: ${error.message}`;
    case "Unauthorized": case "Forbidden": return "The token was refused. Check it and connect again.";
    case "TokenExpired": return "The token has expired. Get a fresh one.";
    case "NotFound": return "That collection no longer exists.";
    case "Network": return "The API could not be reached. Is verifik-mock running?";
    case "Timeout": return "The API took too long to answer.";
    default: return error.message;
  }
}

function show(message, isError = false) {
  $("status").textContent = message;
  $("status").className = isError ? "error" : "";
}

async function busy(label, work) {
  const buttons = document.querySelectorAll("button");
  buttons.forEach((b) => (b.disabled = true));
  show(`${label}…`);
  try {
    await work();
  } catch (error) {
    show(explain(error), true);
  } finally {
    buttons.forEach((b) => (b.disabled = false));
  }
}

function cell(text, asCode = false) {
  const td = document.createElement("td");
  if (asCode) {
    const code = document.createElement("code");
    code.textContent = text ?? "";
    td.append(code);
  } else {
    td.textContent = text ?? "";
  }
  return td;
}

async function refresh() {
  const { data } = await client.collections.list();
  const rows = data.map((collection) => {
    const tr = document.createElement("tr");
    tr.dataset.id = collection._id;
    const remove = document.createElement("button");
    remove.className = "danger";
    remove.textContent = "Delete";
    remove.addEventListener("click", () => {
      if (!confirm(`Delete the collection “${collection.name}”? This cannot be undone.`)) return;
      busy("Deleting", async () => {
        await client.collections.delete(collection._id);
        await refresh();
        show(`Deleted “${collection.name}”.`);
      });
    });
    const actions = document.createElement("td");
    actions.append(remove);
    tr.append(
      cell(collection.name),
      cell(collection.description),
      cell(collection._id, true),
      cell(collection.code, true),
      cell(collection.createdAt ? new Date(collection.createdAt).toLocaleString() : ""),
      actions,
    );
    return tr;
  });
  $("collections").replaceChildren(...rows);
  $("empty").hidden = rows.length > 0;
  show(`${rows.length} collection${rows.length === 1 ? "" : "s"}.`);
}

function connect() {
  client = new Verifik({ token: $("token").value, baseUrl: $("base-url").value });
  return refresh();
}

await init();
$("base-url").value = defaults.baseUrl;
$("token").value = defaults.token;

$("connection").addEventListener("submit", (event) => {
  event.preventDefault();
  busy("Connecting", connect);
});
$("create").addEventListener("submit", (event) => {
  event.preventDefault();
  busy("Creating", async () => {
    const description = $("description").value.trim();
    const { data } = await client.collections.create({
      name: $("name").value,
      ...(description ? { description } : {}),
    });
    $("create").reset();
    await refresh();
    show(`Created “${data.name}”.`);
  });
});
$("refresh").addEventListener("click", () => busy("Loading", refresh));
busy("Connecting", connect);
