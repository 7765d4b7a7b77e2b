// The operator edits the CPI's public board; the totem shows it. Each device has its own
// network link to the relay, so either can be cut while the other carries on.
import { test, expect } from "./fixtures";
import { NetworkLink } from "../support/proxy.mjs";
import { OperatorPage } from "./pages/operator";
import { EnrolledTotem } from "./pages/totem";
import { storedOnDevice } from "./pages/device";

test("operator and totem stay in sync through partitions on either side", async ({ browser, relay }) => {
  const port = Number(new URL(relay.url).port);
  const operatorLink = await NetworkLink.open(port);
  const totemLink = await NetworkLink.open(port);
  const operatorContext = await browser.newContext();
  const totemContext = await browser.newContext();
  try {
    const operator = new OperatorPage(await operatorContext.newPage(), operatorLink.url);
    await operator.login("operatore.bari", "demo-bari");
    const opBadge = operator.syncBadge();
    await opBadge.expectOnline();
    await opBadge.expectAllSaved();

    const code = await operator.createEnrollmentCode();
    const totem = new EnrolledTotem(await totemContext.newPage(), totemLink.url);
    await totem.enroll("bari", code);
    const totemBadge = totem.syncBadge();
    await totemBadge.expectOnline();
    // The demo board reached the totem: notices and the referral directory (A2).
    await expect(totem.notices().first()).toHaveText("Garanzia Giovani: colloqui di orientamento");
    await expect(totem.directory()).toContainText(["INPS – Agenzia di Bari"]);

    // 1. The operator edits, the totem shows it.
    await operator.addNotice("Chiusura straordinaria il 2 gennaio", "Il CPI resterà chiuso per inventario.");
    await opBadge.expectAllSaved();
    await expect(totem.notices().first()).toHaveText("Chiusura straordinaria il 2 gennaio");

    // 2. The totem goes offline while the operator edits: it keeps the last board it had.
    totemLink.cut();
    await totemBadge.expectOffline();
    await operator.renameNotice("Chiusura straordinaria il 2 gennaio", "Chiusura straordinaria il 3 gennaio");
    await opBadge.expectAllSaved();
    await expect(totem.notices().first()).toHaveText("Chiusura straordinaria il 2 gennaio");
    totemLink.restore();
    await totemBadge.expectOnline();
    await expect(totem.notices().first()).toHaveText("Chiusura straordinaria il 3 gennaio");

    // 3. The operator goes offline and keeps editing; nothing claims to be saved.
    operatorLink.cut();
    await opBadge.expectOffline();
    await operator.addNotice("Avviso scritto senza rete", "Arriverà al ritorno della connessione.");
    await expect(operator.noticeTitles().first()).toHaveValue("Avviso scritto senza rete");
    await expect(opBadge.root.locator(".sync-pending")).toHaveText(/^\d+ modific(a|he) da inviare$/);
    await expect(totem.notices()).not.toContainText(["Avviso scritto senza rete"]);
    operatorLink.restore();
    await opBadge.expectOnline();
    await opBadge.expectAllSaved();
    await expect(totem.notices().first()).toHaveText("Avviso scritto senza rete");

    // Both sides converge to the same board.
    const onOperator = await Promise.all((await operator.noticeTitles().all()).map((f) => f.inputValue()));
    await expect(totem.notices()).toHaveText(onOperator);
  } finally {
    await operatorContext.close();
    await totemContext.close();
    await operatorLink.close();
    await totemLink.close();
  }
});

test("an operator offline after a first sign-in reloads and keeps editing", async ({ browser, relay }) => {
  const link = await NetworkLink.open(Number(new URL(relay.url).port));
  const context = await browser.newContext();
  try {
    const operator = new OperatorPage(await context.newPage(), link.url);
    await operator.login("operatore.lecce", "demo-lecce");
    await operator.syncBadge().expectAllSaved();
    await operator.page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    // "Saved" speaks of the relay; the device writes its own copy right after.
    const board = await operator.page.evaluate(() => JSON.parse(localStorage.getItem("sportello.operator")!).board);
    await expect.poll(() => storedOnDevice(operator.page, board)).toBe(true);

    link.cut();
    await operator.page.reload();
    await expect(operator.page.getByRole("heading", { name: "Bacheca pubblica del CPI" })).toBeVisible();
    await operator.syncBadge().expectOffline();
    // The device synced before the reload: the badge still says when (not "Mai sincronizzato").
    await expect(operator.syncBadge().root.locator(".sync-last")).toHaveText(/^Ultima sincronizzazione: \d\d:\d\d:\d\d$/);
    await expect(operator.noticeTitles().first()).toHaveValue("Garanzia Giovani: colloqui di orientamento");
    await operator.addNotice("Scritto dopo il ricaricamento", "Senza rete.");
    await expect(operator.syncBadge().root.locator(".sync-pending")).toHaveText(/modific(a|he) da inviare/);

    // Reload again while still offline: the pending change survived in IndexedDB.
    await operator.page.reload();
    await expect(operator.noticeTitles().first()).toHaveValue("Scritto dopo il ricaricamento");
    await expect(operator.syncBadge().root.locator(".sync-pending")).toHaveText(/modific(a|he) da inviare/);

    link.restore();
    await operator.syncBadge().expectAllSaved();
  } finally {
    await context.close();
    await link.close();
  }
});

test("wrong credentials get a clear message and nothing else", async ({ page, relay }) => {
  await page.goto(`${relay.url}/operatore`);
  await page.getByLabel("Nome utente").fill("operatore.bari");
  await page.getByLabel("Password").fill("sbagliata");
  await page.getByRole("button", { name: "Accedi" }).click();
  await expect(page.getByRole("alert")).toHaveText("Credenziali non valide.");
  await expect(page.getByRole("heading", { name: "Accesso operatori" })).toBeVisible();
});
