// Test fixtures: a fresh relay per test, and a page that fails the test on any uncaught
// error in the app or any Content-Security-Policy violation (Chromium reports each one on
// the console).
import { test as base, expect } from "@playwright/test";
import { writeFileSync } from "node:fs";
import { Relay } from "../support/relay.mjs";

type Fixtures = { relay: Relay };

export const test = base.extend<Fixtures>({
  relay: async ({}, use, testInfo) => {
    const relay = await Relay.start();
    await use(relay);
    await relay.dispose();
    // What the relay logged (refusals, reconnects) explains a failure the pages do not show.
    if (testInfo.status !== testInfo.expectedStatus) {
      const path = testInfo.outputPath("relay.log");
      writeFileSync(path, relay.log.join(""));
      await testInfo.attach("relay.log", { path, contentType: "text/plain" });
    }
  },
  page: async ({ page }, use) => {
    const errors: string[] = [];
    const violations: string[] = [];
    page.on("pageerror", (err) => errors.push(err.message));
    page.on("console", (msg) => {
      if (msg.type() === "error" && msg.text().includes("Content Security Policy")) violations.push(msg.text());
    });
    await use(page);
    expect(errors, "uncaught errors in the app").toEqual([]);
    expect(violations, "Content-Security-Policy violations").toEqual([]);
  },
});

export { expect };
