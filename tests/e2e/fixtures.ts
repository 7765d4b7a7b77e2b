// Test fixtures: a fresh relay per test, and a page that fails the test on any uncaught
// error in the app.
import { test as base, expect } from "@playwright/test";
import { Relay } from "../support/relay.mjs";

type Fixtures = { relay: Relay };

export const test = base.extend<Fixtures>({
  relay: async ({}, use) => {
    const relay = await Relay.start();
    await use(relay);
    await relay.dispose();
  },
  page: async ({ page }, use) => {
    const errors: string[] = [];
    page.on("pageerror", (err) => errors.push(err.message));
    await use(page);
    expect(errors, "uncaught errors in the app").toEqual([]);
  },
});

export { expect };
