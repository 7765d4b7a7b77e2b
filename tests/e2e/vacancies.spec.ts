// Job vacancies (A3): an operator publishes, the totem shows them live with filters, and the
// QR code of a vacancy opens it on a phone.
import { test, expect } from "./fixtures";
import { OperatorPage } from "./pages/operator";
import { EnrolledTotem } from "./pages/totem";
import { CitizenArea } from "./pages/citizen";

async function publish(operator: OperatorPage, title: string, code: string, town: string): Promise<void> {
  const form = operator.page.getByRole("form", { name: "Pubblica un'offerta" });
  await form.getByLabel("Titolo").fill(title);
  await form.getByLabel("Professione (codice CP2021)").fill(code);
  await form.getByLabel("Comune").fill(town);
  await form.getByRole("button", { name: "Pubblica l'offerta" }).click();
  await expect(operator.page.locator("li.vacancy-row").filter({ hasText: title })).toBeVisible();
}

test("published vacancies reach the totem live, filter right and open on a phone", async ({ browser, relay }) => {
  const operator = new OperatorPage(await (await browser.newContext()).newPage(), relay.url);
  await operator.login("operatore.bari", "demo-bari");
  const code = await operator.createEnrollmentCode();
  const totem = new EnrolledTotem(await (await browser.newContext()).newPage(), relay.url);
  await totem.enroll("bari", code);
  await totem.page.getByRole("link", { name: "Offerte di lavoro" }).click();
  await expect(totem.page.locator("a.vacancy-tile")).not.toHaveCount(0); // the demo vacancies

  await operator.openSection("Offerte");
  await publish(operator, "Commesso di banco", "5.1.2.2.0", "Altamura");
  await publish(operator, "Aiuto cuoco", "5.2.2.1.0", "Altamura");
  await publish(operator, "Muratore", "6.1.2.1.0", "Altamura");
  const form = operator.page.getByRole("form", { name: "Pubblica un'offerta" });
  await form.getByLabel("Titolo").fill("Codice sbagliato");
  await form.getByLabel("Comune").fill("Altamura");
  await form.getByLabel("Professione (codice CP2021)").fill("5122");
  await form.getByRole("button", { name: "Pubblica l'offerta" }).click();
  await expect(form.getByRole("alert")).toContainText("non è un codice CP2021");

  // Live on the totem, then filtered by municipality and profession group.
  const tiles = totem.page.locator("a.vacancy-tile");
  await expect(tiles.filter({ hasText: "Muratore" })).toHaveCount(1);
  const filters = totem.page.getByRole("search", { name: "Filtra le offerte" });
  // "Any" agrees with each filter's noun: la professione, il comune.
  await expect(filters.getByLabel("Professione").locator("option").first()).toHaveText("Tutte");
  await expect(filters.getByLabel("Comune").locator("option").first()).toHaveText("Tutti");
  await filters.getByLabel("Comune").selectOption("Altamura");
  await expect(tiles).toHaveCount(3);
  await filters.getByLabel("Professione").selectOption({ label: "Commercio e servizi" });
  await expect(tiles).toHaveCount(2);
  await expect(tiles.filter({ hasText: "Commesso di banco" })).toHaveCount(1);
  await expect(tiles.filter({ hasText: "Aiuto cuoco" })).toHaveCount(1);
  await filters.getByLabel("Professione").selectOption({ label: "Artigiani, operai specializzati e agricoltori" });
  await expect(tiles).toHaveText([/Muratore/]);

  // The detail's QR code opens the same vacancy on a phone.
  await tiles.first().click();
  await expect(totem.page.getByRole("heading", { level: 1 })).toHaveText("Muratore");
  // The reference to give when applying is on the screen (and so on the printed slip).
  const reference = (await totem.page.getByTestId("vacancy-reference").textContent())!;
  expect(reference).toMatch(/^\S+$/);
  const url = await new CitizenArea(totem.page).decodeQr();
  expect(url).toMatch(new RegExp(`/offerte/bari/[^/]+$`));
  const phone = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
  await phone.goto(url);
  await expect(phone.getByRole("heading", { level: 1 })).toHaveText("Muratore");
  await expect(phone.getByText("Altamura")).toBeVisible();
  await expect(phone.getByTestId("vacancy-reference")).toHaveText(reference);

  // Withdrawn vacancies leave the totem.
  await operator.page.locator("li.vacancy-row").filter({ hasText: "Muratore" }).getByRole("button", { name: "Ritira" }).click();
  await expect(totem.page.getByRole("heading", { level: 1 })).toHaveText("Offerta non trovata o non più disponibile");
});
