// Browser end-to-end test of the demo page (www/), driving Debian's Chromium with
// playwright-core against a live verifik-mock. Run: `node --test e2e/` (see harness.mjs).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import {
  FACES,
  SHOTS,
  LAPTOP,
  PHONE,
  answerConfirm,
  api,
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

/** No stack traces, no `[object Object]`, a sentence. */
function assertReadable(text) {
  assert.ok(text.length > 10, `too short: ${text}`);
  assert.doesNotMatch(text, /\[object |undefined|null|\n\s+at |Error:|VerifikError/, `not readable: ${text}`);
}

test("the whole flow: collections, a person with photos, update, detach, delete", async () => {
  const token = uniqueToken("flow");
  const { context, page, problems } = await openPage(browser, LAPTOP);
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
    assert.deepEqual(ana.thumbnails.map((t) => t.thumbnail), [await face("ana.jpg"), await face("dara.png")]);

    let [card] = await cards(page);
    assert.equal(card.id, ana._id);
    assert.equal(card.name, "Ana Example");
    assert.deepEqual(card.chips, ["Employees", "Visitors"]);
    assert.deepEqual(card.facts, { gender: "Female", born: "1990-01-15", nationality: "Colombian", notes: "Front desk" });
    assert.equal(card.thumbs.length, 2);
    assert.ok(card.thumbs[0].startsWith("data:image/jpeg;base64,/9j/"), card.thumbs[0].slice(0, 40));
    assert.ok(card.thumbs[1].startsWith("data:image/png;base64,iVBOR"), card.thumbs[1].slice(0, 40));
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
    assert.deepEqual(updated.thumbnails.map((t) => t.thumbnail), [await face("chen.jpg")]);
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

    // A file that is not an image: the server refuses it (412 only_images_in_base64).
    await page.click('#photo-previews .remove-photo');
    await page.fill("#person-name", "Bad Photo");
    await page.setInputFiles("#photo-files", { name: "face.jpg", mimeType: "image/jpeg", buffer: Buffer.from("this is not a picture at all, ".repeat(10)) });
    await idle(page);
    await page.click("#person-submit");
    await idle(page);
    said = await status(page);
    assert.equal(said.text, "A photo was refused: use a JPEG, PNG, GIF or WebP image of a face.");
    await page.click('#photo-previews .remove-photo');

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
    assert.deepEqual(problems, [], "no console errors or uncaught exceptions");
    await context.close();
  } finally {
    await camera.close();
  }
});
