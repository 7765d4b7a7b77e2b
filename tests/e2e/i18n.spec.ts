// Five languages on every citizen screen, Arabic right to left, never a raw key.
import { test, expect } from "./fixtures";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { TotemPage, chooseLanguage } from "./pages/totem";

const I18N_DIR = new URL("../../src/i18n/", import.meta.url).pathname;
const SRC_DIR = new URL("../../src/", import.meta.url).pathname;
const LANGUAGES = { it: "Italiano", en: "English", fr: "Français", ar: "العربية", sq: "Shqip" } as const;

function keysOf(lang: string): Set<string> {
  const text = readFileSync(join(I18N_DIR, `${lang}.ftl`), "utf8");
  return new Set([...text.matchAll(/^([a-z][a-z0-9-]*)\s*=/gm)].map((m) => m[1]));
}

function rustFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? rustFiles(join(dir, e.name)) : e.name.endsWith(".rs") ? [join(dir, e.name)] : [],
  );
}

test("every text the code asks for exists in Italian, and every language has every text", () => {
  const italian = keysOf("it");
  const used = new Set(
    rustFiles(SRC_DIR).flatMap((f) => [...readFileSync(f, "utf8").matchAll(/\bt(?:_with)?\(\s*"([a-z][a-z0-9-]*)"/g)].map((m) => m[1])),
  );
  expect(used.size).toBeGreaterThan(30);
  expect([...used].filter((k) => !italian.has(k)), "keys used in code but missing in it.ftl").toEqual([]);
  for (const lang of Object.keys(LANGUAGES)) {
    const keys = keysOf(lang);
    expect([...italian].filter((k) => !keys.has(k)), `keys missing in ${lang}.ftl`).toEqual([]);
    expect([...keys].filter((k) => !italian.has(k)), `unknown keys in ${lang}.ftl`).toEqual([]);
  }
});

test("a citizen reads the charter in English, down to B1's duration", async ({ page, relay }) => {
  const totem = new TotemPage(page, relay.url);
  await totem.open("bari");
  await chooseLanguage(page, "English");
  await expect(totem.title()).toHaveText("Job Centre of Bari");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await page.getByRole("region", { name: "Charter of services" }).getByRole("link", { name: /^B\b/ }).click();
  await page.getByRole("link", { name: /^B1\b/ }).click();
  await expect(page.getByRole("heading", { name: "What it is" })).toBeVisible();
  await expect(totem.durationFor("T1")).toHaveText("60 minutes");
});

test("Arabic lays the whole page out right to left", async ({ page, relay }, testInfo) => {
  const totem = new TotemPage(page, relay.url);
  await page.goto(`${relay.url}/totem/bari/servizio/B1`);
  await chooseLanguage(page, "العربية");
  await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
  await expect(page.locator("html")).toHaveAttribute("lang", "ar");
  await expect(totem.durationFor("T1")).toHaveText("60 دقيقة");
  // The code badge sits at the right edge of the title in a right-to-left layout.
  const title = await page.locator("#service-title").boundingBox();
  const badge = await page.locator("#service-title .service-code").boundingBox();
  expect(badge!.x + badge!.width).toBeGreaterThan(title!.x + title!.width - 40);
  await testInfo.attach("totem-arabic", { body: await page.screenshot({ fullPage: true }), contentType: "image/png" });
});

// One test per language: each makes five full page loads, which take 30-40 s on CI's loaded 2-core
// machine; a single test of all 25 timed out there even at 180 s.
for (const [code, name] of Object.entries(LANGUAGES)) {
  test(`no screen shows an untranslated key, in ${name}`, async ({ page, relay }) => {
    test.setTimeout(120_000);
    const keys = keysOf("it");
    const screens = ["/totem/bari", "/totem/bari/servizi/A", "/totem/bari/servizio/A2", "/totem/bari/servizio/G1", "/"];
    for (const path of screens) {
      await page.goto(relay.url + path);
      await chooseLanguage(page, name);
      await expect(page.locator("html")).toHaveAttribute("lang", code);
      const text = await page.locator("body").innerText();
      const leaked = [...keys].filter((k) => new RegExp(`(^|\\s)${k}(\\s|$)`).test(text));
      expect(leaked, `${code} ${path}`).toEqual([]);
      expect(text.trim().length, `${code} ${path} is empty`).toBeGreaterThan(100);
    }
  });
}
