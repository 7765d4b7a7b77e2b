import { defineConfig } from "@playwright/test";

// Real Debian Chromium (installed by `cargo xtask test`), never a downloaded browser.
export default defineConfig({
  testDir: "./e2e",
  // Each test starts its own relay on a free loopback port; 2 cores can't take more.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  outputDir: "./e2e/test-results",
  use: {
    browserName: "chromium",
    locale: "it-IT",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
    trace: "retain-on-failure",
  },
});
