import { test, expect } from "./fixtures";
import { TotemPage } from "./pages/totem";

test("the totem of Bari shows the CPI and its charter down to B1's duration for T1", async ({ page, relay }) => {
  const totem = new TotemPage(page, relay.url);
  await totem.open("bari");

  await expect(totem.title()).toHaveText("Centro per l'Impiego di Bari");
  await expect(page.getByRole("heading", { name: "Orari di apertura" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Contatti" })).toBeVisible();
  await expect(totem.charter().getByRole("link")).toHaveCount(7);

  await totem.openArea("B");
  await totem.openService("B1");

  await expect(page.getByRole("heading", { name: "Che cos'è" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "A chi è rivolto" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Condizioni" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Riferimenti normativi" })).toBeVisible();
  await expect(totem.durationFor("T1")).toHaveText("60 minuti");
  await expect(totem.durationFor("T3")).toHaveText("75 minuti");
});

test("every charter service screen is reachable and shows its durations", async ({ page, relay }) => {
  const totem = new TotemPage(page, relay.url);
  await page.goto(`${relay.url}/totem/foggia/servizio/G1`);
  await expect(totem.title()).toContainText("G1");
  await expect(totem.durationFor("Imprese")).toHaveText("180 minuti");

  await page.goto(`${relay.url}/totem/lecce/servizio/E1`);
  await expect(totem.durationFor("T5")).toHaveText("120 minuti");
  await expect(totem.durationFor("T1")).toHaveText("Non prevista");
});

test("touch targets on the totem are at least 44 px", async ({ page, relay }) => {
  const totem = new TotemPage(page, relay.url);
  for (const path of ["/totem/bari", "/totem/bari/servizi/A", "/totem/bari/servizio/B1"]) {
    await page.goto(relay.url + path);
    await expect(totem.title()).toBeVisible();
    expect(await totem.smallTargets(44), `small targets on ${path}`).toEqual([]);
  }
});

test("an unknown CPI gets a clear message, not a blank page", async ({ page, relay }) => {
  await page.goto(`${relay.url}/totem/atlantide`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Centro per l'Impiego non trovato");
  await expect(page.getByRole("link", { name: "Elenco dei Centri per l'Impiego" })).toBeVisible();
});
