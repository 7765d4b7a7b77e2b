// The desk's performance page (what `cargo xtask bench` reads) works on a small CPI and
// follows another operator's edit by applying that one line of the index.
import { test, expect } from "./fixtures";

test("the performance page measures a small CPI and applies one edit as one line", async ({ page, relay }) => {
  await page.goto(`${relay.url}/prestazioni?n=300`);
  await page.getByRole("button", { name: "Misura" }).click();
  const table = page.locator("[data-bench-done]");
  await expect(table).toBeVisible({ timeout: 60_000 });
  await expect(table.getByRole("row").filter({ has: page.locator('[data-figure="refresh"]') })).toContainText(
    "righe riapplicate: 1",
  );
  for (const id of ["load", "read", "keystroke-mean", "worklist"]) {
    await expect(table.locator(`[data-figure="${id}"]`)).toHaveText(/^\d+(\.\d+)? ms$/);
  }
});
