// Desk benchmark: opens the app's /prestazioni page in Debian's Chromium against the real
// relay and prints what it measured in WASM — loading a 100,000-dossier index document,
// search per keystroke, the worklist; then a 20,000-company index: loading it and the
// company search per keystroke. Nothing passes or fails on the figures.
//
//   node bench/desk-bench.mjs [--dossiers N] [--companies N]
import { chromium } from "@playwright/test";
import { parseArgs } from "node:util";
import { Relay } from "../support/relay.mjs";

const { values } = parseArgs({
  options: { dossiers: { type: "string", default: "100000" }, companies: { type: "string", default: "20000" } },
  strict: false,
});
const count = Number(values.dossiers);
const companies = Number(values.companies);
for (const [name, n] of [["dossiers", count], ["companies", companies]]) {
  if (!Number.isInteger(n) || n < 1) {
    console.error(`--${name} must be a positive integer, got ${values[name]}`);
    process.exit(2);
  }
}

const relay = await Relay.start({ demo: false });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium" });
try {
  const page = await browser.newPage();
  await page.goto(`${relay.url}/prestazioni?n=${count}&imprese=${companies}`);
  await page.getByRole("button", { name: "Misura" }).click();
  await page.locator("[data-bench-done]").waitFor({ timeout: 600_000 });
  const rows = await page.locator("[data-bench-done] tr").evaluateAll((trs) =>
    trs.map((tr) => [tr.querySelector("th")?.textContent ?? "", tr.querySelector("td")?.textContent ?? ""]),
  );
  const version = browser.version();
  console.log(`\nOperators' desk in WASM (Chromium ${version}), ${count} dossiers, ${companies} companies`);
  const width = Math.max(...rows.map(([label]) => label.length));
  for (const [label, value] of rows) console.log(`  ${label.padEnd(width)}  ${value}`);
} finally {
  await browser.close();
  await relay.dispose();
}
