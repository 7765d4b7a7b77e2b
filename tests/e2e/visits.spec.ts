// The visiting officer's tablet: a visit plan kept on the device, the convenzione signed on
// the screen with the network off, and a desk that sees it all once the tablet is back.
// Real Chromium in tablet-sized touch contexts (both orientations), real relay.
import { test, expect } from "./fixtures";
import type { Browser, Page } from "@playwright/test";
import { OperatorPage, SyncBadge } from "./pages/operator";
import { Tablet } from "./pages/tablet";
import { VisitPlan, Convenzione, pdfText } from "./pages/visits";
import { storedOnDevice } from "./pages/device";
import { violations } from "./pages/axe";
import { Companies, CompanyRecord } from "./pages/companies";
import { NetworkLink } from "../support/proxy.mjs";

const PIN = "739251";
const PORTRAIT = { width: 768, height: 1024 };
const LANDSCAPE = { width: 1024, height: 768 };

async function deskOf(browser: Browser, baseUrl: string) {
  const page = await (await browser.newContext()).newPage();
  const operator = new OperatorPage(page, baseUrl);
  await operator.login("operatore.bari", "demo-bari");
  return { page, operator };
}

/** A tablet of Bari in a touch context of `viewport`, enrolled, signed in, with its PIN. It
 * reaches the relay through its own link, so going offline cuts its open sockets too
 * (`setOffline` alone leaves an open WebSocket up) and the browser serves pages from cache. */
async function readyTablet(browser: Browser, relayUrl: string, code: string, viewport: { width: number; height: number }) {
  const link = await NetworkLink.open(Number(new URL(relayUrl).port));
  const context = await browser.newContext({ viewport, hasTouch: true });
  const page = await context.newPage();
  const tablet = new Tablet(page, link.url);
  await tablet.enroll("bari", code, "Tablet visite");
  await tablet.signIn("operatore.bari", "demo-bari");
  await tablet.choosePin(PIN);
  const network = {
    off: async () => {
      await context.setOffline(true);
      link.cut();
    },
    on: async () => {
      link.restore();
      await context.setOffline(false);
    },
  };
  return { page, tablet, network, url: link.url, badge: new SyncBadge(page.locator(".sync-badge")) };
}

async function noViolations(page: Page, screen: string) {
  expect(await violations(page), screen).toEqual([]);
}

test("offline at the company the record is edited, an F2 service recorded and the convenzione signed on the screen; it survives a reload, syncs, and the desk sees it all, both signatures and the PDF included", async ({ browser, relay }) => {
  test.setTimeout(240_000);
  const desk = await deskOf(browser, relay.url);
  const code = await desk.operator.createEnrollmentCode();
  const { page, tablet, badge, network, url } = await readyTablet(browser, relay.url, code, PORTRAIT);

  // Two booked visits of the demo CPI go into the plan; their records come to the tablet.
  const plan = new VisitPlan(page);
  await plan.open();
  await plan.addBooked(2);
  await expect(plan.planned()).toHaveCount(2);
  const [company, other] = await plan.plannedIds();
  for (const id of [company, other]) {
    await expect(plan.onDevice(id)).toHaveText("Scheda sul tablet", { timeout: 20_000 });
    await expect(plan.outbox(id)).toHaveText("Tutto arrivato al server");
    await expect.poll(() => storedOnDevice(page, id), { timeout: 20_000 }).toBe(true);
  }
  await noViolations(page, "/operatore/visite");

  // At the company, with the network off: the visit, then the convenzione.
  await network.off();
  await badge.expectOffline();
  await plan.row(company).getByRole("button", { name: "Visita fatta oggi" }).tap();
  await expect(plan.outbox(company)).toHaveText(/^\d+ modific(a|he) solo su questo tablet$/);
  // The record: a new phone number and the needs analysis F2 with its minutes, offline.
  await plan.row(company).getByRole("link", { name: "Scheda" }).tap();
  const record = new CompanyRecord(page);
  const services = record.section("Servizi all'impresa").locator("tr.service-row");
  await expect(record.section("Recapiti e persona di riferimento")).toBeVisible({ timeout: 20_000 });
  const servicesBefore = await services.count();
  await record.save("Recapiti e persona di riferimento", { Telefono: "080 5557788" }, "Salva i recapiti");
  const today = await page.evaluate(() => {
    const d = new Date();
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
  });
  await record.recordService("F2", "95", today);
  await expect(services).toHaveCount(servicesBefore + 1);
  await expect(record.pending()).not.toHaveText("Scheda salvata sul server");
  await plan.open();
  const conv = await plan.openConvenzione(company);
  await expect(conv.status()).toHaveText("Convenzione non ancora firmata.");
  const hash = (await page.getByTestId("convenzione-hash").textContent())!;
  expect(hash).toMatch(/^[0-9a-f]{64}$/);
  await noViolations(page, "/operatore/impresa/:id/convenzione");

  // A signature needs a stroke: a tap is refused with the reason.
  await conv.typeSigner("cpi", "Anna Bianchi");
  await conv.pad("cpi").tap();
  await conv.sign("cpi");
  await expect(conv.card("cpi").getByRole("alert")).toHaveText("Firma nel riquadro con il dito o la penna: il tratto è troppo corto.");
  await conv.card("cpi").getByRole("button", { name: /^Cancella la firma/ }).tap();

  await conv.drawWithMouse("cpi");
  await expect(conv.card("cpi").getByText("Firma disegnata")).toBeVisible();
  await conv.sign("cpi");
  await expect(conv.signer("cpi")).toHaveText("Anna Bianchi");
  await expect(conv.status()).toHaveText("Manca la firma per l'impresa.");
  await conv.typeSigner("azienda", "Giulia Lorusso");
  await conv.drawWithFinger("azienda");
  await expect(conv.card("azienda").getByText("Firma disegnata")).toBeVisible();
  await conv.sign("azienda");
  await expect(conv.card("azienda").getByRole("alert")).toHaveCount(0);
  await expect(conv.status()).toHaveText("Convenzione firmata da entrambe le parti.");
  await expect(conv.signer("azienda")).toHaveText("Giulia Lorusso");
  await expect(conv.syncNote()).toHaveText(/modifiche della scheda solo su questo dispositivo/);
  for (const party of ["cpi", "azienda"] as const) await expect(conv.drawnPath(party)).toHaveAttribute("d", /^M\d+ \d+L/);
  const drawn = {
    cpi: (await conv.drawnPath("cpi").getAttribute("d"))!,
    azienda: (await conv.drawnPath("azienda").getAttribute("d"))!,
  };

  // Reloaded while offline: the PIN, then the same signatures from the encrypted copy.
  await page.reload();
  await expect(tablet.lockScreen()).toBeVisible({ timeout: 20_000 });
  await tablet.typePin(PIN);
  await expect(conv.status()).toHaveText("Convenzione firmata da entrambe le parti.", { timeout: 20_000 });
  await expect(conv.signer("cpi")).toHaveText("Anna Bianchi");
  await expect(conv.signer("azienda")).toHaveText("Giulia Lorusso");
  const times = [await conv.signedAt("cpi").textContent(), await conv.signedAt("azienda").textContent()];
  for (const t of times) expect(t).toMatch(/^\d\d\/\d\d\/\d{4} alle \d\d:\d\d$/);

  // The plan's outbox shows what only the tablet has; back online it empties.
  await plan.open();
  await expect(plan.outbox(company)).toHaveText(/^\d+ modific(a|he) solo su questo tablet$/);
  await expect(plan.outbox(other)).toHaveText("Nessuna modifica in attesa");
  await network.on();
  await expect(plan.outbox(company)).toHaveText("Tutto arrivato al server", { timeout: 30_000 });
  await expect(plan.row(company)).toContainText("Convenzione firmata");

  // A desk operator in another browser sees both signatures, names, times and strokes.
  const atDesk = new Convenzione(desk.page);
  await atDesk.goto(relay.url, company);
  await expect(atDesk.status()).toHaveText("Convenzione firmata da entrambe le parti.", { timeout: 20_000 });
  await expect(atDesk.signer("cpi")).toHaveText("Anna Bianchi");
  await expect(atDesk.signer("azienda")).toHaveText("Giulia Lorusso");
  expect([await atDesk.signedAt("cpi").textContent(), await atDesk.signedAt("azienda").textContent()]).toEqual(times);
  await expect(desk.page.getByTestId("convenzione-hash")).toHaveText(hash);
  for (const party of ["cpi", "azienda"] as const) {
    await expect(atDesk.drawnPath(party)).toHaveAttribute("d", drawn[party]);
  }
  const pdf = await atDesk.download();
  const text = await pdfText(pdf);
  expect(text).toContain("CONVENZIONE DI SERVIZIO");
  expect(text).toContain("Firmatario: Anna Bianchi");
  expect(text).toContain("Firmatario: Giulia Lorusso");
  expect(text).toContain(hash);

  // The record's offline edits reached the desk too.
  await desk.page.goto(`${relay.url}/operatore/impresa/${company}`);
  const atDeskRecord = new CompanyRecord(desk.page);
  await expect(atDeskRecord.section("Recapiti e persona di riferimento").getByLabel("Telefono", { exact: true })).toHaveValue("080 5557788", { timeout: 20_000 });
  await expect(atDeskRecord.section("Servizi all'impresa").locator("tr.service-row")).toHaveCount(servicesBefore + 1);
  await atDesk.goto(relay.url, company);

  // A change of the record after signing: the convenzione is signed no more, on both devices.
  await atDesk.setRepresentative("Marco Lorusso");
  await expect(atDesk.status()).toHaveText(/^Convenzione non più firmata: i dati dell'impresa sono cambiati dopo la firma/);
  await expect(desk.page.getByTestId("convenzione-hash")).not.toHaveText(hash);
  await page.goto(`${url}/operatore/impresa/${company}/convenzione`);
  await tablet.typePin(PIN);
  await expect(conv.status()).toHaveText(/^Convenzione non più firmata/, { timeout: 20_000 });
});

test("a record taken off the plan stays on the tablet while it has changes only there, and leaves once the relay has them", async ({ browser, relay }) => {
  test.setTimeout(180_000);
  const desk = await deskOf(browser, relay.url);
  const code = await desk.operator.createEnrollmentCode();
  const { page, badge, network } = await readyTablet(browser, relay.url, code, LANDSCAPE);
  const plan = new VisitPlan(page);
  await plan.open();
  await plan.addBooked(1);
  const name = await plan.addBySearch("trasporti");
  await expect(plan.planned()).toHaveCount(2);
  const [, company] = await plan.plannedIds();
  await expect(plan.row(company)).toContainText(name);
  await expect(plan.onDevice(company)).toHaveText("Scheda sul tablet", { timeout: 20_000 });
  await noViolations(page, "/operatore/visite (landscape)");

  // Offline: an edit of the record, then it is taken off the plan.
  await network.off();
  await badge.expectOffline();
  const conv = await plan.openConvenzione(company);
  await noViolations(page, "/operatore/impresa/:id/convenzione (landscape)");
  await conv.setRepresentative("Paola Rinaldi");
  await plan.open();
  await expect(plan.outbox(company)).toHaveText(/^\d+ modific(a|he) solo su questo tablet$/);
  await plan.remove(company);
  await expect(plan.row(company)).toHaveClass(/leaving/);
  await expect(plan.row(company)).toContainText("resta sul tablet finché il server non ha tutte le sue modifiche");
  await expect(plan.outbox(company)).toHaveText(/^\d+ modific(a|he) solo su questo tablet$/);
  expect(await storedOnDevice(page, company)).toBe(true);

  // Back online: the change reaches the relay, then the record leaves the tablet.
  await network.on();
  await expect(plan.row(company)).toHaveCount(0, { timeout: 30_000 });
  await expect.poll(() => storedOnDevice(page, company), { timeout: 20_000 }).toBe(false);
  await expect(plan.planned()).toHaveCount(1);
  const atDesk = new Convenzione(desk.page);
  await atDesk.goto(relay.url, company);
  await expect(desk.page.getByLabel("Nome e cognome", { exact: true })).toHaveValue("Paola Rinaldi", { timeout: 20_000 });
});

test("a record opened outside the plan stays on the tablet while it is on screen or has changes only there, then leaves; the plan's records stay", async ({ browser, relay }) => {
  test.setTimeout(180_000);
  const desk = await deskOf(browser, relay.url);
  const code = await desk.operator.createEnrollmentCode();
  const { page, badge, network } = await readyTablet(browser, relay.url, code, PORTRAIT);
  const plan = new VisitPlan(page);
  await plan.open();
  await plan.addBooked(1);
  const [planned] = await plan.plannedIds();
  await expect.poll(() => storedOnDevice(page, planned), { timeout: 20_000 }).toBe(true);

  // A company found by search, not in the plan: opened online, it comes to the tablet.
  await page.getByRole("navigation", { name: "Sezioni dell'area operatori" }).getByRole("link", { name: "Imprese" }).tap();
  const companies = new Companies(page);
  await companies.searchBox().fill("trasporti");
  const hit = companies.results().filter({ hasNot: page.locator(`a[href$="${planned}"]`) }).first();
  const href = (await hit.locator("a").getAttribute("href"))!;
  const other = href.replace("/operatore/impresa/", "");
  await hit.locator("a").tap();
  const record = new CompanyRecord(page);
  await expect(record.section("Recapiti e persona di riferimento")).toBeVisible({ timeout: 20_000 });
  await expect.poll(() => storedOnDevice(page, other), { timeout: 20_000 }).toBe(true);
  // On screen it stays, however long the officer reads it (the tablet checks every 3 s).
  await page.waitForTimeout(7_000);
  expect(await storedOnDevice(page, other)).toBe(true);

  // Offline, an edit; the officer moves on: the change is only here, so the record stays.
  await network.off();
  await badge.expectOffline();
  await record.save("Recapiti e persona di riferimento", { Telefono: "080 5551234" }, "Salva i recapiti");
  await plan.open();
  await page.waitForTimeout(7_000);
  expect(await storedOnDevice(page, other)).toBe(true);

  // Back online: once the relay has the change, the record leaves; the planned one stays.
  await network.on();
  await expect.poll(() => storedOnDevice(page, other), { timeout: 30_000 }).toBe(false);
  expect(await storedOnDevice(page, planned)).toBe(true);
  await page.waitForTimeout(4_000);
  expect(await storedOnDevice(page, planned)).toBe(true);
  // Nothing was lost: the desk reads the edit made offline.
  await desk.page.goto(`${relay.url}/operatore/impresa/${other}`);
  await expect(new CompanyRecord(desk.page).section("Recapiti e persona di riferimento").getByLabel("Telefono", { exact: true })).toHaveValue("080 5551234", { timeout: 20_000 });
});
