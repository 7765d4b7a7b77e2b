// axe-core in the page: the WCAG 2.x A/AA rules it can check, as one line per violation.
import type { Page } from "@playwright/test";
import { injectTool } from "./inject";

export async function violations(page: Page): Promise<string[]> {
  await injectTool(page, "axe-core/axe.min.js");
  return page.evaluate(async () => {
    const result = await (window as any).axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
    });
    return result.violations.map(
      (v: any) => `${v.id}: ${v.help} — ${v.nodes.map((n: any) => n.target.join(" ")).slice(0, 3).join(", ")}`,
    );
  });
}
