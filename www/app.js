// The demo page: a face-collection manager on the verifik-face package (web build), and
// a Recognise panel (search, verify, compare, liveness, photo check) over what is enrolled.
// Every photo goes up made small by `imageToBase64(image, RESIZE)`, its size shown before
// and after.
//
// Served by `cargo xtask demo`: this folder at `/`, the wasm-pack web build at `/pkg/`.
// `?api=<url>` sets the API base URL (the local verifik-mock by default). A link can
// carry any `?api=`, so only a loopback API is taken as it comes; for any other host the
// page asks first, because the token typed into it would be sent there.
import init, { Verifik, isVerifikError, imageToBase64 } from "/pkg/verifik_face.js";
import { explain, describe } from "./explain.js";
import { isLoopbackApi } from "./api-url.js";

const MAX_PHOTOS = 3;
const SAMPLES = ["ana.jpg", "ben.jpg", "chen.jpg", "dara.png"];
/** The sample faces of the recognition forms. */
const RECOGNISE_SAMPLES = [...SAMPLES, "ana-2.jpg", "ben-print.jpg", "group.jpg"];
const LOCAL_API = "http://127.0.0.1:8787";
const params = new URLSearchParams(location.search);
const defaults = { baseUrl: params.get("api") ?? LOCAL_API, token: "demo-token" };

const $ = (id) => document.getElementById(id);

/** Page state: the client, what the lists hold, and the person form. */
const state = {
  client: null,
  collections: [],
  persons: [],
  /** Photos chosen in the person form: `{ base64, url, label }`. */
  photos: [],
  /** The person being edited, or null when the form creates. */
  editing: null,
  /** The AbortController of the request in flight, or null. */
  running: null,
};

// ---------------------------------------------------------------- status and progress

function show(message, tone = "info") {
  $("status").textContent = message;
  $("status").className = tone;
}

/**
 * Runs `work(options)` with progress shown, every button but Cancel disabled, and the
 * Cancel button wired to an AbortController whose signal is in `options`.
 * Failures become one readable sentence; `subject` names what a NotFound is about.
 */
async function busy(label, work, { subject } = {}) {
  if (state.running) return false;
  const controller = new AbortController();
  state.running = controller;
  document.body.classList.add("busy");
  const disabled = [...document.querySelectorAll("button, input, select, textarea")].filter(
    (el) => el.id !== "cancel" && !el.disabled,
  );
  disabled.forEach((el) => (el.disabled = true));
  $("activity-label").textContent = `${label}…`;
  $("activity").hidden = false;
  show("");
  let ok = false;
  try {
    await work({ signal: controller.signal });
    ok = true;
  } catch (error) {
    const aborted = isVerifikError(error) ? error.kind === "Aborted" : error?.name === "AbortError";
    if (aborted) {
      show(`Cancelled: ${label.charAt(0).toLowerCase()}${label.slice(1)}.`, "warn");
    } else {
      show(explain(error, { subject, baseUrl: state.client?.baseUrl }, isVerifikError), "error");
      if (isVerifikError(error) && error.kind === "NotFound") refreshQuietly();
    }
  } finally {
    state.running = null;
    $("activity").hidden = true;
    disabled.forEach((el) => (el.disabled = false));
    document.body.classList.remove("busy");
  }
  return ok;
}

/** Reloads both lists after a NotFound, keeping the error message on screen. */
function refreshQuietly() {
  setTimeout(() => {
    if (state.running || !state.client) return;
    const message = $("status").textContent;
    const tone = $("status").className;
    busy("Refreshing", refresh).then((ok) => ok && show(message, tone));
  }, 0);
}

$("cancel").addEventListener("click", () => state.running?.abort());

/**
 * A `<dialog>` confirmation; resolves to true when the person confirms. The answer is
 * given inside the click handler itself, so the action starts (and shows progress)
 * before anything else can look at the page.
 */
function confirmAction(message, action = "Delete") {
  const dialog = $("confirm");
  $("confirm-message").textContent = message;
  $("confirm-yes").textContent = action;
  dialog.showModal();
  $("confirm-no").focus();
  return new Promise((resolve) => {
    const listeners = [
      [$("confirm-yes"), "click", () => finish(true)],
      [$("confirm-no"), "click", () => finish(false)],
      [dialog, "close", () => finish(false)], // Escape
    ];
    function finish(answer) {
      listeners.forEach(([target, type, listener]) => target.removeEventListener(type, listener));
      if (dialog.open) dialog.close();
      resolve(answer);
    }
    listeners.forEach(([target, type, listener]) => target.addEventListener(type, listener));
  });
}

// ---------------------------------------------------------------- small DOM helpers

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null) continue;
    if (key === "dataset") Object.assign(node.dataset, value);
    else if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key.includes("-")) node.setAttribute(key, value);
    else node[key] = value;
  }
  node.append(...children.filter((child) => child !== null && child !== undefined && child !== false));
  return node;
}

function date(value) {
  if (!value) return "";
  const parsed = new Date(value);
  return Number.isNaN(parsed.getTime())
    ? String(value)
    : parsed.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

/** The MIME type of raw base64 image data, from its first characters. */
function mimeOf(base64) {
  if (base64.startsWith("/9j/")) return "image/jpeg";
  if (base64.startsWith("iVBOR")) return "image/png";
  if (base64.startsWith("R0lG")) return "image/gif";
  if (base64.startsWith("UklG")) return "image/webp";
  return "image/jpeg";
}

const dataUrl = (base64) => `data:${mimeOf(base64)};base64,${base64}`;

/** A collection reference inside a person (a code, an `_id` or a summary) → its collection. */
function collectionOf(ref) {
  const key = typeof ref === "string" ? ref : ref?.code ?? ref?._id;
  return state.collections.find((c) => c.code === key || c._id === key) ?? null;
}

const refKey = (ref) => (typeof ref === "string" ? ref : ref?.code ?? ref?._id ?? "");

function collectionName(ref) {
  return collectionOf(ref)?.name ?? refKey(ref);
}

// ---------------------------------------------------------------- loading

async function refresh(options) {
  const [collections, persons] = await Promise.all([
    state.client.collections.list(options),
    state.client.persons.list(personsQuery(), options),
  ]);
  state.collections = collections.data;
  state.persons = persons.data;
  renderCollections();
  renderPersons(persons.pagination?.total);
  renderCollectionChoices();
  renderRecogniseChoices();
  show(
    `${plural(state.collections.length, "collection")}, ${plural(persons.pagination?.total ?? state.persons.length, "person")}${
      $("persons-filter").value ? " in this collection" : ""
    }.`,
  );
}

function personsQuery() {
  const collection = $("persons-filter").value;
  return collection ? { limit: 100, collection } : { limit: 100 };
}

const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;

// ---------------------------------------------------------------- collections

function renderCollections() {
  const rows = state.collections.map((collection) => {
    const members = state.persons.filter((p) => (p.collections ?? []).some((r) => refKey(r) === collection.code)).length;
    return el(
      "tr",
      { dataset: { id: collection._id, code: collection.code } },
      el("td", { class: "name", dataset: { label: "Name" } }, collection.name),
      el("td", { dataset: { label: "Description" } }, collection.description || null),
      el("td", { dataset: { label: "_id" } }, el("code", {}, collection._id)),
      el("td", { dataset: { label: "code" } }, el("code", {}, collection.code)),
      el("td", { class: "count", dataset: { label: "Persons" } }, $("persons-filter").value ? null : String(members)),
      el("td", { dataset: { label: "Created" } }, date(collection.createdAt) || null),
      el("td", { dataset: { label: "Updated" } }, date(collection.updatedAt) || null),
      el(
        "td",
        { class: "actions" },
        el("button", { type: "button", class: "danger small", textContent: "Delete", onclick: () => deleteCollection(collection) }),
      ),
    );
  });
  $("collections").replaceChildren(...rows);
  $("collections-empty").hidden = rows.length > 0;

  const filter = $("persons-filter");
  const chosen = filter.value;
  filter.replaceChildren(
    el("option", { value: "" }, "everyone"),
    ...state.collections.map((c) => el("option", { value: c.code }, `in ${c.name}`)),
  );
  filter.value = state.collections.some((c) => c.code === chosen) ? chosen : "";
}

async function deleteCollection(collection) {
  const sure = await confirmAction(
    `Delete the collection “${collection.name}”? Its persons stay, but leave this collection. This cannot be undone.`,
  );
  if (!sure) return;
  await busy(
    `Deleting “${collection.name}”`,
    async (options) => {
      await state.client.collections.delete(collection._id, options);
      await refresh(options);
      show(`Deleted the collection “${collection.name}”.`, "ok");
    },
    { subject: "That collection" },
  );
}

$("create-collection").addEventListener("submit", (event) => {
  event.preventDefault();
  const name = $("collection-name").value.trim();
  const description = $("collection-description").value.trim();
  busy("Creating the collection", async (options) => {
    const { data } = await state.client.collections.create({ name, ...(description ? { description } : {}) }, options);
    $("create-collection").reset();
    await refresh(options);
    show(`Created the collection “${data.name}” (code ${data.code}).`, "ok");
  });
});

// ---------------------------------------------------------------- persons: cards

function renderPersons(total) {
  const cards = state.persons.map(personCard);
  $("persons").replaceChildren(...cards);
  $("persons-empty").hidden = cards.length > 0;
  $("persons-total").textContent =
    total !== undefined && total > cards.length ? `Showing ${cards.length} of ${total}.` : "";
}

function personCard(person) {
  const thumbs = (person.thumbnails ?? []).filter((t) => typeof t?.thumbnail === "string" && t.thumbnail);
  const refs = person.collections ?? [];
  const facts = [
    ["Gender", person.gender === "F" ? "Female" : person.gender === "M" ? "Male" : person.gender],
    ["Born", person.date_of_birth],
    ["Nationality", person.nationality],
    ["Notes", person.notes],
  ].filter(([, value]) => value);

  const detach = refs.length
    ? el(
        "div",
        { class: "detach" },
        el("button", {
          type: "button",
          class: "secondary small detach-button",
          textContent: "Remove from",
          onclick: (event) => {
            const select = event.currentTarget.parentElement.querySelector("select");
            detachPerson(person, select.value);
          },
        }),
        el(
          "select",
          { class: "detach-from", "aria-label": `Collection to remove ${person.name} from` },
          ...refs.map((ref) => el("option", { value: refKey(ref) }, collectionName(ref))),
        ),
      )
    : null;

  return el(
    "article",
    {
      class: state.editing?._id === person._id ? "person editing" : "person",
      id: `person-${person._id}`,
      tabIndex: -1,
      "aria-label": person.name,
      dataset: { id: person._id },
    },
    el(
      "div",
      { class: "thumbs" },
      ...(thumbs.length
        ? thumbs.map((t, i) => el("img", { src: dataUrl(t.thumbnail), alt: `${person.name}, face ${i + 1}` }))
        : [el("div", { class: "no-photo" }, "no photo")]),
    ),
    el("h3", { class: "person-name" }, person.name),
    el(
      "dl",
      {},
      ...facts.flatMap(([label, value]) => [el("dt", {}, label), el("dd", { dataset: { field: label.toLowerCase() } }, value)]),
      el("dt", {}, "Collections"),
      el(
        "dd",
        { class: "chips", dataset: { field: "collections" } },
        ...(refs.length ? refs.map((ref) => el("span", { class: "chip" }, collectionName(ref))) : [el("span", { class: "note" }, "none")]),
      ),
      el("dt", {}, "_id"),
      el("dd", {}, el("code", {}, person._id)),
      el("dt", {}, "Updated"),
      el("dd", {}, date(person.updatedAt ?? person.createdAt)),
    ),
    el(
      "div",
      { class: "card-actions" },
      el("button", { type: "button", class: "secondary small edit-button", textContent: "Edit", onclick: () => startEditing(person) }),
      el("button", { type: "button", class: "danger small delete-button", textContent: "Delete", onclick: () => deletePerson(person) }),
      detach,
    ),
  );
}

async function deletePerson(person) {
  if (!(await confirmAction(`Delete ${person.name} entirely, from every collection? This cannot be undone.`))) return;
  await busy(
    `Deleting ${person.name}`,
    async (options) => {
      await state.client.persons.delete(person._id, null, options);
      if (state.editing?._id === person._id) stopEditing();
      await refresh(options);
      show(`Deleted ${person.name}.`, "ok");
    },
    { subject: "That person" },
  );
}

async function detachPerson(person, collection) {
  const name = collectionName(collection);
  const last = (person.collections ?? []).length <= 1;
  const message = last
    ? `“${name}” is the last collection of ${person.name}: removing it deletes ${person.name} entirely. Continue?`
    : `Remove ${person.name} from “${name}”? They stay in their other collections.`;
  if (!(await confirmAction(message, last ? "Delete" : "Remove"))) return;
  await busy(
    `Removing ${person.name} from “${name}”`,
    async (options) => {
      await state.client.persons.delete(person._id, { collection }, options);
      if (last && state.editing?._id === person._id) stopEditing();
      await refresh(options);
      show(last ? `Deleted ${person.name} (it was their last collection).` : `Removed ${person.name} from “${name}”.`, "ok");
    },
    { subject: "That person or collection" },
  );
}

$("persons-filter").addEventListener("change", () => busy("Loading persons", refresh));

// ---------------------------------------------------------------- persons: the form

function renderCollectionChoices() {
  const fieldset = $("person-collections");
  const checked = new Set(
    [...fieldset.querySelectorAll("input:checked")].map((input) => input.value),
  );
  const boxes = state.collections.map((c) =>
    el(
      "label",
      { class: "choice" },
      el("input", { type: "checkbox", value: c.code, checked: checked.has(c.code), name: "collections" }),
      c.name,
    ),
  );
  fieldset.querySelectorAll("label.choice").forEach((label) => label.remove());
  fieldset.append(...boxes);
  $("person-collections-empty").hidden = boxes.length > 0;
}

function renderPhotos() {
  const items = state.photos.map((photo, index) =>
    el(
      "li",
      {},
      el("img", { src: photo.url, alt: `Photo ${index + 1}: ${photo.label}` }),
      sizeNote(photo, "span"),
      el("button", {
        type: "button",
        class: "remove-photo",
        title: `Remove photo ${index + 1}`,
        "aria-label": `Remove photo ${index + 1}`,
        textContent: "×",
        onclick: () => {
          state.photos.splice(index, 1);
          renderPhotos();
        },
      }),
    ),
  );
  if (state.editing && items.length === 0) {
    const current = (state.editing.thumbnails ?? []).filter((t) => typeof t?.thumbnail === "string" && t.thumbnail);
    items.push(
      ...current.map((t, index) =>
        el("li", { class: "current" }, el("img", { src: dataUrl(t.thumbnail), alt: `Current photo ${index + 1}` })),
      ),
    );
  }
  $("photo-previews").replaceChildren(...items);
  $("photo-hint").textContent = state.editing
    ? state.photos.length
      ? `(${state.photos.length} new: they replace the current photos)`
      : "(none chosen: the current photos stay)"
    : `(${state.photos.length} chosen; 1 to ${MAX_PHOTOS} faces)`;
}

/** Adds one image (File, Blob) to the form through the SDK's imageToBase64. */
async function addPhoto(image, label) {
  if (state.photos.length >= MAX_PHOTOS) {
    show(`A person has at most ${MAX_PHOTOS} photos: remove one first.`, "error");
    return;
  }
  const prepared = await prepare(image);
  state.photos.push({ ...prepared, url: dataUrl(prepared.base64), label });
  renderPhotos();
}

$("photo-files").addEventListener("change", async (event) => {
  const input = event.currentTarget;
  const files = [...input.files];
  input.value = "";
  const room = MAX_PHOTOS - state.photos.length;
  await busy("Reading the photos", async () => {
    for (const file of files.slice(0, Math.max(room, 0))) await addPhoto(file, file.name);
  });
  if (files.length > room) show(`Only ${MAX_PHOTOS} photos fit: ${files.length - Math.max(room, 0)} left out.`, "warn");
});

/** A round button showing the sample face `sample`; `use(blob)` receives its file. */
function sampleButton(sample, name, use) {
  return el(
    "button",
    {
      type: "button",
      class: "sample",
      title: name,
      "aria-label": name,
      onclick: () =>
        busy("Reading the sample photo", async (options) => {
          const response = await fetch(`faces/${sample}`, options);
          if (!response.ok) throw new Error(`faces/${sample}: HTTP ${response.status}`);
          await use(await response.blob());
        }),
    },
    el("img", { src: `faces/${sample}`, alt: "" }),
  );
}

for (const sample of SAMPLES) {
  $("samples").append(sampleButton(sample, `Add the sample face ${sample}`, (blob) => addPhoto(blob, sample)));
}

// Camera (where the browser allows it): a live preview in a dialog, one frame per click.
let stream = null;
if (navigator.mediaDevices?.getUserMedia) $("camera-open").hidden = false;

/**
 * What a camera shot is for: `take(blob)` uses it, `done()` says when to close the
 * camera. The person form takes up to MAX_PHOTOS shots; a recognition photo one.
 */
let cameraTarget = null;

$("camera-open").addEventListener("click", () =>
  openCamera({ take: (blob) => addPhoto(blob, "camera"), done: () => state.photos.length >= MAX_PHOTOS }),
);

async function openCamera(target) {
  cameraTarget = target;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "user" }, audio: false });
  } catch (error) {
    show(`The camera could not be opened: ${describe(error)}`, "error");
    return;
  }
  $("camera-video").srcObject = stream;
  $("camera").showModal();
}

function closeCamera() {
  stream?.getTracks().forEach((track) => track.stop());
  stream = null;
  $("camera-video").srcObject = null;
  if ($("camera").open) $("camera").close();
}

$("camera-close").addEventListener("click", closeCamera);
$("camera").addEventListener("close", closeCamera);
$("camera-shoot").addEventListener("click", async () => {
  const video = $("camera-video");
  const canvas = el("canvas", { width: video.videoWidth || 640, height: video.videoHeight || 480 });
  canvas.getContext("2d").drawImage(video, 0, 0, canvas.width, canvas.height);
  const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", 0.85));
  if (!blob) {
    show("The camera gave no picture yet: try again.", "error");
    return;
  }
  const target = cameraTarget;
  try {
    await target.take(blob);
  } catch (error) {
    show(explain(error, {}, isVerifikError), "error");
  }
  if (target.done()) closeCamera();
});

/** Reads the form; `images` only when photos were chosen. */
function readForm() {
  return {
    name: $("person-name").value.trim(),
    gender: $("person-gender").value,
    date_of_birth: $("person-dob").value,
    nationality: $("person-nationality").value.trim(),
    notes: $("person-notes").value.trim(),
    collections: [...$("person-collections").querySelectorAll("input:checked")].map((input) => input.value),
    images: state.photos.map((photo) => photo.base64),
  };
}

/** Input for `persons.create`: required fields always, optional ones when filled. */
function createInput(form) {
  const input = { name: form.name, images: form.images };
  for (const key of ["gender", "date_of_birth", "nationality", "notes"]) if (form[key]) input[key] = form[key];
  if (form.collections.length) input.collections = form.collections;
  return input;
}

/** Input for `persons.update`: only what differs from `person`. */
function updateInput(form, person) {
  const input = {};
  if (form.name !== person.name) input.name = form.name; // a blank name is refused by the SDK, readably
  if (form.gender && form.gender !== (person.gender ?? "")) input.gender = form.gender;
  if (form.date_of_birth && form.date_of_birth !== (person.date_of_birth ?? "")) input.date_of_birth = form.date_of_birth;
  for (const key of ["nationality", "notes"]) if (form[key] !== (person[key] ?? "")) input[key] = form[key];
  const before = (person.collections ?? []).map(refKey).sort().join(",");
  if ([...form.collections].sort().join(",") !== before) input.collections = form.collections;
  if (form.images.length) input.images = form.images;
  return input;
}

$("person-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const form = readForm();
  const editing = state.editing;
  if (!editing) {
    busy(
      "Creating the person",
      async (options) => {
        const { data } = await state.client.persons.create(createInput(form), options);
        resetPersonForm();
        await refresh(options);
        show(`Created ${data.name} with ${plural(data.thumbnails?.length ?? form.images.length, "photo")}.`, "ok");
      },
      { subject: "A chosen collection" },
    );
    return;
  }
  const input = updateInput(form, editing);
  const fields = Object.keys(input);
  if (fields.length === 0) {
    show("Nothing changed: there is nothing to save.", "warn");
    return;
  }
  busy(
    `Saving ${editing.name}`,
    async (options) => {
      const { data } = await state.client.persons.update(editing._id, input, options);
      stopEditing();
      await refresh(options);
      show(`Saved ${data.name}: ${fields.join(", ")} updated.`, "ok");
    },
    { subject: "That person" },
  );
});

function startEditing(person) {
  state.editing = person;
  state.photos = [];
  $("person-name").value = person.name ?? "";
  $("person-gender").value = person.gender === "M" || person.gender === "F" ? person.gender : "";
  $("person-dob").value = person.date_of_birth ?? "";
  $("person-nationality").value = person.nationality ?? "";
  $("person-notes").value = person.notes ?? "";
  const codes = new Set((person.collections ?? []).map(refKey));
  $("person-collections").querySelectorAll("input").forEach((input) => (input.checked = codes.has(input.value)));
  $("person-form-title").textContent = `Edit ${person.name}`;
  $("person-submit").textContent = "Save changes";
  $("person-cancel-edit").hidden = false;
  document.body.classList.add("editing");
  document.querySelectorAll("article.person").forEach((card) => card.classList.toggle("editing", card.dataset.id === person._id));
  renderPhotos();
  $("person-form-title").closest("section").scrollIntoView({ behavior: "smooth", block: "start" });
  $("person-name").focus({ preventScroll: true });
  show(`Editing ${person.name}: change any fields, then save. Only the changed ones are sent.`);
}

function resetPersonForm() {
  $("person-form").reset();
  $("person-collections").querySelectorAll("input").forEach((input) => (input.checked = false));
  state.photos = [];
  renderPhotos();
}

function stopEditing() {
  state.editing = null;
  $("person-form-title").textContent = "New person";
  $("person-submit").textContent = "Create person";
  $("person-cancel-edit").hidden = true;
  document.body.classList.remove("editing");
  document.querySelectorAll("article.person.editing").forEach((card) => card.classList.remove("editing"));
  resetPersonForm();
}

$("person-cancel-edit").addEventListener("click", () => {
  stopEditing();
  show("Stopped editing; nothing was sent.");
});

// ---------------------------------------------------------------- photos made small

/** How every uploaded photo is made small: longest side 1,280 px, JPEG quality 0.9. */
const RESIZE = { maxSide: 1280, quality: 0.9, type: "image/jpeg" };

/** The byte length of raw base64 data. */
function base64Bytes(base64) {
  const padding = base64.endsWith("==") ? 2 : base64.endsWith("=") ? 1 : 0;
  return (base64.length * 3) / 4 - padding;
}

function byteSize(image) {
  if (image instanceof Blob) return image.size;
  if (image instanceof ArrayBuffer || ArrayBuffer.isView(image)) return image.byteLength;
  return null;
}

/**
 * An image as raw base64, made small through the SDK's `imageToBase64(image, resize)`:
 * `{ base64, before, after, resized }` (sizes in bytes; `after` is what is uploaded).
 * An SDK without the option, or a runtime that cannot resize (`InvalidInput` about
 * `resize`), gives the photo as it is.
 */
async function prepare(image) {
  let base64 = null;
  let resized = false;
  if (imageToBase64.length >= 2) {
    try {
      base64 = await imageToBase64(image, RESIZE);
      resized = true;
    } catch (error) {
      const refused = isVerifikError(error) && error.kind === "InvalidInput" && String(error.field ?? "").startsWith("resize");
      if (!refused) throw error;
    }
  }
  if (base64 === null) base64 = await imageToBase64(image);
  const after = base64Bytes(base64);
  return { base64, before: byteSize(image) ?? after, after, resized };
}

const bytes = (n) => `${n.toLocaleString("en-US")} bytes`;
const kib = (n) => (n < 1024 ? `${n} B` : `${(n / 1024).toFixed(1)} KiB`);

/** The before → after sizes of a prepared photo (exact bytes in data attributes). */
function sizeNote(photo, tag = "p", long = false) {
  return el(
    tag,
    {
      class: "size",
      title: `${bytes(photo.before)} chosen, ${bytes(photo.after)} uploaded${photo.resized ? "" : " (not resized)"}`,
      dataset: { before: String(photo.before), after: String(photo.after) },
    },
    long ? `${bytes(photo.before)} → ${bytes(photo.after)}` : `${kib(photo.before)} → ${kib(photo.after)}`,
  );
}

// ---------------------------------------------------------------- recognise: photo slots

/** The recognition photos, by slot name: `{ base64, url, label, before, after, resized }`. */
const slots = {};

function setupSlot(fieldset) {
  const name = fieldset.dataset.slot;
  const task = fieldset.dataset.task;
  const use = (label) => (image) =>
    prepare(image).then((prepared) => {
      slots[name] = { ...prepared, url: dataUrl(prepared.base64), label };
      renderSlot(fieldset);
      $(`${fieldset.closest("form").id.replace(/-form$/, "")}-result`).hidden = true;
    });
  const file = el("input", { type: "file", accept: "image/jpeg,image/png,image/gif,image/webp", "aria-label": `Choose a photo file for ${task}` });
  file.addEventListener("change", () => {
    const [chosen] = file.files;
    file.value = "";
    if (chosen) busy("Reading the photo", () => use(chosen.name)(chosen));
  });
  const camera = navigator.mediaDevices?.getUserMedia
    ? el("button", {
        type: "button",
        class: "secondary camera-button",
        textContent: "Use camera",
        "aria-label": `Use the camera for ${task}`,
        onclick: () => openCamera({ take: use("camera"), done: () => true }),
      })
    : null;
  fieldset.append(
    el(
      "div",
      { class: "photo-picks" },
      el("label", { class: "file-button" }, "Choose a file…", file),
      camera,
      el("span", { class: "note" }, "or a sample:"),
      el("span", { class: "samples" }, ...RECOGNISE_SAMPLES.map((sample) => sampleButton(sample, `Use the sample face ${sample} for ${task}`, use(sample)))),
    ),
    el("div", { class: "slot-photo", hidden: true }),
  );
}

function renderSlot(fieldset) {
  const photo = slots[fieldset.dataset.slot];
  const box = fieldset.querySelector(".slot-photo");
  box.hidden = !photo;
  if (!photo) return box.replaceChildren();
  const img = el("img", { src: photo.url, alt: `Chosen photo: ${photo.label}` });
  const facts = el("span", { class: "note" }, photo.label);
  img.addEventListener("load", () => facts.append(` · ${img.naturalWidth}×${img.naturalHeight} px`), { once: true });
  box.replaceChildren(img, el("div", { class: "slot-facts" }, facts, sizeNote(photo, "span", true)));
}

document.querySelectorAll("fieldset.slot").forEach(setupSlot);

/** The photo of slot `name`, or null (and a hint) when none is chosen yet. */
function photoIn(name, what = "a photo") {
  const photo = slots[name];
  if (!photo) show(`Choose ${what} first: a file, the camera or a sample.`, "warn");
  return photo ?? null;
}

// ---------------------------------------------------------------- recognise: results

function renderRecogniseChoices() {
  const search = $("search-collection");
  const collection = search.value;
  search.replaceChildren(
    el("option", { value: "" }, "all collections"),
    ...state.collections.map((c) => el("option", { value: c.code }, c.name)),
  );
  search.value = state.collections.some((c) => c.code === collection) ? collection : "";

  const verify = $("verify-person");
  const person = verify.value;
  verify.replaceChildren(
    el("option", { value: "" }, state.persons.length ? "— choose —" : "— nobody enrolled —"),
    ...state.persons.map((p) => el("option", { value: p._id }, p.name)),
  );
  verify.value = state.persons.some((p) => p._id === person) ? person : "";
}

function clearResults() {
  document.querySelectorAll(".result").forEach((box) => {
    box.hidden = true;
    box.replaceChildren();
  });
}

/** Verifik's request id, the one to quote to support (or that none was sent). */
function requestIdLine(id) {
  return el(
    "p",
    { class: "request-id", dataset: { requestId: id ?? "" } },
    "Request id ",
    id ? el("code", {}, id) : el("span", { class: "note" }, "(none sent)"),
  );
}

/** Fills a result box; `tone` is `pass`, `fail` or `info`. */
function result(name, tone, ...children) {
  const box = $(`${name}-result`);
  box.className = `result ${tone}`;
  box.replaceChildren(...children.filter((child) => child !== null && child !== undefined));
  box.hidden = false;
  return box;
}

const number = (x) => (typeof x === "number" && Number.isFinite(x) ? String(Math.round(x * 10_000) / 10_000) : "—");

/** A score bar from 0 to 1 with the threshold marked (decorative: the numbers say it). */
function scoreBar(score, threshold) {
  const pct = (x) => `${Math.max(0, Math.min(1, x)) * 100}%`;
  return el(
    "span",
    { class: "bar", "aria-hidden": "true" },
    el("span", { class: "fill", style: `width: ${pct(score ?? 0)}` }),
    typeof threshold === "number" ? el("span", { class: "mark", style: `left: ${pct(threshold)}` }) : null,
  );
}

function verdict(passed, text) {
  return el("p", { class: `verdict ${passed ? "pass" : "fail"}` }, el("span", { "aria-hidden": "true" }, passed ? "✔ " : "✘ "), text);
}

function figures(rows) {
  return el("dl", { class: "figures" }, ...rows.flatMap(([label, value, key]) => [el("dt", {}, label), el("dd", { dataset: { field: key } }, value)]));
}

/**
 * Runs a recognition request through `busy`; a failure also fills the task's result
 * box with the sentence and the request id.
 */
function task(name, label, work, context = {}) {
  return busy(
    label,
    async (options) => {
      try {
        await work(options);
      } catch (error) {
        const aborted = isVerifikError(error) ? error.kind === "Aborted" : error?.name === "AbortError";
        if (!aborted) {
          result(
            name,
            "fail error",
            el("p", { class: "verdict fail" }, explain(error, { ...context, baseUrl: state.client?.baseUrl }, isVerifikError)),
            requestIdLine(isVerifikError(error) ? error.requestId : null),
          );
        }
        throw error;
      }
    },
    context,
  );
}

const scoreInput = (id) => Number($(id).value === "" ? NaN : $(id).value);

/** Scrolls to a person's card in the Persons panel and highlights it. */
async function showPerson(id) {
  let card = document.getElementById(`person-${id}`);
  if (!card && $("persons-filter").value) {
    $("persons-filter").value = "";
    await busy("Loading persons", refresh);
    card = document.getElementById(`person-${id}`);
  }
  if (!card) {
    show("That person is not in the Persons list any more: press Refresh.", "warn");
    return;
  }
  document.querySelectorAll("article.person.highlight").forEach((c) => c.classList.remove("highlight"));
  card.classList.add("highlight");
  card.scrollIntoView({ behavior: "smooth", block: "center" });
  card.focus({ preventScroll: true });
}

const matchCount = (n) => (n === 1 ? "1 match" : `${n} matches`);
const personName = (id) => state.persons.find((p) => p._id === id)?.name;

$("search-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const photo = photoIn("search");
  if (!photo) return;
  const input = { images: [photo.base64], min_score: scoreInput("search-min-score"), search_mode: $("search-mode").value };
  if ($("search-collection").value) input.collection_id = $("search-collection").value;
  const where = $("search-collection").value ? `in “${$("search-collection").selectedOptions[0].textContent}”` : "in all collections";
  task("search", "Searching", async (options) => {
    const found = await state.client.biometrics.search(input, options);
    const matches = found.persons.map((match) =>
      el(
        "li",
        { class: "match", dataset: { id: match.id, score: String(match.score) } },
        el(
          "a",
          {
            href: `#person-${match.id}`,
            class: "match-name",
            onclick: (event) => {
              event.preventDefault();
              showPerson(match.id);
            },
          },
          match.name ?? personName(match.id) ?? match.id,
        ),
        scoreBar(match.score, input.min_score),
        el("span", { class: "score" }, number(match.score)),
      ),
    );
    result(
      "search",
      matches.length ? "pass" : "info",
      el(
        "p",
        { class: "summary" },
        matches.length
          ? `${matchCount(matches.length)} ${where} at or above ${input.min_score}, best first:`
          : `Nobody ${where} scores ${input.min_score} or more against this photo.`,
      ),
      matches.length ? el("ol", { class: "matches", "aria-label": "Matches, best first" }, ...matches) : null,
      requestIdLine(found.id),
    );
    show(matches.length ? `Search done: ${matchCount(matches.length)}.` : "Search done: no match.", "ok");
  });
});

/**
 * Shows a verdict against a threshold in the `name` task's result box: the verdict (and
 * why, on failure), the score as a bar with the threshold marked (when there is a score),
 * the score and threshold as figures, and the request id.
 */
function judged(name, { passed, said, why = null, score, scoreText, scoreLabel = "Score", threshold, thresholdText, requestId }) {
  result(
    name,
    passed ? "pass" : "fail",
    verdict(passed, said),
    why === null ? null : el("p", { class: "explain" }, why),
    score === null ? null : scoreBar(score, threshold),
    figures([
      [scoreLabel, scoreText ?? number(score), "score"],
      ["Threshold", thresholdText ?? number(threshold), "threshold"],
    ]),
    requestIdLine(requestId),
  );
}

$("verify-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const id = $("verify-person").value;
  if (!id) {
    show("Choose the enrolled person to verify against.", "warn");
    return;
  }
  const photo = photoIn("verify");
  if (!photo) return;
  const name = personName(id) ?? id;
  const input = { id, images: [photo.base64], min_score: scoreInput("verify-min-score"), search_mode: $("verify-mode").value };
  task(
    "verify",
    `Verifying against ${name}`,
    async (options) => {
      const { match, id: requestId } = await state.client.biometrics.verify(input, options);
      const passed = match !== null;
      judged("verify", {
        passed,
        said: passed ? `Same person: this is ${name}.` : `Not the same person: this is not ${name}.`,
        score: passed ? match.score : null,
        scoreText: passed ? number(match.score) : `below ${input.min_score} (Verifik sends no score without a match)`,
        threshold: input.min_score,
        requestId,
      });
      show(`Verification done: ${passed ? "a match" : "no match"}.`, "ok");
    },
    { subject: "That person" },
  );
});

$("compare-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const first = photoIn("compare-a", "the first photo");
  const second = first && photoIn("compare-b", "the second photo");
  if (!second) return;
  const input = { probe: [first.base64], gallery: [second.base64], compare_min_score: scoreInput("compare-min-score") };
  task("compare", "Comparing the photos", async (options) => {
    const compared = await state.client.biometrics.compare(input, options);
    const threshold = compared.compare_min_score ?? input.compare_min_score;
    const passed = compared.passed ?? compared.score >= threshold;
    judged("compare", {
      passed,
      said: passed ? "Same person in both photos." : "Different people.",
      score: compared.score,
      threshold,
      requestId: compared.id,
    });
    show(`Comparison done: ${passed ? "same person" : "different people"}.`, "ok");
  });
});

$("liveness-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const photo = photoIn("liveness");
  if (!photo) return;
  const input = { image: photo.base64, os: $("liveness-os").value, liveness_min_score: scoreInput("liveness-min-score") };
  task("liveness", "Checking liveness", async (options) => {
    const live = await state.client.biometrics.liveness(input, options);
    const threshold = live.min_score ?? input.liveness_min_score;
    const passed = live.passed ?? live.liveness_score >= threshold;
    judged("liveness", {
      passed,
      said: passed ? "Live: a real face in front of the camera." : "Not live.",
      why: passed ? null : explain({ kind: "LivenessFailed", livenessScore: live.liveness_score }, {}, () => true),
      score: live.liveness_score,
      scoreLabel: "Liveness score",
      threshold,
      thresholdText: `${number(threshold)} (passes at or above it)`,
      requestId: live.id,
    });
    show(`Liveness check done: ${passed ? "live" : "not live"}.`, passed ? "ok" : "warn");
  });
});

$("validate-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const photo = photoIn("validate");
  if (!photo) return;
  task("validate", "Checking the photo", async (options) => {
    let checked;
    try {
      checked = await state.client.biometrics.validateFace({ image: photo.base64 }, options);
    } catch (error) {
      // Verifik answers a photo of several faces with an error (a 500 that says so): for
      // this check that is a verdict, not a failure.
      const said = isVerifikError(error) ? String(error.body?.message ?? error.message ?? "") : "";
      if (!/more than one face/i.test(said)) throw error;
      result(
        "validate",
        "fail",
        verdict(false, "Not usable: more than one face."),
        el("p", { class: "explain" }, explain({ kind: "FaceRejected", code: "ERR_MULTIPLE_FACES_DETECTED" }, {}, () => true)),
        figures([
          ["Faces", "more than one", "faces"],
          ["Verifik says", said, "message"],
        ]),
        requestIdLine(error.requestId),
      );
      show("Photo check done: more than one face.", "warn");
      return;
    }
    const img = el("img", { src: photo.url, alt: `The checked photo: ${photo.label}` });
    await img.decode().catch(() => {});
    const box = checked.faceBox;
    const frame = el("div", { class: "photo-frame" }, img);
    if (box && img.naturalWidth && img.naturalHeight) {
      const pct = (value, whole) => `${(value / whole) * 100}%`;
      frame.append(
        el("span", {
          class: "face-box",
          role: "img",
          "aria-label": `Face at ${Math.round(box.x)}, ${Math.round(box.y)}, ${Math.round(box.width)}×${Math.round(box.height)} px`,
          style: `left: ${pct(box.x, img.naturalWidth)}; top: ${pct(box.y, img.naturalHeight)}; width: ${pct(box.width, img.naturalWidth)}; height: ${pct(box.height, img.naturalHeight)}`,
        }),
      );
    }
    const count = checked.faceCount;
    result(
      "validate",
      checked.success ? "pass" : "fail",
      verdict(checked.success, checked.success ? "Usable: one clear face." : `Not usable${checked.message ? `: ${checked.message}` : "."}`),
      el(
        "div",
        { class: "checked" },
        frame,
        figures([
          ["Faces", typeof count === "number" ? String(count) : "not sent", "faces"],
          ["Face covers", typeof checked.facePercentage === "number" ? `${number(checked.facePercentage)}% of the photo` : "—", "percentage"],
          ["Face box", box ? `${Math.round(box.x)}, ${Math.round(box.y)}, ${Math.round(box.width)}×${Math.round(box.height)} px` : "none", "box"],
          ["Verifik says", checked.message ?? "—", "message"],
        ]),
      ),
      requestIdLine(checked.id),
    );
    show(`Photo check done: ${typeof count === "number" ? plural(count, "face") : checked.success ? "usable" : "not usable"}.`, "ok");
  });
});

// ---------------------------------------------------------------- connection

function connect(options) {
  const client = new Verifik({ token: $("token").value.trim(), baseUrl: $("base-url").value.trim() });
  state.client?.free();
  state.client = client;
  if (state.editing) stopEditing();
  // Nothing of the previous connection stays on screen if this one fails.
  state.collections = [];
  state.persons = [];
  renderCollections();
  renderPersons();
  renderCollectionChoices();
  renderRecogniseChoices();
  clearResults();
  return refresh(options);
}

$("connection").addEventListener("submit", (event) => {
  event.preventDefault();
  busy("Connecting", connect);
});
$("refresh").addEventListener("click", () => busy("Loading", refresh));

await init();
$("token").value = defaults.token;
renderPhotos();
if (isLoopbackApi(defaults.baseUrl)) {
  $("base-url").value = defaults.baseUrl;
  document.body.dataset.ready = "true";
  busy("Connecting", connect);
} else {
  // A link pointed the page elsewhere: nothing is sent until the person agrees.
  $("base-url").value = LOCAL_API;
  document.body.dataset.ready = "true";
  const elsewhere = defaults.baseUrl;
  const agreed = await confirmAction(
    `This link points the demo at ${elsewhere}, which is not this machine. The token in the Connection ` +
      "form would be sent there. Connect to it?",
    "Connect",
  );
  if (agreed) $("base-url").value = elsewhere;
  else show(`Not connected to ${elsewhere}. Check the base URL, then press Connect.`, "warn");
  if (agreed) busy("Connecting", connect);
}
