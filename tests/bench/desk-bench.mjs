// Desk benchmark: opens the app's /prestazioni page in Debian's Chromium against the real
// relay and prints what it measured in WASM — loading a 100,000-dossier index document,
// search per keystroke, the worklist; then a 20,000-company index: loading it and the
// company search per keystroke. Each round is a fresh page; a figure is the median of the
// rounds, with its spread. Nothing passes or fails on the figures.
//
//   node bench/desk-bench.mjs [--dossiers N] [--companies N] [--rounds R]
import { chromium } from "@playwright/test";
import { parseArgs } from "node:util";
import { Relay } from "../support/relay.mjs";
import { median } from "./stats.mjs";

const { values } = parseArgs({
  options: {
    dossiers: { type: "string", default: "100000" },
    companies: { type: "string", default: "20000" },
    rounds: { type: "string", default: "3" },
  },
  strict: false,
});
const count = Number(values.dossiers);
const companies = Number(values.companies);
const rounds = Number(values.rounds);
for (const [name, n] of [["dossiers", count], ["companies", companies], ["rounds", rounds]]) {
  if (!Number.isInteger(n) || n < 1) {
    console.error(`--${name} must be a positive integer, got ${values[name]}`);
    process.exit(2);
  }
}

/** One round on a fresh page: the page's rows as [label, text]. */
async function measure(browser, url) {
  const page = await browser.newPage();
  try {
    await page.goto(url);
    await page.getByRole("button", { name: "Misura" }).click();
    await page.locator("[data-bench-done]").waitFor({ timeout: 600_000 });
    return await page.locator("[data-bench-done] tr").evaluateAll((trs) =>
      trs.map((tr) => [tr.querySelector("th")?.textContent ?? "", tr.querySelector("td")?.textContent ?? ""]),
    );
  } finally {
    await page.close();
  }
}

/**
 * The rounds' texts of one row as one: a figure that starts with a number ("3.30 ms", "1,204 KB")
 * becomes the median with the spread; any other text is the first round's.
 */
function combine(texts) {
  const parsed = texts.map((t) => t.match(/^\s*([\d.,]+)\s*(.*)$/));
  if (parsed.some((m) => !m)) return texts[0];
  const numbers = parsed.map((m) => Number(m[1].replace(/,/g, "")));
  if (numbers.some(Number.isNaN) || texts.length === 1) return texts[0];
  const unit = parsed[0][2];
  const decimals = Math.max(...parsed.map((m) => (m[1].split(".")[1] ?? "").length));
  const fmt = (n) => n.toFixed(decimals);
  const figure = [fmt(median(numbers)), unit].filter(Boolean).join(" ");
  return `${figure}  (${fmt(Math.min(...numbers))}–${fmt(Math.max(...numbers))})`;
}

const relay = await Relay.start({ demo: false });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium" });
try {
  const url = `${relay.url}/prestazioni?n=${count}&imprese=${companies}`;
  const all = [];
  for (let r = 0; r < rounds; r++) all.push(await measure(browser, url));
  const version = browser.version();
  console.log(
    `\nOperators' desk in WASM (Chromium ${version}), ${count} dossiers, ${companies} companies; medians of ${rounds} round(s), spread in brackets`,
  );
  const labels = all[0].map(([label]) => label);
  const width = Math.max(...labels.map((label) => label.length));
  labels.forEach((label, i) => {
    const texts = all.map((rows) => rows.find(([l]) => l === label)?.[1] ?? "");
    console.log(`  ${label.padEnd(width)}  ${combine(texts)}`);
  });
} finally {
  await browser.close();
  await relay.dispose();
}
