// What stays on a device after someone leaves it.
import { test, expect } from "./fixtures";
import type { Page } from "@playwright/test";
import { OperatorPage } from "./pages/operator";
import { syncUrl } from "../support/api.mjs";

/** How many documents this origin keeps in IndexedDB. */
function storedDocuments(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((ok, fail) => {
        const open = indexedDB.open("sportello");
        open.onerror = () => fail(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains("docs")) return ok(0);
          const count = db.transaction("docs").objectStore("docs").count();
          count.onsuccess = () => {
            ok(count.result);
            db.close();
          };
        };
      }),
  );
}

test("logging out wipes the CPI's documents and ends the session on the relay", async ({ page, relay }) => {
  const operator = new OperatorPage(page, relay.url);
  await operator.login("operatore.brindisi", "demo-brindisi");
  await operator.syncBadge().expectAllSaved();
  expect(await storedDocuments(page)).toBeGreaterThan(0);
  const token = await page.evaluate(() => JSON.parse(localStorage.getItem("sportello.operator")!).token);

  await page.getByRole("button", { name: "Esci" }).click();
  await expect(page.getByRole("heading", { name: "Accesso operatori" })).toBeVisible();
  await expect.poll(() => storedDocuments(page)).toBe(0);
  expect(await page.evaluate(() => localStorage.getItem("sportello.operator"))).toBeNull();
  // Its documents are gone, and so is the time they last synced.
  expect(await page.evaluate(() => localStorage.getItem("sportello.last-sync"))).toBeNull();
  // The ended session gets no ticket, so no socket.
  await expect(syncUrl(relay.url, token)).rejects.toThrow("sync ticket: 401");
});

test("logging out with changes the relay doesn't have asks first", async ({ page, relay }) => {
  const operator = new OperatorPage(page, relay.url);
  await operator.login("operatore.foggia", "demo-foggia");
  await operator.syncBadge().expectAllSaved();
  await relay.stop();
  await operator.syncBadge().expectOffline();
  await operator.addNotice("Non ancora inviato", "Scritto a relay spento.");

  let question = "";
  page.once("dialog", async (dialog) => {
    question = dialog.message();
    await dialog.dismiss();
  });
  await page.getByRole("button", { name: "Esci" }).click();
  expect(question).toMatch(/^Ci sono \d+ modifiche non ancora arrivate al server/);
  // Dismissed: still signed in, the change still there.
  await expect(operator.noticeTitles().first()).toHaveValue("Non ancora inviato");
  expect(await storedDocuments(page)).toBeGreaterThan(0);
});

test("an expired session says so, and the changes made meanwhile go out after signing in again", async ({ browser, relay }) => {
  const { NetworkLink } = await import("../support/proxy.mjs");
  const link = await NetworkLink.open(Number(new URL(relay.url).port));
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const operator = new OperatorPage(page, link.url);
    await operator.login("operatore.bitonto", "demo-bitonto");
    await operator.syncBadge().expectAllSaved();
    const token = await page.evaluate(() => JSON.parse(localStorage.getItem("sportello.operator")!).token);

    link.cut();
    await operator.syncBadge().expectOffline();
    await operator.addNotice("Scritto prima della scadenza", "Deve arrivare comunque.");
    // The session ends on the relay while the device is away (as at expiry).
    await fetch(`${relay.url}/api/logout`, { method: "POST", headers: { authorization: `Bearer ${token}` } });
    link.restore();

    await expect(page.getByRole("alert")).toContainText("La sessione è scaduta", { timeout: 20_000 });
    await operator.syncBadge().expectOffline();
    await page.getByRole("button", { name: "Accedi di nuovo" }).click();
    await operator.login("operatore.bitonto", "demo-bitonto");
    await operator.syncBadge().expectAllSaved();
    await expect(operator.noticeTitles().first()).toHaveValue("Scritto prima della scadenza");
  } finally {
    await context.close();
    await link.close();
  }
});

test("a dossier opened offline reaches the audit log after a logout, with its operator's next sign-in only", async ({ browser, relay }) => {
  const { NetworkLink } = await import("../support/proxy.mjs");
  const { Dossier, Worklist } = await import("./pages/desk");
  const link = await NetworkLink.open(Number(new URL(relay.url).port));
  const contexts = [await browser.newContext(), await browser.newContext()];
  try {
    const [deskPage, headPage] = await Promise.all(contexts.map((c) => c.newPage()));
    const desk = new OperatorPage(deskPage, link.url);
    await desk.signIn("operatore.lecce", "demo-lecce");
    const worklist = new Worklist(deskPage);
    const first = worklist.rows().first().getByRole("link");
    const name = (await first.textContent())!;
    const dossier = new Dossier(deskPage);
    // Opened online (reported at once) and kept on the desk...
    await first.click();
    await expect(dossier.title()).toHaveText(name);
    await deskPage.getByRole("button", { name: "Tieni su questo dispositivo" }).click();
    await desk.syncBadge().expectAllSaved();
    await worklist.open(desk);

    // ...then opened again with the network gone, and the operator leaves.
    link.cut();
    await desk.syncBadge().expectOffline();
    await worklist.rowsFor(name).first().getByRole("link").click();
    await expect(dossier.title()).toHaveText(name);
    await deskPage.getByRole("button", { name: "Esci" }).click();
    await expect(deskPage.getByRole("heading", { name: "Accesso operatori" })).toBeVisible();
    await expect.poll(() => storedDocuments(deskPage)).toBe(0);
    // What stays on the desk names no citizen: a dossier id, a time and the operator.
    const queued = await deskPage.evaluate(() => localStorage.getItem("sportello.audit-opens"));
    const entries: Record<string, unknown>[] = JSON.parse(queued!);
    expect(entries).toHaveLength(1);
    expect(Object.keys(entries[0]).sort()).toEqual(["at_ms", "by", "doc"]);
    expect(entries[0].by).toBe("operator:operatore.lecce@lecce");
    expect(queued).not.toContain(name.split(" ")[0]);

    const openRows = (page: typeof headPage, who: string) =>
      page.locator("tr.audit-row").filter({ hasText: who }).filter({ hasText: "Aperto a schermo" }).filter({ hasText: name });

    // Someone else signing in on that desk does not send it under their name.
    link.restore();
    await desk.signIn("responsabile.lecce", "demo-lecce");
    await desk.syncBadge().expectAllSaved();
    await desk.openSection("Registro accessi");
    await expect(openRows(deskPage, "operator:operatore.lecce@lecce")).toHaveCount(1);
    await expect(openRows(deskPage, "operator:responsabile.lecce@lecce")).toHaveCount(0);
    expect(await deskPage.evaluate(() => localStorage.getItem("sportello.audit-opens"))).toContain("operatore.lecce");
    await deskPage.getByRole("button", { name: "Esci" }).click();

    // The operator's next sign-in on the desk sends it; the head reads both opens.
    await desk.signIn("operatore.lecce", "demo-lecce");
    await expect.poll(() => deskPage.evaluate(() => localStorage.getItem("sportello.audit-opens")), { timeout: 20_000 }).toBeNull();
    const head = new OperatorPage(headPage, relay.url);
    await head.signIn("responsabile.lecce", "demo-lecce");
    await head.openSection("Registro accessi");
    await expect(openRows(headPage, "operator:operatore.lecce@lecce")).toHaveCount(2);
  } finally {
    for (const c of contexts) await c.close();
    await link.close();
  }
});
