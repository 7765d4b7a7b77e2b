//! `/prestazioni`: measures, in this browser, what an operator's desk does with a CPI of
//! 100,000 dossiers — loading the index document, each keystroke of a search, computing the
//! worklist — and with 20,000 companies (`?imprese=`): loading the company index and each
//! keystroke of the company search. Synthetic data generated in memory; nothing is stored
//! or sent. Used by
//! `cargo xtask bench`, and by anyone who wants to see how a given machine copes.

use automerge::{transaction::CommitOptions, Automerge, PatchLog};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use sportello_core::calendar::WorkingCalendar;
use sportello_core::docs::index::{self, IndexView};

use crate::io::browser::monotonic_ms as now;

/// Runs `f` `times` times and returns the median milliseconds and the last result.
fn median_ms<R>(times: usize, mut f: impl FnMut() -> R) -> (f64, R) {
    let mut samples = Vec::with_capacity(times);
    let mut last = None;
    for _ in 0..times.max(1) {
        let start = now();
        last = Some(f());
        samples.push(now() - start);
    }
    samples.sort_by(f64::total_cmp);
    (samples[samples.len() / 2], last.expect("ran at least once"))
}

#[derive(Clone)]
struct Figure {
    id: String,
    label: String,
    value: String,
}

fn figure(id: &str, label: impl Into<String>, value: impl Into<String>) -> Figure {
    Figure { id: id.into(), label: label.into(), value: value.into() }
}

/// An index document holding `entries` in one change, saved as the relay would send it.
fn saved_index<E>(
    entries: &[E],
    init: impl FnOnce(&mut automerge::transaction::Transaction<'_>) -> bool,
    put: impl Fn(&mut automerge::transaction::Transaction<'_>, &E) -> bool,
) -> Vec<u8> {
    let mut doc = Automerge::new();
    let mut tx = doc.transaction();
    init(&mut tx);
    for entry in entries {
        put(&mut tx, entry);
    }
    tx.commit_with(CommitOptions::default().with_time(0));
    doc.save()
}

fn run(count: usize) -> Vec<Figure> {
    let today = chrono::Local::now().date_naive();
    let mut out = Vec::new();
    let start = now();
    let entries = sportello_core::demo::index_entries("bari", count, 42, today);
    out.push(figure(
        "generate",
        format!("Generazione di {count} persone (non misura l'app)"),
        format!("{:.0} ms", now() - start),
    ));

    let bytes = saved_index(&entries, |tx| index::init(tx, "bari").is_ok(), |tx, e| index::put_entry(tx, e).is_ok());
    out.push(figure("index-bytes", "Dimensione del documento indice", format!("{:.1} MB", bytes.len() as f64 / 1e6)));

    let (load_ms, mut loaded) = median_ms(3, || Automerge::load(&bytes).expect("the index just saved loads"));
    out.push(figure("load", "Caricamento del documento indice (Automerge::load)", format!("{load_ms:.0} ms")));
    let (view_ms, mut view) = median_ms(3, || IndexView::load(&loaded));
    out.push(figure("read", "Lettura delle righe e preparazione della ricerca", format!("{view_ms:.0} ms")));

    // Another operator saves one dossier; the change reaches this desk. The sync client
    // records its patches as it applies it (`SyncClient::take_patches`), and the view applies
    // that one line; the diff from the view's heads, which reads the whole index, is shown
    // beside it.
    let mut elsewhere = loaded.fork();
    let mut edited = view.entries[count / 2].clone();
    edited.surname.push_str(" Bis");
    let mut tx = elsewhere.transaction();
    let _ = index::put_entry(&mut tx, &edited);
    tx.commit_with(CommitOptions::default().with_time(1));
    let change = elsewhere.get_last_local_change().expect("the edit made a change");
    let mut by_diff = IndexView::load(&loaded);
    let start = now();
    let mut log = PatchLog::active();
    let applied = loaded.apply_changes_log_patches([change], &mut log).is_ok();
    out.push(figure(
        "apply-change",
        "Applicazione del cambio al documento indice (Automerge, con il registro delle patch)",
        format!("{:.2} ms", now() - start),
    ));
    let start = now();
    let patches = loaded.make_patches(&mut log);
    let touched = view.apply(&loaded, patches);
    let apply_ms = now() - start;
    out.push(figure(
        "refresh",
        format!(
            "Aggiornamento della vista dopo la modifica di un fascicolo da un altro sportello (cambio applicato: {}, righe riapplicate: {})",
            if applied { "sì" } else { "no" },
            touched.map_or("tutte".to_string(), |n| n.to_string())
        ),
        format!("{apply_ms:.2} ms"),
    ));
    let start = now();
    by_diff.refresh(&loaded);
    out.push(figure(
        "refresh-diff",
        "Lo stesso aggiornamento con il diff dell'intero indice (il metodo precedente)",
        format!("{:.0} ms", now() - start),
    ));
    let lines = |v: &IndexView| {
        let mut lines: Vec<String> = v.entries.iter().map(index::IndexEntry::encode).collect();
        lines.sort_unstable();
        lines
    };
    let fresh = lines(&IndexView::load(&loaded));
    out.push(figure(
        "refresh-equal",
        "La vista aggiornata coincide con una rilettura completa",
        if lines(&view) == fresh && lines(&by_diff) == fresh { "sì" } else { "NO" },
    ));
    let (read, search) = (&view.entries, &view.search);

    // What an operator types, one keystroke at a time.
    let typed = "rossi mar";
    let mut worst: f64 = 0.0;
    let mut total = 0.0;
    for end in 1..=typed.len() {
        let (ms, hits) = median_ms(5, || search.search(&typed[..end], 50));
        std::hint::black_box(hits);
        worst = worst.max(ms);
        total += ms;
    }
    out.push(figure(
        "keystroke-mean",
        "Ricerca per tasto, media («rossi mar»)",
        format!("{:.2} ms", total / typed.len() as f64),
    ));
    out.push(figure("keystroke-worst", "Ricerca per tasto, caso peggiore", format!("{worst:.2} ms")));
    let cf_prefix: String = read.first().map(|e| e.codice_fiscale[..8].to_string()).unwrap_or_default();
    let (cf_ms, _) = median_ms(5, || search.search(&cf_prefix, 50));
    out.push(figure("keystroke-cf", "Ricerca per codice fiscale (8 caratteri)", format!("{cf_ms:.2} ms")));

    let cal = WorkingCalendar::around("bari", today);
    let (worklist_ms, items) = median_ms(3, || sportello_core::worklist::worklist(read, &[], &cal));
    out.push(figure(
        "worklist",
        format!("Calcolo delle scadenze ({} aperte)", items.len()),
        format!("{worklist_ms:.0} ms"),
    ));
    out
}

/// The company index of a CPI with `count` companies: its size, loading it, and the company
/// search per keystroke by name and by partita IVA.
fn run_companies(count: usize) -> Vec<Figure> {
    use sportello_core::employers::index::{self as companies, CompanyIndexView};
    let today = chrono::Local::now().date_naive();
    let entries = sportello_core::demo::company_index_entries("bari", count, 42, today);
    let bytes =
        saved_index(&entries, |tx| companies::init(tx, "bari").is_ok(), |tx, e| companies::put_entry(tx, e).is_ok());
    let mut out = vec![figure(
        "company-index-bytes",
        format!("Dimensione dell'indice di {count} imprese"),
        format!("{:.1} MB", bytes.len() as f64 / 1e6),
    )];
    let (load_ms, loaded) = median_ms(3, || Automerge::load(&bytes).expect("the company index just saved loads"));
    out.push(figure("company-load", "Caricamento dell'indice imprese (Automerge::load)", format!("{load_ms:.0} ms")));
    let (view_ms, view) = median_ms(3, || CompanyIndexView::load(&loaded));
    out.push(figure(
        "company-read",
        "Lettura delle righe e preparazione della ricerca imprese",
        format!("{view_ms:.0} ms"),
    ));
    // A name as an operator types it: the first generated company's first two words.
    let name: String =
        view.entries.first().map(|e| e.name.split(' ').take(2).collect::<Vec<_>>().join(" ")).unwrap_or_default();
    let typed = name.to_lowercase();
    let (mut worst, mut total): (f64, f64) = (0.0, 0.0);
    let keystrokes: Vec<usize> = typed.char_indices().map(|(i, c)| i + c.len_utf8()).collect();
    for &end in &keystrokes {
        let (ms, hits) = median_ms(5, || view.search.search(&typed[..end], 50));
        std::hint::black_box(hits);
        worst = worst.max(ms);
        total += ms;
    }
    out.push(figure(
        "company-keystroke-mean",
        format!("Ricerca imprese per tasto, media («{typed}»)"),
        format!("{:.2} ms", total / keystrokes.len().max(1) as f64),
    ));
    out.push(figure("company-keystroke-worst", "Ricerca imprese per tasto, caso peggiore", format!("{worst:.2} ms")));
    let piva = view.entries.iter().find(|e| e.tax_code.len() == 11).map(|e| e.tax_code.clone()).unwrap_or_default();
    let (piva_ms, _) = median_ms(5, || view.search.search(&piva, 50));
    out.push(figure("company-keystroke-piva", "Ricerca per partita IVA (11 cifre)", format!("{piva_ms:.2} ms")));
    out
}

#[component]
pub fn PerformancePage() -> impl IntoView {
    let query = use_query_map();
    let count =
        Memo::new(move |_| query.read().get("n").and_then(|n| n.parse::<usize>().ok()).unwrap_or(100_000).min(300_000));
    let companies = Memo::new(move |_| {
        query.read().get("imprese").and_then(|n| n.parse::<usize>().ok()).unwrap_or(20_000).min(100_000)
    });
    let figures = RwSignal::new(None::<Vec<Figure>>);
    let start = move |_| {
        figures.set(None);
        let (n, c) = (count.get_untracked(), companies.get_untracked());
        // Let the "measuring" message paint before the tab is busy.
        set_timeout(
            move || figures.set(Some(run(n).into_iter().chain(run_companies(c)).collect())),
            std::time::Duration::from_millis(50),
        );
    };
    view! {
        <main class="page">
            <h1>"Prestazioni dell'area operatori"</h1>
            <p class="lead">{move || format!("Misura, in questo browser, il lavoro su un CPI con {} fascicoli e {} imprese sintetici generati in memoria: nulla viene salvato o inviato.", count.get(), companies.get())}</p>
            <button type="button" class="button" on:click=start>"Misura"</button>
            {move || match figures.get() {
                None => view! { <p role="status">"Premi «Misura»: servono alcuni secondi."</p> }.into_any(),
                Some(list) => view! {
                    <table class="services" data-bench-done="true">
                        <tbody>
                            {list.into_iter().map(|f| view! {
                                <tr><th scope="row">{f.label}</th><td data-figure=f.id>{f.value}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any(),
            }}
        </main>
    }
}
