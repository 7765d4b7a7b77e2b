// Queue tickets: offline totems, one call order everywhere, the display board, the phone
// page and the satisfaction survey.
import { test, expect } from "./fixtures";
import type { Browser } from "@playwright/test";
import { NetworkLink } from "../support/proxy.mjs";
import { OperatorPage } from "./pages/operator";
import { DisplayBoard, PhoneTicket, QueueConsole, TicketTotem } from "./pages/queue";
import { violations } from "./pages/axe";

async function enrolledTotem(browser: Browser, baseUrl: string, code: string): Promise<TicketTotem> {
  const totem = new TicketTotem(await (await browser.newContext()).newPage(), baseUrl);
  await totem.enroll("bari", code);
  await totem.syncBadge().expectOnline();
  return totem;
}

test("two offline totems issue tickets for one area: unique numbers, one order on console and board, calls by priority then time", async ({
  browser,
  relay,
}) => {
  test.setTimeout(180_000);
  const port = Number(new URL(relay.url).port);
  const operator = new OperatorPage(await (await browser.newContext()).newPage(), relay.url);
  await operator.login("operatore.bari", "demo-bari");
  const links = [await NetworkLink.open(port), await NetworkLink.open(port)];
  try {
    const totems = [
      await enrolledTotem(browser, links[0].url, await operator.createEnrollmentCode()),
      await enrolledTotem(browser, links[1].url, await operator.createEnrollmentCode()),
    ];
    const board = new DisplayBoard(await (await browser.newContext()).newPage(), relay.url);
    await board.listen();
    await board.enroll("bari", await operator.createEnrollmentCode());

    const console = new QueueConsole(operator.page);
    await console.open();
    await console.openDesk(3, ["A"]);

    for (const totem of totems) await totem.openTickets("bari");
    for (const link of links) link.cut();
    for (const totem of totems) await totem.syncBadge().expectOffline();

    // Interleaved at the two totems while both are offline.
    const issued: string[] = [];
    const plan: [number, "ordinario" | "disabilità" | "gravidanza"][] = [
      [0, "ordinario"],
      [1, "ordinario"],
      [0, "ordinario"],
      [1, "gravidanza"],
      [0, "disabilità"],
    ];
    for (const [i, priority] of plan) {
      issued.push(await totems[i].take("A", priority));
      await expect(totems[i].page.getByText("gli sportelli lo vedranno appena il totem torna in linea")).toBeVisible();
      // The slip says a number has priority, never why: it is paper the citizen carries.
      const slip = totems[i].ticket();
      if (priority === "ordinario") await expect(slip.getByTestId("ticket-priority")).toHaveCount(0);
      else await expect(slip.getByTestId("ticket-priority")).toHaveText("Numero con precedenza");
      await expect(slip).not.toContainText(/disabilit|gravidanza/);
      await totems[i].another();
    }
    expect(issued).toEqual(["A-A-001", "A-B-001", "A-A-002", "A-B-002", "A-A-003"]);
    expect(new Set(issued).size).toBe(5);

    for (const link of links) link.restore();
    for (const totem of totems) await totem.syncBadge().expectAllSaved();

    // Priority first (pregnancy and disability weigh the same, so by time), then by time.
    const order = ["A-B-002", "A-A-003", "A-A-001", "A-B-001", "A-A-002"];
    await expect(console.waitingNumbers()).toHaveText(order);
    await expect(board.waitingNumbers("A")).toHaveText(order);

    await console.callNext();
    await expect(console.current()).toContainText("A-B-002");
    await expect(board.latestCall()).toHaveText(/A-B-002\s*Sportello 3/);
    await expect(board.announcement()).toHaveText("A-B-002 · Sportello 3");
    // A chime, then the number read letter by letter in Italian.
    await expect.poll(() => board.spoken()).toEqual(["it-IT Numero A B 2, sportello 3"]);
    expect(await board.chimes()).toBeGreaterThanOrEqual(2); // the click that allows sound, then the call
    await console.done();
    await console.callNext();
    await expect(console.current()).toContainText("A-A-003");
    await expect(board.latestCall()).toHaveText(/A-A-003\s*Sportello 3/);
    await expect(board.waitingNumbers("A")).toHaveText(order.slice(2));
    await expect(console.waitingNumbers()).toHaveText(order.slice(2));

    // Recall, absent, back again by number, then sent to area B: keeps its place there.
    await console.current().getByRole("button", { name: "Richiama" }).click();
    await expect(board.latestCall()).toHaveText(/A-A-003\s*Sportello 3/);
    await console.current().getByRole("button", { name: "Assente" }).click();
    await expect(console.current()).toHaveCount(0);
    await expect(board.latestCall()).toHaveCount(0);
    await console.callNumber("A-A-003");
    await expect(console.current()).toContainText("A-A-003");
    await console.transferTo("B");
    await expect(console.current()).toHaveCount(0);
    await expect(board.waitingNumbers("B")).toHaveText(["A-A-003"]);
    // Among ordinary tickets, the earliest is called first.
    await console.callNext();
    await expect(console.current()).toContainText("A-A-001");
    await expect(board.announcement()).toHaveText("A-A-001 · Sportello 3");
  } finally {
    for (const link of links) await link.close();
  }
});

test("a ticket prints on the 80 mm roll, its QR code follows the turn on a phone, and the citizen rates the service", async ({
  browser,
  relay,
}) => {
  test.setTimeout(120_000);
  const operator = new OperatorPage(await (await browser.newContext()).newPage(), relay.url);
  await operator.login("operatore.bari", "demo-bari");
  const totem = await enrolledTotem(browser, relay.url, await operator.createEnrollmentCode());
  const console = new QueueConsole(operator.page);
  await console.open();
  await console.openDesk(2, ["B", "D"]);

  await totem.openTickets("bari");
  // Each area shows its outlook before the choice.
  await expect(totem.areaButton("B")).toContainText("Sei il prossimo");
  await expect(totem.areaButton("C")).toContainText("nessuno sportello aperto ora per quest'area");
  const first = await totem.take("B");
  const firstCode = (await totem.page.getByTestId("ticket-code").textContent())!.split(": ")[1];
  await totem.another();
  const number = await totem.take("B");
  expect([first, number]).toEqual(["B-A-001", "B-A-002"]);
  // One ticket ahead, 60 standard minutes for area B, one desk open.
  await expect(totem.page.getByTestId("ticket-wait")).toHaveText("1 persona prima di te · attesa stimata circa 60 minuti");
  await expect(totem.page.getByText("Il tuo numero è già visibile agli sportelli.")).toBeVisible();

  // Printed: one page of the 80 mm roll (226.8 pt wide) holding the ticket alone.
  const pdf = (await totem.page.pdf({ preferCSSPageSize: true })).toString("latin1");
  const boxes = [...pdf.matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)];
  expect(boxes.length).toBe(1);
  expect(Number(boxes[0][1])).toBeCloseTo(226.77, 0);
  await totem.page.emulateMedia({ media: "print" });
  await expect(totem.page.locator(".totem-bar")).toBeHidden();
  await expect(totem.ticket().getByTestId("ticket-number")).toBeVisible();
  await totem.page.emulateMedia({ media: "screen" });

  const link = await totem.ticketLink();
  // The secret is in the fragment: browsers never send it to the server.
  expect(link).toMatch(new RegExp(`^${relay.url}/coda/bari/B-A-002\\?g=\\d{4}-\\d{2}-\\d{2}#[0-9a-f]{32}$`));
  const phone = new PhoneTicket(await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage());
  await phone.page.goto(link);
  await expect(phone.page.getByTestId("ticket-number")).toHaveText("B-A-002");
  await expect(phone.state()).toHaveText("1 persona prima di te · attesa stimata circa 60 minuti");
  // A guessed link without the secret finds nothing.
  await phone.page.goto("about:blank");
  await phone.page.goto(link.replace(/#[0-9a-f]+$/, "#" + "0".repeat(32)));
  await expect(phone.page.getByRole("alert")).toContainText("Biglietto non trovato");
  await phone.page.goto("about:blank");
  await phone.page.goto(link);

  await console.callNext();
  await expect(console.current()).toContainText("B-A-001");
  await console.done();
  await console.callNext();
  await expect(console.current()).toContainText("B-A-002");
  await expect(phone.state()).toHaveText("È il tuo turno: vai allo sportello 2.", { timeout: 15_000 });
  expect(await violations(phone.page)).toEqual([]);
  await console.startService();
  await console.done();
  // Two tickets queued in B today, none waiting, one desk open, both served.
  await expect(console.timesRow("B").locator("td")).toHaveText(["2", "0", "1", /min$/, "2", /min$/, "60 min"]);

  await phone.rate(4, "Operatrice gentile e chiara");
  await expect(phone.page.getByText("Grazie: il tuo giudizio aiuta").first()).toBeVisible();
  // Rated once: the page no longer offers the survey.
  await phone.page.reload();
  await expect(phone.page.getByText("Grazie: il tuo giudizio aiuta")).toBeVisible();
  await expect(phone.page.getByRole("button", { name: "Invia" })).toHaveCount(0);

  // At the totem: a ticket not served yet, an unknown number and a wrong code are refused;
  // the first ticket, with the code printed on it, is rated.
  await totem.openTickets("bari");
  const third = await totem.take("B");
  const thirdCode = (await totem.page.getByTestId("ticket-code").textContent())!.split(": ")[1];
  await totem.page.goto(`${relay.url}/totem/bari/valuta`);
  const survey = totem.page;
  const tryTicket = async (number: string, code: string) => {
    await survey.getByLabel("Numero del tuo biglietto").fill(number);
    await survey.getByLabel("Codice stampato sul biglietto").fill(code);
    await survey.getByRole("button", { name: "Continua" }).click();
  };
  await tryTicket(third, thirdCode);
  await expect(survey.getByRole("alert")).toHaveText("Potrai dare il tuo giudizio quando il servizio allo sportello sarà concluso.");
  await tryTicket("B-A-009", thirdCode);
  await expect(survey.getByRole("alert")).toHaveText("Non troviamo questo numero tra i biglietti di oggi.");
  await tryTicket("b a 1", "000000");
  await expect(survey.getByRole("alert")).toHaveText("Non troviamo questo numero tra i biglietti di oggi.");
  await tryTicket("b a 1", firstCode.toLowerCase());
  expect(await violations(survey)).toEqual([]);
  await new PhoneTicket(survey).rate(2, "");
  await expect(totem.page.getByText("Grazie: il tuo giudizio aiuta")).toBeVisible();

  await operator.page.reload();
  await expect(console.satisfactionRow("B")).toContainText("2");
  await expect(console.satisfactionRow("B")).toContainText("3.0");
  await expect(operator.page.getByText("Operatrice gentile e chiara")).toBeVisible();
});
