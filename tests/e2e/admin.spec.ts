// Administering the installation as its people see it: a head creates an operator, who sets
// a password at first sign-in; a head revokes a totem, which says so at its next contact.
import { test, expect } from "./fixtures";
import { OperatorPage } from "./pages/operator";
import { EnrolledTotem } from "./pages/totem";
import { DevicesPage, PasswordForm, UsersPage } from "./pages/admin";
import { login, enrollmentCode } from "../support/api.mjs";

const STRONG = "Fiume-Lampone-Quarzo-83";

test("the head creates an operator, who must set a password at first sign-in", async ({ relay, page, browser }) => {
  const head = new OperatorPage(page, relay.url);
  await head.signIn("responsabile.bari", "demo-bari");
  const users = new UsersPage(page, relay.url);
  await users.open();
  const code = await users.create("carla.bianchi", "Carla Bianchi");
  await expect(users.row("carla.bianchi").locator(".account-state")).toHaveText("Deve impostare la password");

  // The new operator, on another browser: the password comes first, and neither the
  // worklist nor the sync starts before it (the relay would refuse them anyway).
  const context = await browser.newContext();
  const other = await context.newPage();
  const syncSockets: string[] = [];
  other.on("websocket", (socket) => {
    if (new URL(socket.url()).pathname === "/sync") syncSockets.push(socket.url());
  });
  const newcomer = new OperatorPage(other, relay.url);
  await newcomer.submitSignIn("carla.bianchi", code);
  await expect(other.getByRole("heading", { name: "Scegli la tua password" })).toBeVisible();
  await expect(other.getByRole("heading", { name: "Scadenze del CPI" })).toHaveCount(0);
  await expect(newcomer.sections()).toHaveCount(0);

  const form = new PasswordForm(other);
  await form.change(code, "carla-bianchi-2026");
  await expect(form.error()).toHaveText("La password non può contenere il nome utente, il nome o il CPI dell'account.");
  expect(syncSockets, "no sync before the password is set").toEqual([]);
  await form.change(code, STRONG);
  await expect(other.getByRole("heading", { name: "Scadenze del CPI" })).toBeVisible();
  // Then the operator works: the desk syncs.
  await newcomer.syncBadge().expectOnline();
  expect(syncSockets.length).toBeGreaterThan(0);
  await context.close();

  // The code worked once; the chosen password works.
  await expect(login(relay.url, "carla.bianchi", code)).rejects.toThrow();
  expect((await login(relay.url, "carla.bianchi", STRONG)).principal.cpi).toBe("bari");
  await page.reload();
  await users.open();
  await expect(users.row("carla.bianchi").locator(".account-state")).toHaveText("Attivo");
});

test("a revoked totem drops to its offline state with a clear message", async ({ relay, page, browser }) => {
  const operator = await login(relay.url, "operatore.bari", "demo-bari");
  const context = await browser.newContext();
  const totem = new EnrolledTotem(await context.newPage(), relay.url);
  await totem.enroll("bari", await enrollmentCode(relay.url, operator.token));
  await totem.syncBadge().expectOnline();

  const head = new OperatorPage(page, relay.url);
  await head.signIn("responsabile.bari", "demo-bari");
  const devices = new DevicesPage(page);
  await devices.open();
  await expect(devices.rows()).toHaveCount(1);
  const cells = devices.rows().first().locator("td");
  await expect(devices.names().first()).toHaveValue("Totem");
  await expect(cells.nth(1)).toHaveText("Totem");
  await expect(cells.nth(2)).toHaveText("A");
  await devices.revoke(0);

  // The totem's next contact with the relay (here a restart; an open socket is closed by
  // the relay) is refused: within seconds it says so and shows itself offline.
  await totem.page.reload();
  await expect(totem.page.getByRole("alert").filter({ hasText: "Questo totem è stato disattivato dal CPI" })).toBeVisible({
    timeout: 15_000,
  });
  await totem.syncBadge().expectOffline();
  await context.close();
});
