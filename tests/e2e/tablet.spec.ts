// A visiting officer's tablet: enrolled with a code, the operator's PIN encrypts what it
// keeps, it locks when idle, ten wrong PINs or the head's "wipe on next contact" wipe it.
// Real Chromium (a 1024x768 touch screen), real relay.
import { test, expect } from "./fixtures";
import type { Browser, Page } from "@playwright/test";
import { OperatorPage } from "./pages/operator";
import { DevicesPage } from "./pages/admin";
import { Dossier } from "./pages/desk";
import { Tablet } from "./pages/tablet";
import { deviceHolds, documentsOnDevice } from "./pages/device";

const IDLE_SECONDS = 6;
const PIN = "482916";

async function tabletPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, hasTouch: true });
  return context.newPage();
}

/** A desk signed in as `username` of Bari, with a fresh enrollment code. */
async function deskWithCode(browser: Browser, baseUrl: string, username: string) {
  const page = await (await browser.newContext()).newPage();
  const operator = new OperatorPage(page, baseUrl);
  await operator.login(username, "demo-bari");
  return { page, operator, code: await operator.createEnrollmentCode() };
}

/** Enrolls a tablet of Bari, signs operatore.bari in and sets the PIN; returns the session token. */
async function readyTablet(browser: Browser, baseUrl: string, code: string, name: string) {
  const page = await tabletPage(browser);
  // The app logs how long each PIN check (PBKDF2, 600 000 iterations) took: the figure we report.
  page.on("console", (m) => m.text().startsWith("vault:") && console.log(m.text()));
  const tablet = new Tablet(page, baseUrl);
  await tablet.shortenIdle(IDLE_SECONDS);
  await tablet.enroll("bari", code, name);
  const token = await tablet.signIn("operatore.bari", "demo-bari");
  await tablet.choosePin(PIN);
  await expect(page.getByRole("heading", { name: "Scadenze del CPI" })).toBeVisible();
  return { page, tablet, token };
}

test("a tablet locked by idleness asks the PIN, and its IndexedDB holds no readable codice fiscale or name", async ({ browser, relay }) => {
  test.setTimeout(150_000);
  const desk = await deskWithCode(browser, relay.url, "operatore.bari");
  const { page, tablet, token } = await readyTablet(browser, relay.url, desk.code, "Tablet di Anna");

  // A demo dossier of Bari, opened from the worklist.
  await page.locator("tr.worklist-row a[href*='/operatore/persona/']").first().tap();
  const dossier = new Dossier(page);
  const cf = page.getByTestId("dossier-cf");
  await expect(cf).toHaveText(/^[A-Z0-9]{16}$/);
  const codiceFiscale = (await cf.textContent())!;
  const fullName = (await dossier.title().textContent())!;
  const nameWords = fullName.split(/\s+/).filter((w) => w.length >= 4);
  expect(nameWords.length).toBeGreaterThan(0);

  // Idle past the (shortened) idle time: the PIN screen, with nothing of the dossier in the page.
  await expect(tablet.lockScreen()).toBeVisible({ timeout: (IDLE_SECONDS + 10) * 1000 });
  await expect(cf).toHaveCount(0);
  await expect(page.getByText(codiceFiscale)).toHaveCount(0);
  await expect(page.locator(".workspace")).toHaveCount(0);

  await tablet.typePin("000000");
  await expect(tablet.alert()).toHaveText("PIN errato: restano 9 tentativi.");
  await expect(tablet.lockScreen()).toBeVisible();
  await tablet.typePin("123");
  await expect(tablet.alert()).toHaveText("PIN errato: restano 8 tentativi.");
  await tablet.typePin(PIN);
  await expect(cf).toHaveText(codiceFiscale, { timeout: 20_000 });
  await expect(dossier.title()).toHaveText(fullName);

  // Through the app they read; from the device's storage they do not (every IndexedDB
  // database and store, localStorage, sessionStorage; bytes as Latin-1 and UTF-8).
  expect(await documentsOnDevice(page)).toBeGreaterThan(0);
  expect(await deviceHolds(page, codiceFiscale)).toEqual([]);
  for (const word of nameWords) expect(await deviceHolds(page, word), word).toEqual([]);
  expect(await deviceHolds(page, token), "the session token is sealed too").toEqual([]);
  // The same search finds them on a desk that keeps the same dossier in clear.
  await desk.page.goto(`${relay.url}${new URL(page.url()).pathname}`);
  await expect(desk.page.getByTestId("dossier-cf")).toHaveText(codiceFiscale, { timeout: 20_000 });
  await expect.poll(() => deviceHolds(desk.page, codiceFiscale)).not.toEqual([]);

  // Ten wrong PINs in a row wipe the tablet's copy.
  await expect(tablet.lockScreen()).toBeVisible({ timeout: (IDLE_SECONDS + 10) * 1000 });
  for (let left = 9; left >= 1; left--) {
    await tablet.typePin("000000");
    await expect(tablet.alert()).toContainText(left === 1 ? "resta 1 tentativo" : `restano ${left} tentativi`);
  }
  await tablet.typePin("000000");
  await expect(tablet.wipedScreen()).toBeVisible();
  await expect(tablet.alert()).toContainText("Troppi PIN errati");
  await expect.poll(() => documentsOnDevice(page)).toBe(0);
  expect(await page.evaluate(() => localStorage.getItem("sportello.vault"))).toBeNull();
  // Still enrolled: the next operator signs in and chooses a PIN.
  await page.getByRole("button", { name: "Accedi di nuovo" }).tap();
  await tablet.signIn("operatore.bari", "demo-bari");
  await tablet.choosePin("135790");
  await expect(tablet.lockScreen()).toHaveCount(0);
});

test("a tablet the head marks 'wipe on next contact' wipes its copy at its next contact", async ({ browser, relay }) => {
  test.setTimeout(120_000);
  const desk = await deskWithCode(browser, relay.url, "responsabile.bari");
  const { page, tablet } = await readyTablet(browser, relay.url, desk.code, "Tablet smarrito");
  await expect.poll(() => documentsOnDevice(page), { timeout: 20_000 }).toBeGreaterThan(0);

  const devices = new DevicesPage(desk.page);
  await devices.open();
  await expect(devices.rows()).toHaveCount(1);
  await expect(devices.names().nth(0)).toHaveValue("Tablet smarrito");
  await expect(devices.rows().nth(0).locator("td").nth(1)).toHaveText("Tablet");
  await devices.wipeOnNextContact(0);

  // The tablet's next contact (here: it is opened again) brings the order; it wipes at once.
  await page.reload();
  await expect(tablet.wipedScreen()).toBeVisible({ timeout: 20_000 });
  await expect(tablet.alert()).toContainText("Il responsabile del CPI ha chiesto di cancellare i dati di questo tablet");
  await expect.poll(() => documentsOnDevice(page)).toBe(0);
  expect(await page.evaluate(() => localStorage.getItem("sportello.operator"))).toBeNull();

  // Delivered once: the head's list shows the tablet active again, with its contact.
  await desk.page.reload();
  await devices.open();
  await expect(devices.rows().nth(0).locator(".device-state")).toHaveText("Attivo");
  await expect(devices.rows().nth(0).locator("td").nth(3)).not.toHaveText("Mai");
});
