// A citizen at a totem with the Tessera Sanitaria: scan, second factor, status, a signed
// certificate that anyone verifies, revocation, and nothing left on the totem afterwards.
import { test, expect } from "./fixtures";
import { chromium, type Browser } from "@playwright/test";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { NetworkLink } from "../support/proxy.mjs";
import { OperatorPage } from "./pages/operator";
import { EnrolledTotem } from "./pages/totem";
import { Dossier, People } from "./pages/desk";
import { CitizenArea, VerifyPage, qrVideo } from "./pages/citizen";
import { deviceHolds } from "./pages/device";
import { DayPicker } from "./pages/agenda";

const CF = "BNCGNN85M10A662X";
const LEGAL_NOTICE =
  "Il presente certificato non può essere prodotto agli organi della pubblica amministrazione o ai privati gestori di pubblici servizi";

/** An operator opens Giovanni Bianchi's dossier with a DID and his card, and a code for a totem. */
async function prepare(browser: Browser, relayUrl: string): Promise<{ operator: OperatorPage; dossier: Dossier; code: string }> {
  const operator = new OperatorPage(await (await browser.newContext()).newPage(), relayUrl);
  await operator.signIn("operatore.bari", "demo-bari");
  const people = new People(operator.page);
  await people.open(operator);
  const dossier = await people.createDossier(CF, "Bianchi", "Giovanni");
  await dossier.recordStep("did", "DID registrata", "2026-10-06");
  const card = dossier.section("Anagrafica e contatti").getByRole("form", { name: "Tessera sanitaria" });
  await card.getByLabel("Ultime 8 cifre del numero della tessera").fill("98765432");
  await card.getByLabel("Scadenza della tessera").fill("2030-12-31");
  await card.getByRole("button", { name: "Registra la tessera" }).click();
  await expect(card.getByRole("status")).toContainText("cifre registrate");
  await dossier.expectSavedOnServer();
  const dossierUrl = operator.page.url();
  await operator.openBoard();
  const code = await operator.createEnrollmentCode();
  await operator.page.goto(dossierUrl);
  return { operator, dossier: new Dossier(operator.page), code };
}

test("scan, second factor, status and a signed certificate that verifies until revoked", async ({ browser, relay }) => {
  const { operator, dossier, code } = await prepare(browser, relay.url);
  const totemContext = await browser.newContext();
  const totem = new EnrolledTotem(await totemContext.newPage(), relay.url);
  await totem.enroll("bari", code);
  const citizen = new CitizenArea(totem.page);
  await citizen.open();

  await citizen.scan(CF);
  await expect(totem.page.locator(".masked-cf")).toHaveText("BNC***85M10A662X");
  await citizen.secondFactor("98765432", "31/12/2030");
  await expect(citizen.heading()).toHaveText("La mia situazione");
  await expect(totem.page.getByTestId("did-date")).toHaveText("06/10/2026");
  await expect(totem.page.locator("ul.owed")).toContainText("Colloquio di orientamento");

  await totem.page.getByRole("button", { name: "Attestazione di disoccupazione e DID" }).click();
  const sheet = citizen.sheet();
  await expect(sheet).toContainText(LEGAL_NOTICE);
  await expect(sheet).toContainText("06/10/2026");
  const number = (await totem.page.getByTestId("certificate-number").textContent())!.match(/CPI-BARI-\d{4}-\d{6}/)![0];
  // A certificate identifies its holder: the sheet carries the whole codice fiscale, which
  // the screen masks.
  await expect(sheet).toContainText(CF);
  // A public totem prints; it never saves a file with the citizen's name on its disk.
  await expect(totem.page.getByRole("button", { name: "Scarica il PDF" })).toHaveCount(0);

  // On paper only the certificate is printed.
  await totem.page.emulateMedia({ media: "print" });
  await expect(sheet).toBeVisible();
  await expect(totem.page.getByRole("button", { name: "Fine" })).toBeHidden();
  await totem.page.emulateMedia({ media: "screen" });

  const link = await citizen.decodeQr();
  expect(link).toMatch(/\/verifica#SPT2:[A-Z2-7]+$/);
  const verifier = new VerifyPage(await (await browser.newContext()).newPage());
  await verifier.page.goto(link);
  await expect(verifier.result()).toContainText("Certificato autentico");
  await expect(verifier.result()).toContainText(number);
  await expect(verifier.result()).toContainText(CF);
  // The holder's own phone keeps the certificate as a PDF file.
  const [download] = await Promise.all([
    verifier.page.waitForEvent("download"),
    verifier.result().getByRole("button", { name: "Scarica il PDF" }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(`${number}.pdf`);
  const pdf = readFileSync(await download.path());
  expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
  expect(pdf.toString("latin1")).toContain(number);
  expect(pdf.toString("latin1")).toContain(CF);

  // A browser without BarcodeDetector (Chromium on Linux) reads the printed code through its
  // camera with the page's own decoder: Chromium's fake camera plays the code as video.
  const video = join(mkdtempSync(join(tmpdir(), "sportello-camera-")), "qr.y4m");
  await qrVideo(totem.page, ".certificate-sheet .qr svg", video);
  const withCamera = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream", `--use-file-for-fake-video-capture=${video}`],
  });
  try {
    const scanner = new VerifyPage(await withCamera.newPage());
    await scanner.page.goto(`${relay.url}/verifica`);
    expect(await scanner.page.evaluate(() => "BarcodeDetector" in window)).toBe(false);
    await scanner.scanWithCamera();
    await expect(scanner.result()).toContainText("Certificato autentico", { timeout: 20_000 });
    await expect(scanner.result()).toContainText(number);
    // What the camera read is the printed link, shown in the text field.
    await expect(scanner.page.getByLabel("Testo del codice QR")).toHaveValue(link);
    // The camera is off once the code is read.
    await expect(scanner.page.getByRole("button", { name: "Inquadra con la fotocamera" })).toBeVisible();
  } finally {
    await withCamera.close();
  }

  // A phone that opened any page of the app once checks the signature offline, and the
  // result fits its 390 px screen.
  const phoneContext = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const phone = new VerifyPage(await phoneContext.newPage());
  await phone.page.goto(`${relay.url}/`);
  await phone.page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await phoneContext.setOffline(true);
  await phone.page.goto(link);
  await expect(phone.result()).toContainText("Firma autentica");
  await expect(phone.result()).not.toContainText("falso");
  await expect(phone.result()).toContainText(number);
  expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await phoneContext.close();

  // Nothing of the citizen stays on the totem.
  await citizen.finish();
  await expect(totem.page).toHaveURL(`${relay.url}/totem/bari`);
  for (const trace of [CF, "Bianchi", number, "BNC***85M10A662X"]) {
    expect(await deviceHolds(totem.page, trace), trace).toEqual([]);
  }

  // The operator sees the certificate in the dossier and revokes it.
  const row = dossier.section("Certificati emessi").locator(`li[data-number="${number}"]`);
  await expect(row).toBeVisible({ timeout: 20_000 });
  operator.page.once("dialog", (d) => d.accept());
  await row.getByRole("button", { name: "Revoca" }).click();
  // Dates as everywhere else: day/month/year.
  await expect(row).toContainText(/Revocato il \d\d\/\d\d\/\d{4} alle \d\d:\d\d/);
  await expect(row).toContainText(/ · \d\d\/\d\d\/\d{4} alle \d\d:\d\d · /);
  await verifier.page.reload();
  await expect(verifier.result()).toContainText("Certificato revocato");
  await expect(verifier.result()).toContainText(/Revocato il \d\d\/\d\d\/\d{4} alle \d\d:\d\d\./);

  // A changed byte fails.
  const tampered = link.replace(/SPT2:(.)(.)/, (_m, a, b) => `SPT2:${a}${b === "2" ? "3" : "2"}`);
  await verifier.page.goto(`${relay.url}/verifica`);
  await verifier.page.getByLabel("Testo del codice QR").fill(tampered);
  await verifier.page.getByRole("button", { name: "Verifica" }).click();
  await expect(verifier.result()).toContainText("Certificato non valido");
});

test("a wrong codice fiscale is explained and never leaves the totem; offline the totem says where to go", async ({
  browser,
  relay,
}) => {
  const { code } = await prepare(browser, relay.url);
  const link = await NetworkLink.open(Number(new URL(relay.url).port));
  try {
    const totem = new EnrolledTotem(await (await browser.newContext()).newPage(), link.url);
    await totem.enroll("bari", code);
    const sent: string[] = [];
    totem.page.on("request", (r) => sent.push(`${r.url()} ${r.postData() ?? ""}`));
    const citizen = new CitizenArea(totem.page);
    await citizen.open();
    await citizen.scan("BNCGNN85M10A662Y");
    await expect(citizen.alert()).toHaveText(/Codice fiscale non valido: .*controllo/);
    expect(sent.filter((u) => u.includes("/api/identify") || u.includes("BNCGNN85M10A662Y"))).toEqual([]);

    await totem.page.getByLabel("Codice fiscale").fill("");
    await citizen.tap(CF);
    await citizen.keyboard().getByRole("button", { name: "OK" }).click();
    link.cut();
    await totem.syncBadge().expectOffline();
    await citizen.secondFactor("98765432", "31/12/2030");
    await expect(citizen.alert()).toContainText("non è collegato");
    await expect(citizen.alert()).toContainText("Via");
  } finally {
    await link.close();
  }
});

test("a DID declared at an offline totem books an interview within two months and reaches the operator", async ({
  browser,
  relay,
}) => {
  const operator = new OperatorPage(await (await browser.newContext()).newPage(), relay.url);
  await operator.login("operatore.bari", "demo-bari");
  const code = await operator.createEnrollmentCode();
  const link = await NetworkLink.open(Number(new URL(relay.url).port));
  try {
    const totem = new EnrolledTotem(await (await browser.newContext()).newPage(), link.url);
    await totem.enroll("bari", code);
    await totem.syncBadge().expectOnline();
    link.cut();
    await totem.syncBadge().expectOffline();

    const page = totem.page;
    await page.getByRole("link", { name: "Dichiara la tua disponibilità al lavoro (DID)" }).click();
    await page.getByLabel("Codice fiscale").fill("VRDLCU95T41A662K");
    await page.getByLabel("Cognome").fill("Verdi");
    await page.getByLabel("Nome", { exact: true }).fill("Lucia");
    await page.getByLabel("Telefono").fill("333 1234567");
    await page.getByRole("button", { name: "Invia la dichiarazione" }).click();
    await expect(page.getByRole("heading", { name: "Scegli il giorno del colloquio di orientamento" })).toBeVisible();
    const picker = new DayPicker(page);
    const chosen = await picker.bookFirst(); // "dd/mm/yyyy hh:mm"
    const [dd, mm, yyyy] = chosen.split(" ")[0].split("/").map(Number);
    const slotDay = new Date(Date.UTC(yyyy, mm - 1, dd));
    const today = new Date();
    const todayUtc = new Date(Date.UTC(today.getFullYear(), today.getMonth(), today.getDate()));
    const limit = new Date(todayUtc);
    limit.setUTCMonth(limit.getUTCMonth() + 2);
    limit.setUTCDate(limit.getUTCDate() + 4); // the limit moves past closed days
    expect(slotDay > todayUtc && slotDay <= limit, `${chosen} within two months`).toBe(true);
    await expect(page.getByTestId("booked-slot")).toContainText(chosen);
    await expect(page.getByText("Il totem è senza rete")).toBeVisible();

    // Offline, the declaration waits on the totem, and only there.
    await expect.poll(() => deviceHolds(page, "VRDLCU95T41A662K")).not.toEqual([]);
    link.restore();
    await expect(page.getByText("La dichiarazione è arrivata al Centro per l'Impiego.")).toBeVisible({ timeout: 20_000 });
    // Delivered: nothing of it stays on the totem.
    await expect.poll(() => deviceHolds(page, "VRDLCU95T41A662K")).toEqual([]);
    await expect.poll(() => deviceHolds(page, "Verdi")).toEqual([]);
    await operator.page.reload();
    await operator.openSection("Scadenze");
    const row = operator.page.locator("tr.worklist-row").filter({ hasText: "Verdi Lucia" });
    await expect(row).toContainText("Conferma DID presentata al totem");
    await row.getByRole("link").click();
    await expect(operator.page.getByTestId("declared-slot")).toContainText(chosen.split(" ")[0]);
    await operator.page.getByRole("button", { name: "Conferma la DID e apri il fascicolo" }).click();
    const dossier = new Dossier(operator.page);
    await expect(dossier.section("Percorso")).toContainText("Colloquio di orientamento prenotato");
    await dossier.expectSavedOnServer();

    // The slot is taken for the next citizen.
    await page.goto(`${link.url}/totem/bari/disponibilita`);
    await page.getByLabel("Codice fiscale").fill("RSSMRA80A01H501U");
    await page.getByLabel("Cognome").fill("Rossi");
    await page.getByLabel("Nome", { exact: true }).fill("Mario");
    await page.getByLabel("Telefono").fill("333 7654321");
    await page.getByRole("button", { name: "Invia la dichiarazione" }).click();
    const iso = `${yyyy}-${String(mm).padStart(2, "0")}-${String(dd).padStart(2, "0")}`;
    await picker.pickDay(iso);
    expect(await picker.times().allTextContents()).not.toContain(chosen.split(" ")[1]);
  } finally {
    await link.close();
  }
});
