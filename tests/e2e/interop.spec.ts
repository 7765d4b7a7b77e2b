// Interoperability with the official JavaScript implementation, @automerge/automerge-repo,
// through the real relay: both directions.
import { test, expect } from "./fixtures";
import { Repo, type AutomergeUrl } from "@automerge/automerge-repo";
import { BrowserWebSocketClientAdapter } from "@automerge/automerge-repo-network-websocket";
import { login, syncUrl } from "../support/api.mjs";
import { OperatorPage } from "./pages/operator";
import { EnrolledTotem } from "./pages/totem";

/** A repo on one socket; `wsUrl` carries a one-time ticket, so each repo gets its own. */
function repoFor(wsUrl: string): Repo {
  return new Repo({ network: [new BrowserWebSocketClientAdapter(wsUrl)], sharePolicy: async () => true });
}

type Relay = { url: string };

/** Finds a document from a fresh repo, retrying while it has not reached the relay yet. */
async function readThroughRelay<T>(
  relay: Relay,
  token: string,
  url: AutomergeUrl,
  done: (doc: T) => boolean,
): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const repo = repoFor(await syncUrl(relay.url, token));
    try {
      const handle = await repo.find<T>(url);
      // A plain copy: automerge's unsigned integers come out as BigInt and scalar strings as
      // ImmutableString objects.
      const doc = JSON.parse(JSON.stringify(handle.doc(), (_k, v) => (typeof v === "bigint" ? Number(v) : v)));
      if (done(doc)) return doc;
    } catch {
      // doc-unavailable: not there yet
    } finally {
      await repo.shutdown();
    }
    if (Date.now() > deadline) throw new Error(`document ${url} never arrived with the expected content`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

test("a JS peer creates a document and another JS peer reads it back through the relay", async ({ relay }) => {
  const { token } = await login(relay.url, "operatore.bari", "demo-bari");
  const writer = repoFor(await syncUrl(relay.url, token));
  const handle = writer.create({ title: "Creato da automerge-repo", items: [1, 2, 3] });
  handle.change((d: any) => {
    d.items.push(4);
  });
  const doc = await readThroughRelay<any>(relay, token, handle.url, (d) => d.items?.length === 4);
  expect(doc).toEqual({ title: "Creato da automerge-repo", items: [1, 2, 3, 4] });
  await writer.shutdown();

  // The relay stored it: after a restart a fresh peer still reads it.
  await relay.stop();
  await relay.launch();
  const again = await readThroughRelay<any>(relay, token, handle.url, (d) => d.items?.length === 4);
  expect(again.title).toBe("Creato da automerge-repo");
});

test("JS reads what the app created and edited, and the app shows what JS wrote", async ({ browser, relay }) => {
  const context = await browser.newContext();
  try {
    const operator = new OperatorPage(await context.newPage(), relay.url);
    await operator.login("operatore.bari", "demo-bari");
    const code = await operator.createEnrollmentCode();
    await operator.addNotice("Scritto dall'app", "Per la verifica con automerge-repo.");
    await operator.syncBadge().expectAllSaved();

    const totemContext = await browser.newContext();
    const totem = new EnrolledTotem(await totemContext.newPage(), relay.url);
    await totem.enroll("bari", code);
    await totem.syncBadge().expectAllSaved();

    const me = await login(relay.url, "operatore.bari", "demo-bari");

    // A declaration made at the totem is a document the app created on the device.
    await totem.page.getByRole("link", { name: "Dichiara la tua disponibilità al lavoro (DID)" }).click();
    await totem.page.getByLabel("Codice fiscale").fill("VRDLCU95T41A662K");
    await totem.page.getByLabel("Cognome").fill("Verdi");
    await totem.page.getByLabel("Nome", { exact: true }).fill("Lucia");
    await totem.page.getByLabel("Telefono").fill("333 1234567");
    await totem.page.getByRole("button", { name: "Invia la dichiarazione" }).click();
    await totem.page.getByRole("button", { name: "Non ora: il Centro per l'Impiego mi chiamerà" }).click();
    const withOutbox = await (async () => {
      for (let i = 0; i < 50; i++) {
        const res = await fetch(`${relay.url}/api/me`, { headers: { authorization: `Bearer ${me.token}` } });
        const body = await res.json();
        if (body.documents.outboxes.length > 0) return body;
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error("the totem's declaration never reached the relay");
    })();
    const outbox = await readThroughRelay<any>(relay, me.token, withOutbox.documents.outboxes[0], (d) => typeof d.device === "string");
    expect(outbox.schema).toBe(1);
    expect(outbox.cpi).toBe("bari");
    expect(outbox.device).toMatch(/^totem-/);
    expect(outbox.items[0].did.codice_fiscale).toBe("VRDLCU95T41A662K");

    // The board the app edited reads the same from JS.
    const board = await readThroughRelay<any>(relay, me.token, me.documents.board, (d) =>
      d.notices?.some((n: any) => n.title === "Scritto dall'app"),
    );
    expect(board.cpi).toBe("bari");

    // JS writes to the board; the app's totem shows it.
    await totem.open("bari");
    const repo = repoFor(await syncUrl(relay.url, me.token));
    const handle = await repo.find<any>(me.documents.board);
    handle.change((d: any) => {
      d.notices.unshift({ id: "js-1", title: "Scritto da automerge-repo", body: "Da Node.", posted_on: "2026-11-27" });
    });
    await expect(totem.notices().first()).toHaveText("Scritto da automerge-repo");
    await expect(operator.noticeTitles().first()).toHaveValue("Scritto da automerge-repo");
    await repo.shutdown();
    await totemContext.close();
  } finally {
    await context.close();
  }
});
