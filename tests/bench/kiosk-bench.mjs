// Kiosk benchmark: what a totem downloads and how soon it shows the charter, and what a
// citizen's phone downloads for the page a totem's QR code opens. Prints, for the kiosk build
// (dist/kiosk/, what the relay serves at /totem/*), the phone pages (dist/phone/, served at
// /coda/* and /offerte/*) and for comparison the full app (dist/), each asset's size raw, gzip
// and brotli (the precompressed copies the relay sends) and the totals; what a first visit to
// /totem/bari transfers over the wire; and the median time from navigation to the charter on
// screen in Debian's Chromium, over several runs in two conditions: 4x CPU throttling with
// everything cached (the service worker's copy), and a first visit (empty cache) over an
// emulated 4G link with the same CPU. Then the phone: a first visit to a demo vacancy's page
// over the same link, until the vacancy (read from the relay's public API) is on screen.
// Nothing passes or fails on the figures.
//
//   node bench/kiosk-bench.mjs [--runs N]
import { chromium } from "@playwright/test";
import { readFileSync, statSync, existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { Relay } from "../support/relay.mjs";
import { median } from "./stats.mjs";

const { values } = parseArgs({ options: { runs: { type: "string", default: "7" } }, strict: false });
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) {
  console.error(`--runs must be a positive integer, got ${values.runs}`);
  process.exit(2);
}

const here = new URL(".", import.meta.url).pathname;
const DIST = process.env.SPORTELLO_DIST ?? resolve(here, "../../dist");
const CPU_SLOWDOWN = 4;
// Lighthouse's mobile link ("slow 4G"): 150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up.
const LINK_4G = { offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 };
// What "the charter is visible" means: its area tiles are in the page.
const CHARTER = "section.charter a.area-tile";
// What "the vacancy is visible" means on the phone page: its reference, shown with the rest.
const VACANCY = "[data-testid=vacancy-reference]";

const kb = (n) => (Number.isNaN(n) ? "-" : `${(n / 1024).toFixed(1)} KB`);
/** The wasm, js and css a shell loads, with their sizes raw and precompressed. */
function assetsOf(shell) {
  const html = readFileSync(join(DIST, shell), "utf8");
  const names = new Set([...html.matchAll(/["'](\/[^"']+\.(?:wasm|js|css))["']/g)].map((m) => m[1]));
  return [...names].sort().map((name) => {
    const file = join(DIST, name);
    const size = (suffix) => (existsSync(file + suffix) ? statSync(file + suffix).size : NaN);
    return { name, raw: size(""), gzip: size(".gz"), brotli: size(".br") };
  });
}

function printSizes(title, shell) {
  console.log(`\n${title} (${shell})`);
  // An older dist (one build, nothing precompressed) is measured too, for a before/after.
  if (!existsSync(join(DIST, shell))) return console.log("  not built");
  const assets = assetsOf(shell);
  const width = Math.max(...assets.map((a) => a.name.length), 5);
  console.log(`  ${"asset".padEnd(width)}  ${"raw".padStart(10)}  ${"gzip".padStart(10)}  ${"brotli".padStart(10)}`);
  const total = { raw: 0, gzip: 0, brotli: 0 };
  for (const a of assets) {
    console.log(`  ${a.name.padEnd(width)}  ${kb(a.raw).padStart(10)}  ${kb(a.gzip).padStart(10)}  ${kb(a.brotli).padStart(10)}`);
    for (const k of Object.keys(total)) total[k] += a[k];
  }
  console.log(`  ${"total".padEnd(width)}  ${kb(total.raw).padStart(10)}  ${kb(total.gzip).padStart(10)}  ${kb(total.brotli).padStart(10)}`);
}

/** Milliseconds from the navigation's start to `selector` in the page, and the bytes received. */
async function visit(page, client, url, selector = CHARTER) {
  let received = 0;
  const onFinished = (e) => (received += e.encodedDataLength);
  client.on("Network.loadingFinished", onFinished);
  await page.goto(url);
  await page.waitForSelector(selector, { timeout: 120_000 });
  const at = await page.evaluate(() => window.__shownAt);
  client.off("Network.loadingFinished", onFinished);
  return { ms: at, received };
}

async function newThrottledPage(browser, link, selector = CHARTER) {
  const context = await browser.newContext();
  // Records the moment `selector` first appears, on the page's own clock (0 = navigation start).
  await context.addInitScript((selector) => {
    const seen = () => {
      if (window.__shownAt === undefined && document.querySelector(selector)) window.__shownAt = performance.now();
    };
    new MutationObserver(seen).observe(document, { childList: true, subtree: true });
  }, selector);
  const page = await context.newPage();
  const client = await context.newCDPSession(page);
  await client.send("Network.enable");
  await client.send("Emulation.setCPUThrottlingRate", { rate: CPU_SLOWDOWN });
  if (link) await client.send("Network.emulateNetworkConditions", link);
  return { context, page, client };
}

/** First visits (a fresh context each: empty HTTP cache, no service worker) over slow 4G. */
async function firstVisits(browser, url, selector) {
  const times = [];
  let bytes = 0;
  for (let i = 0; i < runs; i++) {
    const { context, page, client } = await newThrottledPage(browser, LINK_4G, selector);
    const { ms, received } = await visit(page, client, url, selector);
    times.push(ms);
    bytes = received;
    await context.close();
  }
  return `${median(times).toFixed(0)} ms  (runs: ${times.map((m) => m.toFixed(0)).join(", ")}; ${kb(bytes)} received)`;
}

// Demo content: the phone visit opens one of the demo vacancies.
const relay = await Relay.start({ demo: true });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium" });
try {
  printSizes("Kiosk build: what a totem loads", "kiosk/index.html");
  printSizes("Phone pages: what a totem's QR code opens on a phone", "phone/index.html");
  printSizes("Full app: what the operators' screens load", "index.html");
  const url = `${relay.url}/totem/bari`;
  console.log(`\nCharter visible after navigation to /totem/bari (Chromium ${browser.version()}, ${runs} runs, medians)`);

  // Cached: one visit installs the service worker and fills its cache, then reloads.
  const cached = [];
  {
    const { context, page, client } = await newThrottledPage(browser, null);
    const first = await visit(page, client, url);
    console.log(`  first visit transfers ${kb(first.received)} (no throttling of the link)`);
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      if (!navigator.serviceWorker.controller) {
        await new Promise((ok) => navigator.serviceWorker.addEventListener("controllerchange", ok, { once: true }));
      }
    });
    for (let i = 0; i < runs; i++) cached.push((await visit(page, client, url)).ms);
    await context.close();
  }
  console.log(`  ${CPU_SLOWDOWN}x CPU, cached:                 ${median(cached).toFixed(0)} ms  (runs: ${cached.map((m) => m.toFixed(0)).join(", ")})`);

  console.log(`  ${CPU_SLOWDOWN}x CPU, first visit, slow 4G:   ${await firstVisits(browser, url, CHARTER)}`);

  const vacancy = `${relay.url}/offerte/bari/bari-1`;
  console.log(`\nA demo vacancy on screen after navigation to /offerte/bari/bari-1 (a phone's first visit, ${runs} runs, medians)`);
  console.log(`  ${CPU_SLOWDOWN}x CPU, first visit, slow 4G:   ${await firstVisits(browser, vacancy, VACANCY)}`);
} finally {
  await browser.close();
  await relay.dispose();
}
