// Browser end-to-end test of the demo page (www/), driving Debian's Chromium with
// playwright-core against a live verifik-mock. Run: `node --test e2e/` (see harness.mjs).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { explain } from "../www/explain.js";
import {
  FACES,
  SHOTS,
  LAPTOP,
  PHONE,
  REQUEST_ID,
  answerConfirm,
  api,
  base64Bytes,
  lastCall,
  recordCalls,
  connect,
  idle,
  launch,
  mockHasFaults,
  setFault,
  openPage,
  servers,
  status,
  uniqueToken,
} from "./harness.mjs";

let env;
let browser;

before(async () => {
  env = await servers();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  env?.stop();
});

const face = async (file) => (await readFile(path.join(FACES, file))).toString("base64");
const shot = (page, name, fullPage = true) => page.screenshot({ path: path.join(SHOTS, name), fullPage });

/** The cards' visible facts, once every image on the page has loaded. */
async function cards(page) {
  await page.waitForFunction(() => [...document.images].every((img) => img.complete));
  return page.$$eval("article.person", (articles) =>
    articles.map((a) => ({
      id: a.dataset.id,
      name: a.querySelector(".person-name").textContent,
      thumbs: [...a.querySelectorAll(".thumbs img")].map((img) => img.getAttribute("src")),
      loaded: [...a.querySelectorAll(".thumbs img")].every((img) => img.complete && img.naturalWidth > 0),
      chips: [...a.querySelectorAll(".chip")].map((c) => c.textContent),
      facts: Object.fromEntries([...a.querySelectorAll("dd[data-field]:not(.chips)")].map((dd) => [dd.dataset.field, dd.textContent])),
    })),
  );
}

async function collectionRows(page) {
  return page.$$eval("#collections tr", (rows) =>
    rows.map((r) => ({ id: r.dataset.id, code: r.dataset.code, text: r.textContent })),
  );
}

async function createCollection(page, name, description) {
  await page.fill("#collection-name", name);
  await page.fill("#collection-description", description);
  await page.click("#create-collection button[type=submit]");
  await idle(page);
  const { text, tone } = await status(page);
  assert.equal(tone, "ok", text);
  assert.match(text, new RegExp(`Created the collection “${name}”`));
}

/** The sizes shown under the person form's photo previews: `[{ before, after }]` in bytes. */
async function previewSizes(page) {
  return page.$$eval("#photo-previews .size", (notes) =>
    notes.map((note) => ({ before: Number(note.dataset.before), after: Number(note.dataset.after) })),
  );
}

/** No stack traces, no `[object Object]`, a sentence. */
function assertReadable(text) {
  assert.ok(text.length > 10, `too short: ${text}`);
  assert.doesNotMatch(text, /\[object |undefined|null|\n\s+at |Error:|VerifikError/, `not readable: ${text}`);
}

test("the whole flow: collections, a person with photos, update, detach, delete", async () => {
  const token = uniqueToken("flow");
  const { context, page, problems } = await openPage(browser, LAPTOP);
  const calls = recordCalls(page);
  try {
    await connect(page, env.siteUrl, env.mockUrl, token);
    assert.equal((await status(page)).text, "0 collections, 0 persons.");
    assert.equal(await page.inputValue("#base-url"), env.mockUrl);
    assert.match(await page.textContent(".note"), /never hard-code/);

    // Two collections (a person can only be detached from one while another remains).
    await createCollection(page, "Employees", "HQ staff");
    await createCollection(page, "Visitors", "Day passes");
    const mockCollections = (await api(env.mockUrl, token, "GET", "/collections")).body.data;
    assert.deepEqual(mockCollections.map((c) => [c.name, c.description]), [["Employees", "HQ staff"], ["Visitors", "Day passes"]]);
    const [employees, visitors] = mockCollections;
    const rows = await collectionRows(page);
    assert.deepEqual(rows.map((r) => r.id), [employees._id, visitors._id]);
    for (const [row, c] of rows.map((r, i) => [r, mockCollections[i]])) {
      assert.equal(row.code, c.code);
      assert.ok(row.text.includes(c._id) && row.text.includes(c.code) && row.text.includes(c.description), row.text);
    }

    // A person with two photos from disk, in both collections.
    await page.fill("#person-name", "Ana Example");
    await page.selectOption("#person-gender", "F");
    await page.fill("#person-dob", "1990-01-15");
    await page.fill("#person-nationality", "Colombian");
    await page.fill("#person-notes", "Front desk");
    await page.check(`#person-collections input[value="${employees.code}"]`);
    await page.check(`#person-collections input[value="${visitors.code}"]`);
    await page.setInputFiles("#photo-files", [path.join(FACES, "ana.jpg"), path.join(FACES, "dara.png")]);
    await idle(page);
    assert.equal(await page.locator("#photo-previews img").count(), 2);
    assert.equal(await page.textContent("#photo-hint"), "(2 chosen; 1 to 3 faces)");
    const sizes = await previewSizes(page);
    assert.deepEqual(
      sizes.map((size) => size.before),
      [(await readFile(path.join(FACES, "ana.jpg"))).length, (await readFile(path.join(FACES, "dara.png"))).length],
      "each photo shows its size before",
    );
    await page.click("#person-submit");
    await idle(page);
    let said = await status(page);
    assert.equal(said.tone, "ok", said.text);
    assert.equal(said.text, "Created Ana Example with 2 photos.");

    let persons = (await api(env.mockUrl, token, "GET", "/persons")).body.data;
    assert.equal(persons.length, 1);
    const [ana] = persons;
    assert.equal(ana.name, "Ana Example");
    assert.equal(ana.gender, "F");
    assert.match(ana.date_of_birth, /^1990-01-15/);
    assert.equal(ana.nationality, "Colombian");
    assert.equal(ana.notes, "Front desk");
    assert.deepEqual(ana.collections, [employees.code, visitors.code]);
    // What was uploaded: the photos as the page made them small, whose sizes it showed.
    let sent = (await lastCall(calls, "/persons")).body.images;
    assert.deepEqual(sent.map(base64Bytes), sizes.map((size) => size.after), "the size after is what was sent");
    assert.deepEqual(ana.thumbnails.map((t) => t.thumbnail), sent);

    let [card] = await cards(page);
    assert.equal(card.id, ana._id);
    assert.equal(card.name, "Ana Example");
    assert.deepEqual(card.chips, ["Employees", "Visitors"]);
    assert.deepEqual(card.facts, { gender: "Female", born: "1990-01-15", nationality: "Colombian", notes: "Front desk" });
    assert.equal(card.thumbs.length, 2);
    assert.ok(card.thumbs[0].startsWith("data:image/jpeg;base64,/9j/"), card.thumbs[0].slice(0, 40));
    assert.ok(card.thumbs[1].endsWith(`;base64,${sent[1]}`), card.thumbs[1].slice(0, 40));
    assert.ok(card.loaded, "the thumbnails decode as images");
    await shot(page, "laptop-person-created.png");

    // Update: a new name, notes, nationality and one sample photo replacing both.
    await page.click(`article.person[data-id="${ana._id}"] .edit-button`);
    assert.equal(await page.textContent("#person-form-title"), "Edit Ana Example");
    assert.equal(await page.inputValue("#person-dob"), "1990-01-15");
    await page.fill("#person-name", "Ana María Example");
    await page.fill("#person-notes", "VIP, front desk");
    await page.fill("#person-nationality", "CO");
    assert.equal(await page.textContent("#photo-hint"), "(none chosen: the current photos stay)");
    await page.click('button.sample[aria-label="Add the sample face chen.jpg"]');
    await idle(page);
    assert.equal(await page.textContent("#photo-hint"), "(1 new: they replace the current photos)");
    await shot(page, "laptop-person-editing.png");
    await page.click("#person-submit");
    await idle(page);
    said = await status(page);
    assert.equal(said.tone, "ok", said.text);
    assert.equal(said.text, "Saved Ana María Example: name, nationality, notes, images updated.");
    const updated = (await api(env.mockUrl, token, "GET", `/persons/${ana._id}`)).body.data;
    assert.equal(updated.name, "Ana María Example");
    assert.equal(updated.notes, "VIP, front desk");
    assert.equal(updated.nationality, "CO");
    assert.equal(updated.gender, "F", "fields not changed are kept");
    assert.deepEqual(updated.collections, [employees.code, visitors.code]);
    sent = (await lastCall(calls, `/persons/${ana._id}`, "PUT")).body.images;
    assert.equal(sent.length, 1);
    assert.deepEqual(updated.thumbnails.map((t) => t.thumbnail), sent);
    [card] = await cards(page);
    assert.equal(card.name, "Ana María Example");
    assert.equal(card.thumbs.length, 1);
    assert.equal(await page.textContent("#person-form-title"), "New person", "the form is back to creating");

    // Only the changed fields went out: the PUT was the only write since the create.
    const log = await (await fetch(`${env.mockUrl}/__mock/requests`, { headers: { Authorization: `Bearer ${token}` } })).json();
    assert.deepEqual(
      log.requests.filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.path}`),
      [
        "POST /v2/face-recognition/collections",
        "POST /v2/face-recognition/collections",
        "POST /v2/face-recognition/persons",
        `PUT /v2/face-recognition/persons/${ana._id}`,
      ],
    );

    // Detach from Visitors only.
    await page.selectOption(`article.person[data-id="${ana._id}"] select.detach-from`, visitors.code);
    await page.click(`article.person[data-id="${ana._id}"] .detach-button`);
    assert.match(await answerConfirm(page, "yes"), /Remove Ana María Example from “Visitors”\?/);
    await idle(page);
    said = await status(page);
    assert.equal(said.text, "Removed Ana María Example from “Visitors”.");
    assert.deepEqual((await api(env.mockUrl, token, "GET", `/persons/${ana._id}`)).body.data.collections, [employees.code]);
    [card] = await cards(page);
    assert.deepEqual(card.chips, ["Employees"]);
    const visitorsOnly = (await api(env.mockUrl, token, "GET", `/persons?collection=${visitors.code}`)).body;
    assert.equal(visitorsOnly.pagination.total, 0);

    // Delete: first decline, then confirm.
    await page.click(`article.person[data-id="${ana._id}"] .delete-button`);
    assert.match(await answerConfirm(page, "no"), /Delete Ana María Example entirely/);
    assert.equal((await api(env.mockUrl, token, "GET", `/persons/${ana._id}`)).status, 200, "declining keeps the person");
    await page.click(`article.person[data-id="${ana._id}"] .delete-button`);
    await answerConfirm(page, "yes");
    await idle(page);
    assert.equal((await status(page)).text, "Deleted Ana María Example.");
    assert.equal((await api(env.mockUrl, token, "GET", `/persons/${ana._id}`)).status, 404);
    persons = (await api(env.mockUrl, token, "GET", "/persons")).body.data;
    assert.deepEqual(persons, []);
    assert.equal(await page.locator("article.person").count(), 0);
    assert.equal(await page.isVisible("#persons-empty"), true);

    // Delete both collections, through the confirmation.
    for (const collection of [visitors, employees]) {
      await page.click(`#collections tr[data-id="${collection._id}"] button.danger`);
      assert.match(await answerConfirm(page, "yes"), new RegExp(`Delete the collection “${collection.name}”`));
      await idle(page);
      assert.equal((await status(page)).text, `Deleted the collection “${collection.name}”.`);
    }
    assert.deepEqual((await api(env.mockUrl, token, "GET", "/collections")).body.data, []);
    assert.equal(await page.locator("#collections tr").count(), 0);
    assert.equal(await page.isVisible("#collections-empty"), true);

    assert.deepEqual(problems, [], "no console errors or uncaught exceptions");
  } finally {
    await context.close();
  }
});

/** Creates two collections and two persons with photos through the mock's API. */
async function seed(token) {
  const employees = (await api(env.mockUrl, token, "POST", "/collections", { name: "Employees", description: "HQ staff" })).body.data;
  const visitors = (await api(env.mockUrl, token, "POST", "/collections", { name: "Visitors", description: "Day passes" })).body.data;
  const ana = (
    await api(env.mockUrl, token, "POST", "/persons", {
      name: "Ana Example",
      images: [await face("ana.jpg"), await face("dara.png")],
      gender: "F",
      date_of_birth: "1990-01-15",
      nationality: "CO",
      notes: "Front desk",
      collections: [employees.code, visitors.code],
    })
  ).body.data;
  const ben = (
    await api(env.mockUrl, token, "POST", "/persons", {
      name: "Ben Sample",
      images: [await face("ben.jpg")],
      gender: "M",
      collections: [employees.code],
    })
  ).body.data;
  return { employees, visitors, ana, ben };
}

/** Asserts the page fits its viewport's width: nothing scrolls sideways. */
async function assertNoSidewaysScroll(page) {
  const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: innerWidth }));
  assert.ok(scroll <= width, `the page is ${scroll}px wide in a ${width}px viewport`);
}

/** Asserts no control, photo or result of the Recognise panel sticks out of its task card. */
async function assertTasksContained(page) {
  const outside = await page.$$eval(".recognise .task", (tasks) =>
    tasks.flatMap((task) => {
      const box = task.getBoundingClientRect();
      return [...task.querySelectorAll("button, input, select, img, label, .result, fieldset")]
        .filter((el) => el.getClientRects().length > 0)
        .filter((el) => {
          const r = el.getBoundingClientRect();
          return r.left < box.left - 0.5 || r.right > box.right + 0.5;
        })
        .map((el) => `${task.querySelector("h3").textContent}: ${el.outerHTML.slice(0, 80)}`);
    }),
  );
  assert.deepEqual(outside, [], "everything stays inside its card");
}

test("laptop and phone layouts (screenshots)", async () => {
  const token = uniqueToken("layout");
  const { ana, ben } = await seed(token);
  for (const [name, viewport] of [["laptop", LAPTOP], ["phone", PHONE]]) {
    const { context, page, problems } = await openPage(browser, viewport);
    try {
      await connect(page, env.siteUrl, env.mockUrl, token);
      assert.equal((await status(page)).text, "2 collections, 2 persons.");
      const shown = await cards(page);
      assert.deepEqual(shown.map((c) => c.id), [ana._id, ben._id]);
      assert.deepEqual(shown.map((c) => c.thumbs.length), [2, 1]);
      assert.ok(shown.every((c) => c.loaded), "every thumbnail decodes");
      await assertNoSidewaysScroll(page);
      await shot(page, `${name}-overview.png`);
      if (name === "phone") {
        await shot(page, "phone-top.png", false);
        await page.click(`article.person[data-id="${ana._id}"] .edit-button`);
        await assertNoSidewaysScroll(page);
        assert.equal(await page.locator("#photo-previews li.current img").count(), 2, "the current photos are shown");
        await page.waitForTimeout(800); // the smooth scroll to the form
        await shot(page, "phone-edit-form.png", false);
      }
      assert.deepEqual(problems, [], "no console errors or uncaught exceptions");
    } finally {
      await context.close();
    }
  }
});

test("errors show as readable messages chosen by kind", async () => {
  const { context, page, problems } = await openPage(browser, LAPTOP);
  try {
    // An expired token (403 token_expired), then a forbidden one.
    await connect(page, env.siteUrl, env.mockUrl, `expired-${uniqueToken("x")}`);
    let said = await status(page);
    assert.equal(said.tone, "error");
    assert.equal(said.text, "The token has expired. Get a fresh one and connect again.");
    await shot(page, "laptop-error-expired-token.png", false);
    await connect(page, env.siteUrl, env.mockUrl, `forbidden-${uniqueToken("x")}`);
    said = await status(page);
    assert.equal(said.tone, "error");
    assert.match(said.text, /not allowed/);

    // A malformed token never leaves the browser: InvalidInput names the field.
    await connect(page, env.siteUrl, env.mockUrl, "not a token");
    said = await status(page);
    assert.equal(said.tone, "error");
    assertReadable(said.text);

    assert.match(said.text, /^Please check Token: /);
    await page.fill("#token", uniqueToken("x"));
    await page.fill("#base-url", "not a url");
    await page.click("#connection button[type=submit]");
    await idle(page);
    said = await status(page);
    assert.equal(said.tone, "error");
    assert.match(said.text, /^Please check Base URL: /);
    assertReadable(said.text);

    // Nothing listens on this port: Network.
    await page.fill("#base-url", "http://127.0.0.1:9");
    await page.fill("#token", uniqueToken("net"));
    await page.click("#connection button[type=submit]");
    await idle(page);
    said = await status(page);
    assert.match(said.text, /^The API could not be reached at http:\/\/127\.0\.0\.1:9/);

    // A good token, then errors on persons.
    const token = uniqueToken("errors");
    const { ben } = await seed(token);
    await connect(page, env.siteUrl, env.mockUrl, token);
    assert.equal((await status(page)).tone, "info");

    // No photo, then no name: refused before anything is sent (InvalidInput).
    const before = (await (await fetch(`${env.mockUrl}/__mock/requests`, { headers: { Authorization: `Bearer ${token}` } })).json()).count;
    await page.fill("#person-name", "Nobody Yet");
    await page.click("#person-submit");
    await idle(page);
    said = await status(page);
    assert.equal(said.tone, "error");
    assert.match(said.text, /^Please check Photos/);
    assertReadable(said.text);
    await page.fill("#person-name", "");
    await page.click('button.sample[aria-label="Add the sample face ana.jpg"]');
    await idle(page);
    await page.click("#person-submit");
    await idle(page);
    said = await status(page);
    assert.match(said.text, /^Please check Name/);
    assertReadable(said.text);
    const afterCount = (await (await fetch(`${env.mockUrl}/__mock/requests`, { headers: { Authorization: `Bearer ${token}` } })).json()).count;
    assert.equal(afterCount, before, "invalid input never reached the mock");

    // A file that is not an image: making it small fails in the browser (InvalidInput),
    // so it is refused when chosen, before anything is sent.
    await page.click('#photo-previews .remove-photo');
    await page.fill("#person-name", "Bad Photo");
    await page.setInputFiles("#photo-files", { name: "face.jpg", mimeType: "image/jpeg", buffer: Buffer.from("this is not a picture at all, ".repeat(10)) });
    await idle(page);
    said = await status(page);
    assert.equal(said.tone, "error");
    assert.match(said.text, /^Please check Photo: could not be decoded as an image/);
    assertReadable(said.text);
    assert.equal(await page.locator("#photo-previews img").count(), 0, "the file is not taken");
    const afterBad = (await (await fetch(`${env.mockUrl}/__mock/requests`, { headers: { Authorization: `Bearer ${token}` } })).json()).count;
    assert.equal(afterBad, before, "nothing was sent");

    // A person deleted behind the page's back: NotFound (404), then the lists refresh.
    assert.equal((await api(env.mockUrl, token, "DELETE", `/persons/${ben._id}`)).status, 200);
    await page.click(`article.person[data-id="${ben._id}"] .delete-button`);
    await answerConfirm(page, "yes");
    await idle(page);
    said = await status(page);
    assert.equal(said.text, "That person no longer exists: it may have been deleted elsewhere. The lists are refreshed.");
    await page.waitForSelector(`article.person[data-id="${ben._id}"]`, { state: "detached" });
    await idle(page);
    assert.equal((await status(page)).text, said.text, "the message stays after the refresh");
    await shot(page, "laptop-error-not-found.png", false);

    // Only the browser's own notes about 4xx answers and the refused port reach the console.
    const unexpected = problems.filter((p) => !/Failed to load resource|net::ERR_CONNECTION_REFUSED/.test(p));
    assert.deepEqual(unexpected, [], "no other console errors or uncaught exceptions");
  } finally {
    await context.close();
  }
});

test("a link's ?api= is taken only for loopback; any other host is asked about first", async () => {
  const { context, page, problems } = await openPage(browser, LAPTOP);
  const elsewhere = [];
  page.on("request", (request) => {
    if (!request.url().startsWith(env.siteUrl) && !request.url().startsWith(env.mockUrl)) elsewhere.push(request.url());
  });
  try {
    for (const api of ["https://attacker.example/v2", "http://localhost.attacker.example", "http://example.com\\.localhost"]) {
      await page.goto(`${env.siteUrl}/?api=${encodeURIComponent(api)}`);
      await page.waitForSelector("body[data-ready=true]");
      const asked = await answerConfirm(page, "no");
      assert.match(asked, /not this machine/);
      assert.match(asked, new RegExp(api.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
      const { text, tone } = await status(page);
      assert.equal(tone, "warn");
      assert.match(text, /Not connected/);
      assert.equal(await page.inputValue("#base-url"), "http://127.0.0.1:8787");
    }
    // Saying yes tries to connect there; plain http to another host is then refused by the
    // SDK itself, before anything is sent.
    await page.goto(`${env.siteUrl}/?api=${encodeURIComponent("http://192.0.2.1:9")}`);
    await page.waitForSelector("body[data-ready=true]");
    await answerConfirm(page, "yes");
    assert.equal(await page.inputValue("#base-url"), "http://192.0.2.1:9");
    await idle(page);
    assert.equal((await status(page)).tone, "error");
    // A loopback ?api= connects at once, without a question.
    await connect(page, env.siteUrl, env.mockUrl, uniqueToken("link"));
    assert.notEqual((await status(page)).tone, "error");
    assert.equal(await page.inputValue("#base-url"), env.mockUrl);
    assert.deepEqual(elsewhere, [], "nothing was sent elsewhere");
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test("a slow request shows progress and the Cancel button aborts it", async (t) => {
  const token = uniqueToken("cancel");
  const { context, page, problems } = await openPage(browser, LAPTOP);
  try {
    await connect(page, env.siteUrl, env.mockUrl, token);
    // Prefer the mock's own fault injection; without it, hold the request in the browser.
    const faults = await mockHasFaults(env.mockUrl, token);
    t.diagnostic(faults ? "slowed by the mock's latency fault (POST /__mock/faults)" : "slowed by page.route (the mock has no /__mock/faults)");
    if (faults) {
      const set = await setFault(env.mockUrl, token, {
        kind: "latency",
        latencyMs: 3000,
        method: "POST",
        path: "/v2/face-recognition/collections",
      });
      assert.equal(set.status, 200, `POST /__mock/faults: ${JSON.stringify(set.body)}`);
    } else {
      await page.route("**/v2/face-recognition/collections", async (route) => {
        if (route.request().method() !== "POST") return route.continue();
        await new Promise((resolve) => setTimeout(resolve, 3000));
        await route.continue().catch(() => {});
      });
    }
    await page.fill("#collection-name", "Slow one");
    const started = Date.now();
    await page.click("#create-collection button[type=submit]");
    await page.waitForSelector("#activity:not([hidden])");
    assert.equal(await page.textContent("#activity-label"), "Creating the collection…");
    assert.equal(await page.isDisabled("#create-collection button[type=submit]"), true, "other buttons wait");
    await shot(page, "laptop-progress.png", false);
    await page.click("#cancel");
    await idle(page);
    assert.ok(Date.now() - started < 2500, "the cancel did not wait for the slow answer");
    const said = await status(page);
    assert.equal(said.tone, "warn");
    assert.equal(said.text, "Cancelled: creating the collection.");
    assert.equal(await page.isDisabled("#create-collection button[type=submit]"), false);
    if (faults) {
      // Nothing may stay queued for this token.
      assert.equal((await setFault(env.mockUrl, token, null)).status, 200);
    } else {
      await page.unrouteAll({ behavior: "ignoreErrors" });
    }
    const unexpected = problems.filter((p) => !/Failed to load resource|net::ERR_/.test(p));
    assert.deepEqual(unexpected, [], "no console errors or uncaught exceptions");
  } finally {
    await context.close();
  }
});

test("a photo from the camera (Chromium's fake camera) enrols a person", async () => {
  const token = uniqueToken("camera");
  const camera = await launch(["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"]);
  try {
    const { context, page, problems } = await openPage(camera, PHONE);
    await context.grantPermissions(["camera"], { origin: env.siteUrl });
    await connect(page, env.siteUrl, env.mockUrl, token);
    assert.equal(await page.isVisible("#camera-open"), true, "the camera button shows where getUserMedia exists");
    await page.click("#camera-open");
    await page.waitForSelector("dialog#camera[open]");
    await page.waitForFunction(() => document.getElementById("camera-video").videoWidth > 0);
    await page.click("#camera-shoot");
    await page.waitForSelector("#photo-previews img");
    await shot(page, "phone-camera.png", false);
    await page.click("#camera-close");
    await page.waitForSelector("dialog#camera:not([open])", { state: "attached" });
    await page.fill("#person-name", "Camera Person");
    await page.click("#person-submit");
    await idle(page);
    const said = await status(page);
    assert.equal(said.text, "Created Camera Person with 1 photo.");
    const [person] = (await api(env.mockUrl, token, "GET", "/persons")).body.data;
    assert.equal(person.name, "Camera Person");
    assert.equal(person.thumbnails.length, 1);
    assert.ok(person.thumbnails[0].thumbnail.startsWith("/9j/"), "a JPEG frame from the camera");
    const [card] = await cards(page);
    assert.ok(card.loaded && card.thumbs.length === 1);
    assert.equal(await page.evaluate(() => document.getElementById("camera-video").srcObject), null, "the camera is off");

    // A camera shot for the liveness check: one shot, then the camera closes by itself.
    const calls = recordCalls(page);
    await page.click('button[aria-label="Use the camera for the liveness check"]');
    await page.waitForSelector("dialog#camera[open]");
    await page.waitForFunction(() => document.getElementById("camera-video").videoWidth > 0);
    await page.click("#camera-shoot");
    await page.waitForSelector("dialog#camera:not([open])", { state: "attached" });
    await page.waitForSelector('fieldset[data-slot="liveness"] .slot-photo img');
    const size = await page.$eval('fieldset[data-slot="liveness"] .size', (el) => ({ before: Number(el.dataset.before), after: Number(el.dataset.after) }));
    await page.click("#liveness-submit");
    await idle(page);
    const call = await lastCall(calls, "/liveness");
    assert.equal(base64Bytes(call.body.image), size.after, "the size after is what was sent");
    assert.ok(call.body.image.startsWith("/9j/"), "a JPEG frame");
    const truth = (await api(env.mockUrl, token, "POST", "/liveness", call.body)).body.data;
    const shown = await resultOf(page, "#liveness-result");
    assert.equal(shown.verdict, truth.passed ? "✔ Live: a real face in front of the camera." : "✘ Not live.");
    assert.equal(shown.figures.score, round4(truth.liveness_score));
    await assertRequestId(page, "#liveness-result", call.answer);
    assert.deepEqual(problems, [], "no console errors or uncaught exceptions");
    await context.close();
  } finally {
    await camera.close();
  }
});

// ---------------------------------------------------------------- recognise

/** The sample button of a recognition form (`task` as the page names it). */
const sample = (file, task) => `button.sample[aria-label="Use the sample face ${file} for ${task}"]`;

/** Picks a sample face for a form; checks the sizes shown against the file and what is sent later. */
async function pickSample(page, file, task, slot) {
  await page.click(sample(file, task));
  await idle(page);
  const size = await page.$eval(`fieldset[data-slot="${slot}"] .size`, (el) => ({
    before: Number(el.dataset.before),
    after: Number(el.dataset.after),
    text: el.textContent,
  }));
  assert.equal(size.before, (await readFile(path.join(FACES, file))).length, `${file}: the size before is the file's`);
  assert.equal(size.text, `${size.before.toLocaleString("en-US")} bytes → ${size.after.toLocaleString("en-US")} bytes`);
  return size;
}

/** The request id shown in a result box: Verifik's format, and the id of `answer`. */
async function assertRequestId(page, box, answer) {
  const shown = await page.$eval(`${box} .request-id`, (p) => ({ id: p.dataset.requestId, text: p.textContent }));
  assert.match(shown.id, REQUEST_ID);
  assert.equal(shown.id, answer.id, "the id of the answer the page got");
  assert.equal(shown.text, `Request id ${shown.id}`);
}

/** A result box's figures (`dd[data-field]`) and verdict. */
async function resultOf(page, box) {
  return page.$eval(box, (el) => ({
    tone: el.className,
    verdict: el.querySelector(".verdict")?.textContent ?? "",
    explain: el.querySelector(".explain")?.textContent ?? null,
    figures: Object.fromEntries([...el.querySelectorAll("dd[data-field]")].map((dd) => [dd.dataset.field, dd.textContent])),
  }));
}

const round4 = (x) => String(Math.round(x * 10_000) / 10_000);

/** The console problems besides Chromium's own line for each refused request (409, 500) the test caused. */
const unexpectedProblems = (problems) =>
  problems.filter((p) => !/^console\.error: Failed to load resource: the server responded with a status of (409|500) /.test(p));

test("recognise: a search finds the enrolled person first, scored as the mock scores, linked to their card", async () => {
  const token = uniqueToken("search");
  const { employees, ana, ben } = await seed(token);
  const { context, page, problems } = await openPage(browser, LAPTOP);
  const calls = recordCalls(page);
  try {
    await connect(page, env.siteUrl, env.mockUrl, token);
    const size = await pickSample(page, "ana-2.jpg", "the search", "search");
    await page.selectOption("#search-collection", employees.code);
    await page.fill("#search-min-score", "0.3");
    await page.selectOption("#search-mode", "ACCURATE");
    await page.click("#search-submit");
    await idle(page);
    const call = await lastCall(calls, "/face-recognition/search");
    assert.equal(call.status, 200);
    assert.equal(call.body.collection_id, employees.code);
    assert.equal(call.body.min_score, 0.3);
    assert.equal(call.body.search_mode, "ACCURATE");
    assert.equal(call.body.images.length, 1);
    assert.equal(base64Bytes(call.body.images[0]), size.after, "the size after is what was sent");

    // The mock's own answer to the same question.
    const truth = (await api(env.mockUrl, token, "POST", "/search", call.body)).body.data;
    assert.ok(truth.length >= 1);
    const shown = await page.$$eval("#search-result li.match", (items) =>
      items.map((li) => ({
        id: li.dataset.id,
        name: li.querySelector(".match-name").textContent,
        href: li.querySelector("a.match-name").getAttribute("href"),
        score: li.querySelector(".score").textContent,
        width: li.querySelector(".bar .fill").style.width,
      })),
    );
    assert.deepEqual(
      shown.map((m) => [m.id, m.score]),
      truth.map((p) => [p._id ?? p.id, round4(p.score)]),
    );
    assert.equal(shown[0].id, ana._id, "Ana first");
    assert.equal(shown[0].name, "Ana Example");
    assert.equal(shown[0].href, `#person-${ana._id}`);
    const best = Number(shown[0].score);
    assert.ok(best >= 0.9 && best <= 0.99, `another photo of Ana scores 0.90–0.99, got ${best}`);
    assert.equal(shown[0].width, `${best * 100}%`);
    if (shown.length > 1) assert.equal(shown[1].id, ben._id);
    assert.match(await page.textContent("#search-result .summary"), /in “Employees” at or above 0\.3, best first:$/);
    await assertRequestId(page, "#search-result", call.answer);
    assert.equal((await status(page)).tone, "ok");
    await page.$eval("#recognise-title", (h) => h.scrollIntoView({ block: "start" }));
    await page.evaluate(() => scrollBy(0, -64)); // below the sticky status line
    await page.waitForTimeout(200);
    await shot(page, "recognise-search.png", false);

    // The link scrolls to Ana's card and highlights it.
    await page.click(`#search-result a[href="#person-${ana._id}"]`);
    await page.waitForFunction((id) => document.activeElement?.id === `person-${id}`, ana._id);
    await page.waitForTimeout(800); // the smooth scroll
    const card = await page.$eval(`#person-${ana._id}`, (el) => {
      const r = el.getBoundingClientRect();
      return { highlighted: el.classList.contains("highlight"), top: r.top, bottom: r.bottom, height: innerHeight };
    });
    assert.ok(card.highlighted, "the card is highlighted");
    assert.ok(card.top >= 0 && card.bottom <= card.height, `the card is in view: ${JSON.stringify(card)}`);
    assert.equal(await page.locator("article.person.highlight").count(), 1);

    // Nobody at a high threshold in another collection: said so, still with a request id.
    await page.fill("#search-min-score", "0.995");
    await page.click("#search-submit");
    await idle(page);
    assert.equal(await page.locator("#search-result li.match").count(), 0);
    assert.match(await page.textContent("#search-result .summary"), /^Nobody in “Employees” scores 0\.995 or more/);
    await assertRequestId(page, "#search-result", (await lastCall(calls, "/face-recognition/search")).answer);

    // No lowest score: the SDK refuses it before sending (InvalidInput), named as on the form.
    const sent = calls.length;
    await page.fill("#search-min-score", "");
    await page.click("#search-submit");
    await idle(page);
    const said = await status(page);
    assert.equal(said.tone, "error");
    assert.match(said.text, /^Please check Lowest score: /);
    assertReadable(said.text);
    const refused = await resultOf(page, "#search-result");
    assert.equal(refused.verdict, said.text, "the result box says it too");
    assert.equal(await page.textContent("#search-result .request-id"), "Request id (none sent)");
    assert.equal(calls.length, sent, "nothing was sent");
    assert.deepEqual(problems, [], "no console errors or uncaught exceptions");
  } finally {
    await context.close();
  }
});

test("recognise: a large photo is made small in the browser (1,280 px, JPEG) before upload, and still finds its person", async () => {
  const token = uniqueToken("resize");
  const { ana } = await seed(token);
  const { context, page, problems } = await openPage(browser, LAPTOP);
  const calls = recordCalls(page);
  try {
    await connect(page, env.siteUrl, env.mockUrl, token);
    // A 3000×2000 PNG "camera photo" of Ana: her face code (label 1) drawn by the
    // samples' own module, over a busy background.
    const big = await page.evaluate(async () => {
      const { drawFaceCode } = await import("/faces/face-code.js");
      const canvas = new OffscreenCanvas(3000, 2000);
      const ctx = canvas.getContext("2d");
      for (let i = 0; i < 400; i++) {
        ctx.fillStyle = `hsl(${(i * 37) % 360} 60% ${40 + (i % 5) * 8}%)`;
        ctx.fillRect((i * 211) % 3000, (i * 97) % 1700, 180, 120);
      }
      drawFaceCode(ctx, 3000, 2000, { label: 1 });
      const blob = await canvas.convertToBlob({ type: "image/png" });
      const bytes = new Uint8Array(await blob.arrayBuffer());
      let text = "";
      for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return btoa(text);
    });
    const file = Buffer.from(big, "base64");
    await page.setInputFiles('fieldset[data-slot="search"] input[type=file]', { name: "big.png", mimeType: "image/png", buffer: file });
    await idle(page);
    const shown = await page.$eval('fieldset[data-slot="search"] .slot-photo', (box) => ({
      width: box.querySelector("img").naturalWidth,
      height: box.querySelector("img").naturalHeight,
      src: box.querySelector("img").src.slice(0, 30),
      before: Number(box.querySelector(".size").dataset.before),
      after: Number(box.querySelector(".size").dataset.after),
      facts: box.querySelector(".slot-facts").textContent,
    }));
    assert.equal(shown.before, file.length);
    assert.deepEqual([shown.width, shown.height], [1280, 853], "longest side 1,280 px");
    assert.ok(shown.src.startsWith("data:image/jpeg;base64,/9j/"), shown.src);
    assert.ok(shown.after < shown.before, `made small: ${shown.before} → ${shown.after}`);
    assert.match(shown.facts, /^big\.png · 1280×853 px/);
    await page.fill("#search-min-score", "0.5");
    await page.click("#search-submit");
    await idle(page);
    const call = await lastCall(calls, "/face-recognition/search");
    assert.equal(base64Bytes(call.body.images[0]), shown.after, "the size after is what was sent");
    assert.ok(call.body.images[0].startsWith("/9j/"), "sent as JPEG");
    const first = await page.$eval("#search-result li.match", (li) => ({ id: li.dataset.id, score: Number(li.querySelector(".score").textContent) }));
    assert.equal(first.id, ana._id, "Ana's face code survives the resize");
    assert.ok(first.score >= 0.9 && first.score <= 0.99, String(first.score));
    assert.deepEqual(problems, [], "no console errors or uncaught exceptions");
  } finally {
    await context.close();
  }
});

test("recognise: verify passes for the same person and fails for another; compare two photos (phone)", async () => {
  const token = uniqueToken("verify");
  const { ana } = await seed(token);
  const { context, page, problems } = await openPage(browser, PHONE);
  const calls = recordCalls(page);
  try {
    await connect(page, env.siteUrl, env.mockUrl, token);
    await page.selectOption("#verify-person", ana._id);
    let size = await pickSample(page, "ana-2.jpg", "the verification", "verify");
    await page.click("#verify-submit");
    await idle(page);
    let call = await lastCall(calls, "/verify");
    assert.equal(call.body.id, ana._id);
    assert.equal(call.body.min_score, 0.85);
    assert.equal(base64Bytes(call.body.images[0]), size.after);
    let truth = (await api(env.mockUrl, token, "POST", "/verify", call.body)).body.data;
    assert.equal(truth.match?._id ?? truth.match?.id, ana._id, "the mock matches Ana");
    let shown = await resultOf(page, "#verify-result");
    assert.equal(shown.verdict, "✔ Same person: this is Ana Example.");
    assert.equal(shown.figures.score, round4(truth.match.score));
    assert.ok(truth.match.score >= 0.9 && truth.match.score <= 0.99, String(truth.match.score));
    assert.equal(shown.figures.threshold, "0.85");
    await assertRequestId(page, "#verify-result", call.answer);
    await assertNoSidewaysScroll(page);
    await assertTasksContained(page);
    await page.$eval("#verify-title", (h) => h.scrollIntoView({ block: "start" }));
    await page.evaluate(() => scrollBy(0, -70)); // below the sticky status line
    await page.waitForTimeout(200);
    await shot(page, "recognise-verify-phone.png", false);

    size = await pickSample(page, "ben.jpg", "the verification", "verify");
    await page.click("#verify-submit");
    await idle(page);
    call = await lastCall(calls, "/verify");
    assert.equal(base64Bytes(call.body.images[0]), size.after);
    truth = (await api(env.mockUrl, token, "POST", "/verify", call.body)).body.data;
    assert.equal(truth.match, null, "the mock matches nobody");
    shown = await resultOf(page, "#verify-result");
    assert.equal(shown.verdict, "✘ Not the same person: this is not Ana Example.");
    assert.match(shown.figures.score, /^below 0\.85/);
    assert.equal(shown.figures.threshold, "0.85");
    await assertRequestId(page, "#verify-result", call.answer);

    // Compare: two photos of Ana, then Ana and Ben.
    for (const [second, same] of [["ana-2.jpg", true], ["ben.jpg", false]]) {
      const a = await pickSample(page, "ana.jpg", "the first photo of the comparison", "compare-a");
      const b = await pickSample(page, second, "the second photo of the comparison", "compare-b");
      await page.click("#compare-submit");
      await idle(page);
      call = await lastCall(calls, "/compare");
      assert.deepEqual([base64Bytes(call.body.probe[0]), base64Bytes(call.body.gallery[0])], [a.after, b.after]);
      assert.equal(call.body.compare_min_score, 0.85);
      const score = (await api(env.mockUrl, token, "POST", "/compare", call.body)).body.data.result.score;
      shown = await resultOf(page, "#compare-result");
      assert.equal(shown.figures.score, round4(score));
      assert.equal(shown.figures.threshold, "0.85");
      if (same) assert.ok(score >= 0.9 && score <= 0.99, String(score));
      else assert.ok(score >= 0.1 && score <= 0.45, String(score));
      assert.equal(shown.verdict, same ? "✔ Same person in both photos." : "✘ Different people.");
      await assertRequestId(page, "#compare-result", call.answer);
    }
    await assertNoSidewaysScroll(page);
    await assertTasksContained(page);
    assert.deepEqual(problems, [], "no console errors or uncaught exceptions");
  } finally {
    await context.close();
  }
});

test("recognise: liveness fails for a printed photo with the explained sentence, passes for a live one", async () => {
  const token = uniqueToken("liveness");
  const { context, page, problems } = await openPage(browser, LAPTOP);
  const calls = recordCalls(page);
  try {
    await connect(page, env.siteUrl, env.mockUrl, token);
    const size = await pickSample(page, "ben-print.jpg", "the liveness check", "liveness");
    await page.click("#liveness-submit");
    await idle(page);
    let call = await lastCall(calls, "/liveness");
    assert.equal(base64Bytes(call.body.image), size.after);
    assert.equal(call.body.liveness_min_score, 0.6);
    assert.equal(call.body.os, "DESKTOP");
    let truth = (await api(env.mockUrl, token, "POST", "/liveness", call.body)).body.data;
    assert.equal(truth.passed, false, "the mock finds the printed photo not live");
    let shown = await resultOf(page, "#liveness-result");
    assert.equal(shown.tone, "result fail");
    assert.equal(shown.verdict, "✘ Not live.");
    assert.equal(shown.explain, explain({ kind: "LivenessFailed", livenessScore: truth.liveness_score }, {}, () => true));
    assert.match(shown.explain, /did not pass the liveness check/);
    assert.equal(shown.figures.score, round4(truth.liveness_score));
    assert.equal(shown.figures.threshold, "0.6 (passes at or above it)");
    await assertRequestId(page, "#liveness-result", call.answer);
    await page.$eval("#liveness-title", (h) => h.closest(".task").scrollIntoView({ block: "start" }));
    await page.evaluate(() => scrollBy(0, -64)); // below the sticky status line
    await page.waitForTimeout(200);
    await shot(page, "recognise-liveness-failed.png", false);

    await pickSample(page, "ana.jpg", "the liveness check", "liveness");
    await page.click("#liveness-submit");
    await idle(page);
    call = await lastCall(calls, "/liveness");
    truth = (await api(env.mockUrl, token, "POST", "/liveness", call.body)).body.data;
    assert.equal(truth.passed, true);
    shown = await resultOf(page, "#liveness-result");
    assert.equal(shown.verdict, "✔ Live: a real face in front of the camera.");
    assert.equal(shown.explain, null);
    assert.equal(shown.figures.score, round4(truth.liveness_score));
    await assertRequestId(page, "#liveness-result", call.answer);

    // Two faces: Verifik refuses the photo (FaceRejected), and the page says why.
    await pickSample(page, "group.jpg", "the liveness check", "liveness");
    await page.click("#liveness-submit");
    await idle(page);
    call = await lastCall(calls, "/liveness");
    assert.equal(call.status, 409);
    assert.equal(call.answer.code, "ERR_MULTIPLE_FACES_DETECTED");
    shown = await resultOf(page, "#liveness-result");
    const rejected = explain({ name: "VerifikError", kind: "FaceRejected", code: "ERR_MULTIPLE_FACES_DETECTED" }, {}, () => true);
    assert.equal(shown.verdict, rejected);
    assert.match(rejected, /more than one face/);
    assert.deepEqual(await status(page), { text: rejected, tone: "error" });
    assert.equal(await page.textContent("#liveness-result .request-id"), "Request id (none sent)", "the mock sends no id with errors");

    // A refused answer that carries a request id: the sentence and that id.
    const set = await setFault(env.mockUrl, token, {
      kind: "raw",
      status: 409,
      method: "POST",
      path: "/v2/face-recognition/liveness",
      body: JSON.stringify({ id: "Q7X2K", code: "ERR_NO_FACE_DETECTED", message: "No face detected" }),
    });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    await page.click("#liveness-submit");
    await idle(page);
    const said = await status(page);
    assert.equal(said.tone, "error");
    shown = await resultOf(page, "#liveness-result");
    assert.equal(shown.verdict, said.text, "the result box says what the status line says");
    assert.equal(shown.verdict, explain({ name: "VerifikError", kind: "FaceRejected", code: "ERR_NO_FACE_DETECTED" }, {}, () => true));
    assert.equal(await page.$eval("#liveness-result .request-id", (p) => p.dataset.requestId), "Q7X2K");
    assert.deepEqual(unexpectedProblems(problems), [], "no console errors or uncaught exceptions");
  } finally {
    await context.close();
  }
});

test("recognise: a photo check shows the face count and draws the face box over the photo", async () => {
  const token = uniqueToken("validate");
  const { context, page, problems } = await openPage(browser, LAPTOP);
  const calls = recordCalls(page);
  try {
    await connect(page, env.siteUrl, env.mockUrl, token);
    const size = await pickSample(page, "chen.jpg", "the photo check", "validate");
    await page.click("#validate-submit");
    await idle(page);
    const call = await lastCall(calls, "/face-validation");
    assert.equal(base64Bytes(call.body.image), size.after);
    const truth = (await api(env.mockUrl, token, "POST", "/face-validation", call.body)).body.data;
    const shown = await resultOf(page, "#validate-result");
    assert.equal(shown.verdict, "✔ Usable: one clear face.");
    assert.equal(shown.figures.faces, String(truth.faceCount));
    assert.equal(shown.figures.faces, "1");
    const box = { x: truth.faceBox._x, y: truth.faceBox._y, width: truth.faceBox._width, height: truth.faceBox._height };
    assert.equal(shown.figures.box, `${Math.round(box.x)}, ${Math.round(box.y)}, ${Math.round(box.width)}×${Math.round(box.height)} px`);
    await assertRequestId(page, "#validate-result", call.answer);
    // The box drawn where the mock says the face is, scaled to the photo as shown.
    const drawn = await page.$eval("#validate-result .photo-frame", (frame) => {
      const img = frame.querySelector("img").getBoundingClientRect();
      const face = frame.querySelector(".face-box").getBoundingClientRect();
      const natural = frame.querySelector("img");
      return {
        scale: img.width / natural.naturalWidth,
        x: face.left - img.left,
        y: face.top - img.top,
        width: face.width,
        height: face.height,
        naturalWidth: natural.naturalWidth,
        naturalHeight: natural.naturalHeight,
      };
    });
    for (const key of ["x", "y", "width", "height"]) {
      assert.ok(Math.abs(drawn[key] - box[key] * drawn.scale) < 1.5, `${key}: drawn ${drawn[key]}, expected ${box[key] * drawn.scale}`);
    }
    assert.ok(drawn.width > 10 && drawn.height > 10, "a visible box");
    assert.ok(drawn.x >= 0 && drawn.y >= 0, "inside the photo");
    assert.ok(drawn.x + drawn.width <= drawn.naturalWidth * drawn.scale + 1, "inside the photo");
    assert.ok(drawn.y + drawn.height <= drawn.naturalHeight * drawn.scale + 1, "inside the photo");
    await page.$eval("#validate-title", (h) => h.closest(".task").scrollIntoView({ block: "start" }));
    await page.evaluate(() => scrollBy(0, -64)); // below the sticky status line
    await shot(page, "recognise-photo-check.png", false);

    // A group photo: Verifik refuses it for more than one face; the page shows that verdict.
    await pickSample(page, "group.jpg", "the photo check", "validate");
    await page.click("#validate-submit");
    await idle(page);
    const group = await lastCall(calls, "/face-validation");
    const refused = await api(env.mockUrl, token, "POST", "/face-validation", group.body);
    assert.equal(refused.status, 500);
    const checked = await resultOf(page, "#validate-result");
    assert.equal(checked.verdict, "✘ Not usable: more than one face.");
    assert.equal(checked.figures.faces, "more than one");
    assert.equal(checked.figures.message, refused.body.message);
    assert.equal(await page.locator("#validate-result .face-box").count(), 0);
    assert.deepEqual(unexpectedProblems(problems), [], "no console errors or uncaught exceptions");
  } finally {
    await context.close();
  }
});
