// A change the relay acknowledged survives kill -9.
import { test, expect } from "./fixtures";
import { OperatorPage } from "./pages/operator";

test("kill -9 right after the relay acknowledged a change loses nothing", async ({ browser, relay }) => {
  const context = await browser.newContext();
  try {
    const operator = new OperatorPage(await context.newPage(), relay.url);
    await operator.login("operatore.taranto", "demo-taranto");
    await operator.syncBadge().expectAllSaved();
    await operator.addNotice("Da conservare dopo un crash", "Il relay viene ucciso subito dopo.");
    // "Tutto salvato sul server" is the acknowledgement: kill at once.
    await operator.syncBadge().expectAllSaved();
    await relay.kill();
    await relay.launch();
  } finally {
    await context.close();
  }

  // A brand-new device (empty IndexedDB) gets the notice from the restarted relay.
  const fresh = await browser.newContext();
  try {
    const operator = new OperatorPage(await fresh.newPage(), relay.url);
    await operator.login("operatore.taranto", "demo-taranto");
    await expect(operator.noticeTitles().first()).toHaveValue("Da conservare dopo un crash");
  } finally {
    await fresh.close();
  }
});
