// A citizen's session at the totem ends cleanly: "Fine" or the idle time put the start screen
// back with nothing of the session left; accessibility modes serve the citizen and reset.
import { test, expect } from "./fixtures";
import { OperatorPage } from "./pages/operator";
import { EnrolledTotem, TotemPage, chooseLanguage } from "./pages/totem";
import { wasmLoads, wasmOfShell, wasmText } from "./pages/builds";
import { deviceHolds } from "./pages/device";

async function enrolledTotem(browser: import("@playwright/test").Browser, url: string, idleSeconds?: number) {
  const operator = new OperatorPage(await (await browser.newContext()).newPage(), url);
  await operator.login("operatore.bari", "demo-bari");
  if (idleSeconds !== undefined) {
    const field = operator.page.getByLabel("Secondi di inattività prima che il totem avvisi e chiuda la sessione del cittadino");
    await field.fill(String(idleSeconds));
    await field.blur();
    await operator.syncBadge().expectAllSaved();
  }
  const code = await operator.createEnrollmentCode();
  const totem = new EnrolledTotem(await (await browser.newContext()).newPage(), url);
  await totem.enroll("bari", code);
  await totem.syncBadge().expectOnline();
  return totem;
}

test("Fine puts the start screen back: language, modes and what was typed are gone", async ({ browser, relay }) => {
  const totem = await enrolledTotem(browser, relay.url);
  const page = totem.page;
  await page.getByRole("link", { name: "Dichiara la tua disponibilità al lavoro (DID)" }).click();
  await chooseLanguage(page, "English");
  await page.getByRole("button", { name: "Large text" }).click();
  await expect(page.locator("html")).toHaveClass(/large-text/);
  await page.getByLabel("Surname").fill("Esposito");
  await page.getByLabel("Tax code (codice fiscale)").fill("SPSGNN70A01F839X");

  await page.getByRole("button", { name: "Done" }).click();
  await expect(page).toHaveURL(`${relay.url}/totem/bari`);
  await expect(page.locator("html")).toHaveAttribute("lang", "it");
  await expect(page.locator("html")).not.toHaveClass(/large-text/);
  await expect(page.getByRole("button", { name: "Testo grande" })).toHaveAttribute("aria-pressed", "false");
  expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
  for (const trace of ["Esposito", "SPSGNN70A01F839X"]) expect(await deviceHolds(page, trace), trace).toEqual([]);
});

test("after the idle time a warning counts down, can be dismissed, then the session ends", async ({ browser, relay }) => {
  const totem = await enrolledTotem(browser, relay.url, 5);
  const page = totem.page;
  await totem.openArea("B");
  await totem.openService("B1");
  const warning = page.getByRole("alertdialog");
  await expect(warning).toContainText(/Sei ancora qui\? .* tra (2\d|1\d) secondi/, { timeout: 15_000 });
  await warning.getByRole("button", { name: "Continua" }).click();
  await expect(warning).toBeHidden();
  await expect(page).toHaveURL(/\/servizio\/B1$/);
  await expect(warning).toBeVisible({ timeout: 15_000 });
  await expect(page).toHaveURL(`${relay.url}/totem/bari`, { timeout: 30_000 });
  await expect(warning).toBeHidden();
});

test("the reachable mode puts every control in the lower half of the screen", async ({ browser, relay }) => {
  const totem = await enrolledTotem(browser, relay.url);
  const page = totem.page;
  await page.getByRole("button", { name: "Comandi in basso" }).click();
  await page.evaluate(() => window.scrollTo(0, 0));
  const misplaced = await page.$$eval("a[href], button, input, select, textarea", (els) =>
    els
      .map((el) => ({ el, r: el.getBoundingClientRect() }))
      .filter(({ r }) => r.width > 0 && r.height > 0 && r.top < window.innerHeight && r.bottom > 0)
      .filter(({ r }) => r.top < window.innerHeight / 2)
      .map(({ el }) => el.outerHTML.slice(0, 80)),
  );
  expect(misplaced).toEqual([]);
  // The top half is not left empty: the CPI and its hours are read there, and the first tiles
  // are on screen without scrolling.
  const height = await page.evaluate(() => window.innerHeight);
  const heading = (await page.getByRole("heading", { level: 1 }).boundingBox())!;
  expect(heading.y + heading.height).toBeLessThan(height / 2);
  await expect(page.locator(".cpi-card").getByRole("heading", { name: "Orari di apertura" })).toBeInViewport();
  const tile = (await page.locator(".citizen-tiles .tile").first().boundingBox())!;
  const bar = (await page.locator(".totem-bar").boundingBox())!;
  expect(tile.y).toBeGreaterThanOrEqual(height / 2);
  expect(tile.y + tile.height).toBeLessThanOrEqual(bar.y);
  // High contrast switches too, and both are the citizen's own: reset by Fine.
  await page.getByRole("button", { name: "Alto contrasto" }).click();
  await expect(page.locator("html")).toHaveClass(/high-contrast/);
  await page.getByRole("button", { name: "Fine" }).click();
  await expect(page.locator("html")).not.toHaveClass(/high-contrast/);
  await expect(page.getByRole("button", { name: "Comandi in basso" })).toHaveAttribute("aria-pressed", "false");
});

/** Text that compresses badly, so a declaration carrying it breaks the relay's 32 KB quota. */
function incompressible(length: number): string {
  let x = 0x9e3779b97f4a7c15n;
  const mask = (1n << 64n) - 1n;
  let out = "";
  for (let i = 0; i < length; i++) {
    x ^= (x << 13n) & mask;
    x ^= x >> 7n;
    x ^= (x << 17n) & mask;
    out += String.fromCharCode(65 + Number(x % 26n));
  }
  return out;
}

const REFUSED_CF = "VRDLCU95T41A662K";

/** Declares a DID whose surname is far too long (the relay refuses it: over its size quota). */
async function declareOversized(page: import("@playwright/test").Page, labels: Record<string, string>) {
  await page.getByRole("link", { name: labels.start }).click();
  await page.getByLabel(labels.cf, { exact: true }).fill(REFUSED_CF);
  await page.getByLabel(labels.surname, { exact: true }).fill(`Verdi${incompressible(60_000)}`);
  await page.getByLabel(labels.name, { exact: true }).fill("Lucia");
  await page.getByLabel(labels.phone, { exact: true }).fill("3331234567");
  await page.getByRole("button", { name: labels.submit }).click();
  await page.getByRole("button", { name: labels.skip }).click();
}

/** The `change_refused` entries of Bari's audit log, read by its head. */
async function refusalsAudited(url: string): Promise<number> {
  const { login } = await import("../support/api.mjs");
  const head = await login(url, "responsabile.bari", "demo-bari");
  const res = await fetch(`${url}/api/audit?limit=1000`, { headers: { authorization: `Bearer ${head.token}` } });
  const { entries } = await res.json();
  return entries.filter((e: { action: string }) => e.action === "change_refused").length;
}

test("a declaration the relay refuses tells the citizen to go to the desk and leaves the totem with Fine", async ({ browser, relay }) => {
  const totem = await enrolledTotem(browser, relay.url);
  const page = totem.page;
  await chooseLanguage(page, "English");
  await declareOversized(page, {
    start: "Declare that you are available for work (DID)",
    cf: "Tax code (codice fiscale)",
    surname: "Surname",
    name: "Name",
    phone: "Phone",
    submit: "Send the declaration",
    skip: "Not now: the Job Centre will call me",
  });
  const badge = page.locator(".totem-footer .sync-refused");
  await expect(badge).toHaveText(/^The server refused a change: Modifica rifiutata: .*dichiarazione/, { timeout: 20_000 });
  await expect(page.locator(".did-refused")).toHaveText(/The system did not accept this declaration.*Please go to the desk/);
  // Until the session ends the declaration is still on the totem (so the check below means something).
  expect(await deviceHolds(page, REFUSED_CF)).not.toEqual([]);

  await page.getByRole("button", { name: "Done" }).click();
  await expect(page).toHaveURL(`${relay.url}/totem/bari`);
  await expect(page.locator("html")).toHaveAttribute("lang", "it");
  for (const trace of [REFUSED_CF, "Lucia", "3331234567"]) expect(await deviceHolds(page, trace), trace).toEqual([]);
  expect(await page.evaluate(() => JSON.parse(localStorage.getItem("sportello.handed-over") ?? "[]"))).toEqual([]);
  await totem.syncBadge().expectAllSaved();
  await expect(page.locator(".sync-refused")).toHaveCount(0);
  expect(await refusalsAudited(relay.url)).toBe(1);
});

test("a refused declaration is not sent again when the totem restarts, and does not stay on it", async ({ browser, relay }) => {
  const totem = await enrolledTotem(browser, relay.url);
  const page = totem.page;
  await declareOversized(page, {
    start: "Dichiara la tua disponibilità al lavoro (DID)",
    cf: "Codice fiscale",
    surname: "Cognome",
    name: "Nome",
    phone: "Telefono",
    submit: "Invia la dichiarazione",
    skip: "Non ora: il Centro per l'Impiego mi chiamerà",
  });
  await expect(page.locator(".totem-footer .sync-refused")).toContainText("Il server ha rifiutato una modifica", { timeout: 20_000 });
  await expect(page.locator(".did-refused")).toContainText("Rivolgiti allo sportello");

  // The kiosk browser restarts before anyone presses Fine (power cut, crash, a reload).
  await page.reload();
  await totem.syncBadge().expectAllSaved();
  for (const trace of [REFUSED_CF, "Lucia"]) expect(await deviceHolds(page, trace), trace).toEqual([]);
  expect(await refusalsAudited(relay.url)).toBe(1);
});

test("a totem left on without citizens renews its device token and stays connected", async ({ browser }) => {
  const { Relay } = await import("../support/relay.mjs");
  // Tokens of 12 seconds (the relay's test knob) stand for the 30 days a kiosk may stay on.
  const relay = await Relay.start({ args: ["--device-token-seconds", "12"] });
  try {
    const totem = await enrolledTotem(browser, relay.url);
    const page = totem.page;
    const held = () => page.evaluate(() => JSON.parse(localStorage.getItem("sportello.totem")!).token as string);
    const enrolled = await held();
    // Nobody touches it, nothing reloads it, for well over two token lives.
    await page.waitForTimeout(30_000);
    await expect(page.locator(".totem-revoked")).toHaveCount(0);
    await totem.syncBadge().expectOnline();
    const current = await held();
    expect(current).not.toBe(enrolled);
    const me = (token: string) => fetch(`${relay.url}/api/me`, { headers: { authorization: `Bearer ${token}` } });
    expect((await me(current)).status).toBe(200);
    expect((await me(enrolled)).status, "the enrollment's token has expired").toBe(401);
  } finally {
    await relay.dispose();
  }
});

// Texts only the operators' screens show: the workspace's first-password form, the audit
// log and the companies. None may reach the totem's build.
const OPERATOR_ONLY = ["Scegli la tua password", "Registro degli accessi ai fascicoli e alle imprese", "Nuova impresa"];

test("a totem loads the kiosk build, which carries none of the operators' screens", async ({ page, relay }) => {
  const loaded = wasmLoads(page);
  const totem = new TotemPage(page, relay.url);
  await totem.open("bari");
  await expect(totem.charter().getByRole("link")).toHaveCount(7);
  const kiosk = await wasmOfShell(page.request, `${relay.url}/totem/bari`);
  const full = await wasmOfShell(page.request, `${relay.url}/operatore`);
  expect(kiosk).toMatch(/^\/kiosk\//);
  expect(full).not.toBe(kiosk);
  expect(loaded).toEqual([kiosk]);

  const kioskText = await wasmText(page.request, `${relay.url}${kiosk}`);
  const fullText = await wasmText(page.request, `${relay.url}${full}`);
  for (const text of OPERATOR_ONLY) {
    expect(fullText, `the full app has "${text}"`).toContain(text);
    expect(kioskText, `the kiosk has no "${text}"`).not.toContain(text);
  }
  // Both have the totem's screens.
  for (const text of ["charter-title", "session-end"]) {
    expect(kioskText).toContain(text);
    expect(fullText).toContain(text);
  }

  // An unknown totem address is the kiosk's "not found"; its link to the list of CPIs loads
  // the full app from the relay.
  loaded.length = 0;
  await page.goto(`${relay.url}/totem/bari/nessuna-pagina`);
  await expect(page.getByRole("heading", { name: "Pagina non trovata" })).toBeVisible();
  await page.getByRole("link", { name: "Torna all'elenco dei Centri per l'Impiego" }).click();
  await expect(page).toHaveURL(`${relay.url}/`);
  await expect(page.getByRole("link", { name: /Bari/ }).first()).toBeVisible();
  expect(loaded).toEqual([kiosk, full]);
});

// A string of the sync engine (`io::sync`, which loads IndexedDB into automerge): in every
// build that holds documents, none in the phone pages.
const SYNC_ENGINE_ONLY = "skipping unreadable local document";

test("the pages a totem's QR codes open on a phone load the phone build, which carries no sync engine", async ({ page, relay }) => {
  const kiosk = await wasmOfShell(page.request, `${relay.url}/totem/bari`);
  const full = await wasmOfShell(page.request, `${relay.url}/operatore`);
  const phone = await wasmOfShell(page.request, `${relay.url}/coda/bari/B-A-002?g=2026-12-02`);
  expect(phone).toMatch(/^\/phone\//);
  expect(await wasmOfShell(page.request, `${relay.url}/offerte/bari/V-0001`)).toBe(phone);
  const phoneText = await wasmText(page.request, `${relay.url}${phone}`);
  for (const [build, wasm] of [["kiosk", kiosk], ["full app", full]]) {
    expect(await wasmText(page.request, `${relay.url}${wasm}`), `the ${build} has the sync engine`).toContain(SYNC_ENGINE_ONLY);
  }
  expect(phoneText, "the phone build has no sync engine").not.toContain(SYNC_ENGINE_ONLY);
  for (const text of OPERATOR_ONLY) {
    expect(phoneText, `the phone build has no "${text}"`).not.toContain(text);
  }

  const loaded = wasmLoads(page);
  // The phone build has the vacancy's page: an unknown one says so, in the page's own words.
  await page.goto(`${relay.url}/offerte/bari/nessuna`);
  await expect(page.getByRole("heading", { name: "Offerta non disponibile" })).toBeVisible();
  // A demo vacancy, from the relay's public API.
  await page.goto(`${relay.url}/offerte/bari/bari-1`);
  await expect(page.getByTestId("vacancy-reference")).toHaveText("bari-1");
  // An address under /coda/ with no screen is "not found", once: the build does not reload it.
  await page.goto(`${relay.url}/coda/bari`);
  await expect(page.getByRole("heading", { name: "Pagina non trovata" })).toBeVisible();
  await page.waitForTimeout(1000);
  await expect(page).toHaveURL(`${relay.url}/coda/bari`);
  expect(loaded.length).toBeGreaterThan(0);
  expect(new Set(loaded)).toEqual(new Set([phone]));
  // Its link to the list of CPIs loads the full app from the relay.
  await page.getByRole("link", { name: "Torna all'elenco dei Centri per l'Impiego" }).click();
  await expect(page.getByRole("link", { name: /Bari/ }).first()).toBeVisible();
  expect(new Set(loaded)).toEqual(new Set([phone, full]));
});
