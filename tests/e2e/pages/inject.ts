// Test tools run inside the page (axe-core, jsQR). Evaluated through the DevTools protocol,
// which the page's Content-Security-Policy does not govern: an injected <script> tag would be
// refused like any inline script, as it must be.
import type { Page } from "@playwright/test";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

export async function injectTool(page: Page, module: string): Promise<void> {
  await page.evaluate(readFileSync(require.resolve(module), "utf8"));
}
