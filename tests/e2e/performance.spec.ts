// The desk's performance page (what `cargo xtask bench` reads) works on a small CPI and
// follows another operator's edit by applying that one line of the index; it measures the
// company index and search too.
import { test, expect } from "./fixtures";

test("the performance page measures a small CPI, its companies, and applies one edit as one line", async ({ page, relay }) => {
  await page.goto(`${relay.url}/prestazioni?n=300&imprese=300`);
  await page.getByRole("button", { name: "Misura" }).click();
  const table = page.locator("[data-bench-done]");
  await expect(table).toBeVisible({ timeout: 60_000 });
  await expect(table.getByRole("row").filter({ has: page.locator('[data-figure="refresh"]') })).toContainText(
    "cambio applicato: sì, righe riapplicate: 1",
  );
  // The view after the edit equals a fresh read of the index, by patches and by diff alike.
  await expect(table.locator('[data-figure="refresh-equal"]')).toHaveText("sì");
  const figures = ["load", "read", "apply-change", "refresh", "refresh-diff", "keystroke-mean", "worklist"];
  const companyFigures = ["company-load", "company-read", "company-keystroke-mean", "company-keystroke-piva"];
  for (const id of [...figures, ...companyFigures]) {
    await expect(table.locator(`[data-figure="${id}"]`)).toHaveText(/^\d+(\.\d+)? ms$/);
  }
});
