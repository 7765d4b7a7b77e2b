// The relay's security headers as a browser applies them: the app boots under the strict
// Content-Security-Policy (the fixture fails on any violation), and a page of another origin
// cannot frame the operators' sign-in.
import { createServer, type Server } from "node:http";
import { test, expect } from "./fixtures";
import { OperatorPage } from "./pages/operator";

/** A page on another loopback origin that frames `target` and, as a control, a page of its own. */
async function framer(target: string): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    res.setHeader("content-type", "text/html; charset=utf-8");
    if (req.url === "/inner") {
      res.end("<p>pagina interna</p>");
      return;
    }
    res.end(`<iframe id="target" src="${target}"></iframe><iframe id="control" src="/inner"></iframe>`);
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.2", ok));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  return { url: `http://127.0.0.2:${address.port}/`, server };
}

test("the app boots and signs in under the strict Content-Security-Policy", async ({ page, relay }) => {
  const response = await page.goto(`${relay.url}/totem/bari`);
  const headers = response!.headers();
  expect(headers["content-security-policy"]).toContain("script-src 'self' 'wasm-unsafe-eval' 'sha256-");
  expect(headers["content-security-policy"]).not.toContain("unsafe-inline");
  expect(headers["referrer-policy"]).toBe("no-referrer");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["permissions-policy"]).toContain("camera=()");
  await expect(page.getByRole("heading", { name: "Centro per l'Impiego di Bari" })).toBeVisible();

  // The desk syncs over the WebSocket, which `connect-src 'self'` must allow.
  const operator = new OperatorPage(page, relay.url);
  await operator.signIn("operatore.bari", "demo-bari");
  await operator.syncBadge().expectOnline();

  const verify = await page.goto(`${relay.url}/verifica`);
  expect(verify!.headers()["permissions-policy"]).toContain("camera=(self)");
});

test("a page of another origin cannot frame the operators' sign-in", async ({ browser, relay }) => {
  const { url, server } = await framer(`${relay.url}/operatore`);
  // A page of its own: the frame-ancestors refusal it provokes is this test's point.
  const page = await browser.newPage();
  try {
    await page.goto(url);
    const control = page.frameLocator("#control");
    await expect(control.getByText("pagina interna")).toBeVisible();
    // Chromium replaces a refused frame with its error page; the sign-in never renders.
    await expect.poll(() => page.frames().map((f) => f.url())).toContain("chrome-error://chromewebdata/");
    await expect(page.frameLocator("#target").getByLabel("Password")).toHaveCount(0);
  } finally {
    await page.close();
    server.close();
  }
});
