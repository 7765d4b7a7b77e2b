import { test, expect } from "./fixtures";
import { TotemPage } from "./pages/totem";

test("after one visit the totem shows the full charter with the relay stopped", async ({ page, relay }) => {
  const totem = new TotemPage(page, relay.url);
  await totem.open("bari");
  await expect(totem.title()).toHaveText("Centro per l'Impiego di Bari");

  // The service worker has cached the shell and the wasm once it controls the page.
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((ok) => navigator.serviceWorker.addEventListener("controllerchange", ok, { once: true }));
    }
  });

  await relay.stop();
  const health = await page.evaluate(async (url) => fetch(url).then(() => "up", () => "down"), `${relay.url}/healthz`);
  expect(health).toBe("down");

  await page.reload();
  await expect(totem.title()).toHaveText("Centro per l'Impiego di Bari");
  await expect(totem.charter().getByRole("link")).toHaveCount(7);

  // Navigation inside the app keeps working offline.
  await totem.openArea("B");
  await totem.openService("B1");
  await expect(totem.durationFor("T1")).toHaveText("60 minuti");

  // A deep link typed while offline is served from the cached shell too.
  await page.goto(`${relay.url}/totem/bari/servizio/A4`);
  await expect(totem.title()).toContainText("A4");
});
