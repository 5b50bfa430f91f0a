// The demo page's short pass in Firefox ESR or WebKitGTK (WEBDRIVER_BROWSER), driven over
// classic WebDriver (../webdriver.mjs) against a live verifik-mock: the page loads with a
// clean console in the engine it claims, a collection and a person with a photo are
// created and deleted, an error reads as one sentence, Cancel aborts, the phone layout
// holds, a photo from the browser's fake camera enrols a person, a face search finds the
// enrolled person and links to their card, and a printed photo fails the liveness check
// with its explained sentence; verify, compare and a photo check show the mock's
// scores and the face box. Screenshots go to
// `<E2E_SHOTS>/<browser>/`. The whole flow stays in Chromium (../demo.test.mjs).
//
// `cargo xtask test` runs this file once per browser, each its own summary row.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { FACES, LAPTOP, PHONE, REQUEST_ID, SHOTS, api, servers, setFault, uniqueToken } from "../harness.mjs";
import { explain } from "../../www/explain.js";
import { assertEngine, browserLabel, browserName, launchWebDriver } from "../webdriver.mjs";
import { hookedSite } from "../console-hook.mjs";

const name = browserName();
const label = browserLabel(name);
const shots = path.join(SHOTS, name);

let env;
let site;
let browser;

before(async () => {
  await mkdir(shots, { recursive: true });
  env = await servers();
  site = await hookedSite(env.siteUrl);
  browser = await launchWebDriver({ camera: true, screenshots: true });
});

after(async () => {
  await browser?.close();
  await site?.close();
  env?.stop();
});

const page = () => browser.session;
const shot = (file) => page().screenshot(path.join(shots, file));

/** Waits until no request runs (the progress bar is hidden). */
const idle = () =>
  page().waitFor(() => document.body.dataset.ready === "true" && !document.body.classList.contains("busy") && document.getElementById("activity").hidden, {
    what: "the page to be idle",
  });

/** The status line: `{ text, tone }`. */
const status = () => page().evaluate(() => ({ text: document.getElementById("status").textContent, tone: document.getElementById("status").className }));

/** What the console hook recorded: console.error calls, uncaught errors, unhandled rejections. */
const problems = () => page().evaluate(() => window.__problems ?? ["the console hook is missing"]);

/** Opens the page for the mock and connects with `token`. */
async function connect(token) {
  await page().goto(`${site.url}/?api=${encodeURIComponent(env.mockUrl)}`);
  await idle();
  await page().fill("#token", token);
  await page().click("#connection button[type=submit]");
  await idle();
}

/** Clicks the confirmation dialog's button (`yes` or `no`); resolves to its question. */
async function answerConfirm(answer) {
  await page().waitFor(() => document.getElementById("confirm").open, { what: "the confirmation dialog" });
  const question = await page().evaluate(() => document.getElementById("confirm-message").textContent);
  await page().click(answer === "yes" ? "#confirm-yes" : "#confirm-no");
  await page().waitFor(() => !document.getElementById("confirm").open, { what: "the dialog to close" });
  return question;
}

const face = async (file) => (await readFile(path.join(FACES, file))).toString("base64");

test(`${label}: the page loads with a clean console, in ${label}`, async () => {
  await page().setViewport(LAPTOP);
  await page().goto(`${site.url}/?api=${encodeURIComponent(env.mockUrl)}`);
  await idle();
  const userAgent = await page().evaluate(() => navigator.userAgent);
  assertEngine(name, userAgent);
  assert.equal(await page().evaluate(() => document.getElementById("base-url").value), env.mockUrl);
  assert.deepEqual(await problems(), []);
});

test(`${label}: a collection and a person with a photo are created, then deleted`, async () => {
  const token = uniqueToken(`${name}-flow`);
  await page().setViewport(LAPTOP);
  await connect(token);
  assert.equal((await status()).text, "0 collections, 0 persons.");

  await page().fill("#collection-name", "Employees");
  await page().fill("#collection-description", "HQ staff");
  await page().click("#create-collection button[type=submit]");
  await idle();
  let said = await status();
  assert.equal(said.tone, "ok", said.text);
  assert.match(said.text, /Created the collection “Employees”/);
  const [employees] = (await api(env.mockUrl, token, "GET", "/collections")).body.data;
  assert.equal(employees.name, "Employees");

  await page().fill("#person-name", "Ana Example");
  await page().click(`#person-collections input[value="${employees.code}"]`);
  await page().click('button.sample[aria-label="Add the sample face chen.jpg"]');
  await idle();
  assert.equal(await page().evaluate(() => document.querySelectorAll("#photo-previews img").length), 1);
  // The photo as the page made it small (its preview is that data), and its sizes.
  const preview = await page().evaluate(() => {
    const size = document.querySelector("#photo-previews .size");
    return { base64: document.querySelector("#photo-previews img").src.replace(/^data:[^,]*,/, ""), before: Number(size.dataset.before), after: Number(size.dataset.after) };
  });
  assert.equal(preview.before, (await readFile(path.join(FACES, "chen.jpg"))).length);
  assert.equal(preview.after, Buffer.from(preview.base64, "base64").length);
  await page().click("#person-submit");
  await idle();
  said = await status();
  assert.equal(said.tone, "ok", said.text);
  assert.equal(said.text, "Created Ana Example with 1 photo.");
  const [ana] = (await api(env.mockUrl, token, "GET", "/persons")).body.data;
  assert.equal(ana.name, "Ana Example");
  assert.deepEqual(ana.collections, [employees.code]);
  assert.deepEqual(ana.thumbnails.map((t) => t.thumbnail), [preview.base64], "the photo as uploaded");
  await page().waitFor(() => [...document.images].every((img) => img.complete), { what: "images to load" });
  const card = await page().evaluate(
    (id) => {
      const article = document.querySelector(`article.person[data-id="${id}"]`);
      const thumbs = [...article.querySelectorAll(".thumbs img")];
      return { name: article.querySelector(".person-name").textContent, thumbs: thumbs.length, loaded: thumbs.every((img) => img.naturalWidth > 0) };
    },
    ana._id,
  );
  assert.deepEqual(card, { name: "Ana Example", thumbs: 1, loaded: true });
  await shot("laptop-person-created.png");

  await page().click(`article.person[data-id="${ana._id}"] .delete-button`);
  assert.match(await answerConfirm("yes"), /Delete Ana Example entirely/);
  await idle();
  assert.equal((await status()).text, "Deleted Ana Example.");
  assert.equal((await api(env.mockUrl, token, "GET", `/persons/${ana._id}`)).status, 404);

  await page().click(`#collections tr[data-id="${employees._id}"] button.danger`);
  assert.match(await answerConfirm("yes"), /Delete the collection “Employees”/);
  await idle();
  assert.equal((await status()).text, "Deleted the collection “Employees”.");
  assert.deepEqual((await api(env.mockUrl, token, "GET", "/collections")).body.data, []);
  assert.deepEqual(await problems(), []);
});

test(`${label}: an error shows as one readable sentence`, async () => {
  await page().setViewport(LAPTOP);
  await connect(`expired-${uniqueToken(name)}`);
  const said = await status();
  assert.equal(said.tone, "error");
  assert.equal(said.text, "The token has expired. Get a fresh one and connect again.");
  await shot("laptop-error-expired-token.png");
  assert.deepEqual(await problems(), []);
});

test(`${label}: Cancel aborts a slow request`, async () => {
  const token = uniqueToken(`${name}-cancel`);
  await page().setViewport(LAPTOP);
  await connect(token);
  // Slower than the page's own wait for idle: only the abort can end it in time.
  const set = await setFault(env.mockUrl, token, { kind: "latency", latencyMs: 60_000, method: "POST", path: "/v2/face-recognition/collections" });
  assert.equal(set.status, 200, JSON.stringify(set.body));
  await page().fill("#collection-name", "Slow one");
  await page().click("#create-collection button[type=submit]");
  await page().waitFor(() => !document.getElementById("activity").hidden, { what: "the progress bar" });
  assert.equal(await page().evaluate(() => document.getElementById("activity-label").textContent), "Creating the collection…");
  await shot("laptop-progress.png");
  await page().click("#cancel");
  await idle();
  const said = await status();
  assert.equal(said.tone, "warn");
  assert.equal(said.text, "Cancelled: creating the collection.");
  assert.equal((await setFault(env.mockUrl, token, null)).status, 200);
  assert.deepEqual(await problems(), []);
});

test(`${label}: the phone-sized layout shows the persons without sideways scrolling`, async (t) => {
  const token = uniqueToken(`${name}-phone`);
  const { body } = await api(env.mockUrl, token, "POST", "/collections", { name: "Employees", description: "HQ staff" });
  await api(env.mockUrl, token, "POST", "/persons", { name: "Ana Example", images: [await face("ana.jpg")], collections: [body.data.code] });
  const reached = await page().setViewport(PHONE);
  const framed = reached.width !== PHONE.width;
  const pageUrl = `/?api=${encodeURIComponent(env.mockUrl)}`;
  if (framed) {
    // WebKitGTK's MiniBrowser keeps its window wider than a phone (its toolbar): the
    // page then runs in a phone-sized frame, whose width is what its layout sees.
    t.diagnostic(`the window stops at ${reached.width}px wide: the page runs in a ${PHONE.width}×${PHONE.height} frame`);
    await page().setViewport(LAPTOP);
    const src = encodeURIComponent(pageUrl);
    await page().goto(`${site.url}/__frame.html?src=${src}&width=${PHONE.width}&height=${PHONE.height}`);
    await page().switchToFrame("#frame");
  } else {
    await page().goto(`${site.url}${pageUrl}`);
  }
  try {
    await idle();
    await page().fill("#token", token);
    await page().click("#connection button[type=submit]");
    await idle();
    assert.equal((await status()).text, "1 collection, 1 person.");
    const layout = await page().evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: innerWidth }));
    assert.equal(layout.width, PHONE.width);
    assert.ok(layout.scroll <= layout.width, `the page is ${layout.scroll}px wide in a ${layout.width}px viewport`);
    assert.deepEqual(await problems(), []);
  } finally {
    if (framed) await page().switchToFrame(null);
  }
  if (framed) await page().elementScreenshot("#frame", path.join(shots, "phone-overview.png"));
  else await shot("phone-overview.png");
});

test(`${label}: a photo from the camera (the browser's fake camera) enrols a person`, async () => {
  const token = uniqueToken(`${name}-camera`);
  await page().setViewport(LAPTOP);
  await connect(token);
  assert.equal(await page().evaluate(() => !document.getElementById("camera-open").hidden), true, "getUserMedia exists");
  await page().click("#camera-open");
  await page().waitFor(() => document.getElementById("camera").open && document.getElementById("camera-video").videoWidth > 0, {
    what: "a frame from the fake camera",
  });
  await page().click("#camera-shoot");
  await page().waitFor(() => document.querySelector("#photo-previews img") !== null, { what: "the photo preview" });
  await shot("laptop-camera.png");
  await page().click("#camera-close");
  await page().waitFor(() => !document.getElementById("camera").open, { what: "the camera dialog to close" });
  await page().fill("#person-name", "Camera Person");
  await page().click("#person-submit");
  await idle();
  assert.equal((await status()).text, "Created Camera Person with 1 photo.");
  const [person] = (await api(env.mockUrl, token, "GET", "/persons")).body.data;
  assert.equal(person.thumbnails.length, 1);
  assert.ok(person.thumbnails[0].thumbnail.startsWith("/9j/"), "a JPEG frame from the camera");
  assert.equal(await page().evaluate(() => document.getElementById("camera-video").srcObject), null, "the camera is off");
  assert.deepEqual(await problems(), []);
});

/** The raw base64 the page uploads for a recognition slot (its preview is that data). */
const sentPhoto = (slot) =>
  page().evaluate((name) => document.querySelector(`fieldset[data-slot="${name}"] .slot-photo img`).src.replace(/^data:[^,]*,/, ""), slot);

/** Picks a sample face for a recognition form and waits for its preview. */
async function pickSample(file, task, slot) {
  await page().click(`button.sample[aria-label="Use the sample face ${file} for ${task}"]`);
  await idle();
  const size = await page().evaluate((name) => {
    const el = document.querySelector(`fieldset[data-slot="${name}"] .size`);
    return { before: Number(el.dataset.before), after: Number(el.dataset.after) };
  }, slot);
  assert.equal(size.before, (await readFile(path.join(FACES, file))).length);
  assert.equal(size.after, Buffer.from(await sentPhoto(slot), "base64").length, "the size after is the photo sent");
}

const round4 = (x) => String(Math.round(x * 10_000) / 10_000);

test(`${label}: a face search finds the enrolled person first and links to their card`, async () => {
  const token = uniqueToken(`${name}-search`);
  const { body } = await api(env.mockUrl, token, "POST", "/collections", { name: "Employees" });
  const ana = (await api(env.mockUrl, token, "POST", "/persons", { name: "Ana Example", images: [await face("ana.jpg")], collections: [body.data.code] })).body.data;
  await api(env.mockUrl, token, "POST", "/persons", { name: "Ben Sample", images: [await face("ben.jpg")], collections: [body.data.code] });
  await page().setViewport(LAPTOP);
  await connect(token);
  await pickSample("ana-2.jpg", "the search", "search");
  await page().fill("#search-min-score", "0.3");
  await page().click("#search-submit");
  await idle();
  const truth = (await api(env.mockUrl, token, "POST", "/search", { images: [await sentPhoto("search")], min_score: 0.3, search_mode: "FAST" })).body.data;
  const shown = await page().evaluate(() => ({
    matches: [...document.querySelectorAll("#search-result li.match")].map((li) => [li.dataset.id, li.querySelector(".score").textContent]),
    first: document.querySelector("#search-result .match-name")?.textContent,
    requestId: document.querySelector("#search-result .request-id").dataset.requestId,
  }));
  assert.deepEqual(shown.matches, truth.map((p) => [p._id ?? p.id, round4(p.score)]));
  assert.equal(shown.matches[0][0], ana._id);
  assert.equal(shown.first, "Ana Example");
  const best = Number(shown.matches[0][1]);
  assert.ok(best >= 0.9 && best <= 0.99, `another photo of Ana scores 0.90–0.99, got ${best}`);
  assert.match(shown.requestId, REQUEST_ID);
  await page().evaluate(() => document.getElementById("search-title").closest(".task").scrollIntoView({ block: "center" }));
  await shot("recognise-search.png");
  await page().click(`#search-result a[href="#person-${ana._id}"]`);
  await page().waitFor((id) => document.activeElement?.id === `person-${id}` && document.activeElement.classList.contains("highlight"), {
    args: [ana._id],
    what: "Ana's card, focused and highlighted",
  });
  assert.deepEqual(await problems(), []);
});

test(`${label}: a printed photo fails the liveness check, with the explained sentence`, async () => {
  const token = uniqueToken(`${name}-liveness`);
  await page().setViewport(LAPTOP);
  await connect(token);
  await pickSample("ben-print.jpg", "the liveness check", "liveness");
  await page().click("#liveness-submit");
  await idle();
  const truth = (await api(env.mockUrl, token, "POST", "/liveness", { image: await sentPhoto("liveness"), os: "DESKTOP", liveness_min_score: 0.6 })).body.data;
  assert.equal(truth.passed, false, "the mock finds the printed photo not live");
  const shown = await page().evaluate(() => {
    const box = document.getElementById("liveness-result");
    return {
      hidden: box.hidden,
      verdict: box.querySelector(".verdict").textContent,
      explain: box.querySelector(".explain")?.textContent,
      score: box.querySelector('dd[data-field="score"]').textContent,
      requestId: box.querySelector(".request-id").dataset.requestId,
    };
  });
  assert.equal(shown.hidden, false);
  assert.equal(shown.verdict, "✘ Not live.");
  assert.equal(shown.explain, explain({ kind: "LivenessFailed", livenessScore: truth.liveness_score }, {}, () => true));
  assert.equal(shown.score, round4(truth.liveness_score));
  assert.match(shown.requestId, REQUEST_ID);
  await page().evaluate(() => document.getElementById("liveness-title").closest(".task").scrollIntoView({ block: "center" }));
  await shot("recognise-liveness-failed.png");
  assert.deepEqual(await problems(), []);
});

test(`${label}: verify, compare and a photo check show the mock's scores, verdicts and face box`, async () => {
  const token = uniqueToken(`${name}-verify`);
  const ana = (await api(env.mockUrl, token, "POST", "/persons", { name: "Ana Example", images: [await face("ana.jpg")] })).body.data;
  await page().setViewport(LAPTOP);
  await connect(token);
  const figures = (box) =>
    page().evaluate((id) => {
      const el = document.getElementById(id);
      return {
        verdict: el.querySelector(".verdict").textContent,
        ...Object.fromEntries([...el.querySelectorAll("dd[data-field]")].map((dd) => [dd.dataset.field, dd.textContent])),
        requestId: el.querySelector(".request-id").dataset.requestId,
      };
    }, box);

  // Verify: the same person passes, another fails.
  await page().evaluate((id) => {
    const select = document.getElementById("verify-person");
    select.value = id;
    select.dispatchEvent(new Event("change"));
  }, ana._id);
  for (const [file, same] of [["ana-2.jpg", true], ["ben.jpg", false]]) {
    await pickSample(file, "the verification", "verify");
    await page().click("#verify-submit");
    await idle();
    const truth = (await api(env.mockUrl, token, "POST", "/verify", { id: ana._id, images: [await sentPhoto("verify")], min_score: 0.85, search_mode: "FAST" })).body.data;
    const shown = await figures("verify-result");
    assert.equal(shown.verdict, same ? "✔ Same person: this is Ana Example." : "✘ Not the same person: this is not Ana Example.");
    assert.equal(truth.match === null, !same);
    if (same) assert.equal(shown.score, round4(truth.match.score));
    assert.equal(shown.threshold, "0.85");
    assert.match(shown.requestId, REQUEST_ID);
  }

  // Compare two photos of Ana.
  await pickSample("ana.jpg", "the first photo of the comparison", "compare-a");
  await pickSample("ana-2.jpg", "the second photo of the comparison", "compare-b");
  await page().click("#compare-submit");
  await idle();
  const compared = (
    await api(env.mockUrl, token, "POST", "/compare", { probe: [await sentPhoto("compare-a")], gallery: [await sentPhoto("compare-b")], search_mode: "FAST", compare_min_score: 0.85 })
  ).body.data.result.score;
  let shown = await figures("compare-result");
  assert.equal(shown.verdict, "✔ Same person in both photos.");
  assert.equal(shown.score, round4(compared));
  assert.ok(compared >= 0.9 && compared <= 0.99, String(compared));
  assert.match(shown.requestId, REQUEST_ID);

  // A photo check: one face, its box drawn over the photo.
  await pickSample("chen.jpg", "the photo check", "validate");
  await page().click("#validate-submit");
  await idle();
  const checked = (await api(env.mockUrl, token, "POST", "/face-validation", { image: await sentPhoto("validate") })).body.data;
  shown = await figures("validate-result");
  assert.equal(shown.verdict, "✔ Usable: one clear face.");
  assert.equal(shown.faces, String(checked.faceCount));
  assert.match(shown.requestId, REQUEST_ID);
  const drawn = await page().evaluate(() => {
    const img = document.querySelector("#validate-result .photo-frame img");
    const box = document.querySelector("#validate-result .face-box").getBoundingClientRect();
    const at = img.getBoundingClientRect();
    const scale = at.width / img.naturalWidth;
    return { x: (box.left - at.left) / scale, y: (box.top - at.top) / scale, width: box.width / scale, height: box.height / scale };
  });
  const box = { x: checked.faceBox._x, y: checked.faceBox._y, width: checked.faceBox._width, height: checked.faceBox._height };
  for (const key of Object.keys(box)) assert.ok(Math.abs(drawn[key] - box[key]) < 2, `${key}: drawn ${drawn[key]}, the mock says ${box[key]}`);
  assert.deepEqual(await problems(), []);
});
