//! The CPI's public board: shown read-only on the totem, edited by the CPI's staff.

use crate::i18n::I18n;
use crate::io::sync::SyncHandle;
use leptos::prelude::*;
use sportello_core::docs::board::{referral_kind_label, Board, HoursRow, Notice, Referral, REFERRAL_KINDS};
use sportello_core::docs::TextField;
use sportello_core::sync::ids::DocumentId;

/// The board as the totem shows it: notices first, then the referral directory (A2).
#[component]
pub fn BoardView(board: Board) -> impl IntoView {
    let i18n = I18n::get();
    let notices = board.notices.clone();
    let directory = board.directory.clone();
    view! {
        {(!notices.is_empty()).then(|| view! {
            <section class="notices" aria-labelledby="notices-title">
                <h2 id="notices-title">{move || i18n.t("board-notices")}</h2>
                <ul class="notice-list">
                    {notices.into_iter().map(|n| view! {
                        <li class="notice">
                            <h3>{n.title.to_string()}</h3>
                            <p>{n.body.to_string()}</p>
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        })}
        {(!directory.is_empty()).then(|| view! {
            <section class="directory" aria-labelledby="directory-title">
                <h2 id="directory-title">{move || i18n.t("board-directory")}</h2>
                <ul class="referral-list">
                    {directory.into_iter().map(|r| view! {
                        <li class="referral">
                            <span class="referral-kind">{referral_kind_label(&r.kind).to_string()}</span>
                            <h3>{r.name.to_string()}</h3>
                            {(!r.note.is_empty()).then(|| view! { <p>{r.note.to_string()}</p> })}
                            <p class="referral-facts">
                                {r.address.to_string()}
                                {(!r.hours.is_empty()).then(|| format!(" · {}", r.hours))}
                                {(!r.phone.is_empty()).then(|| {
                                    let phone = r.phone.to_string();
                                    move || format!(" · {}", i18n.t_with("board-phone", &[("phone", phone.clone().into())]))
                                })}
                            </p>
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        })}
    }
}

fn new_id(prefix: &str) -> String {
    let mut bytes = [0u8; 6];
    getrandom::fill(&mut bytes).expect("crypto.getRandomValues");
    format!("{prefix}-{}", crate::io::hex(&bytes))
}

use crate::io::browser::today_iso as today;

/// Edits of one board from the editor: each applied in one change (concurrent edits merge
/// field by field); a failed one is shown above the editor.
#[derive(Clone, Copy)]
struct BoardEdits {
    handle: SyncHandle,
    id: DocumentId,
    failure: RwSignal<Option<String>>,
}

impl BoardEdits {
    fn apply(self, edit: impl FnOnce(&mut Board)) {
        let result = self.handle.update::<Board, _>(self.id, "Bacheca", edit);
        self.failure.set(result.err().map(|e| e.message_it()));
    }
}

fn input_value(ev: &leptos::ev::Event) -> String {
    event_target_value(ev)
}

/// The staff's editor of the board. Every field is written on change; the sync badge says
/// when the relay has it.
#[component]
pub fn BoardEditor(handle: SyncHandle, id: DocumentId) -> impl IntoView {
    let board = Memo::new(move |_| handle.read::<Board>(id));
    let edits = BoardEdits { handle, id, failure: RwSignal::new(None) };
    let hours_ids = Memo::new(move |_| {
        board.get().map(|b| b.hours.iter().map(|h| h.id.to_string()).collect::<Vec<_>>()).unwrap_or_default()
    });
    let notice_ids = Memo::new(move |_| {
        board.get().map(|b| b.notices.iter().map(|n| n.id.to_string()).collect::<Vec<_>>()).unwrap_or_default()
    });
    let referral_ids = Memo::new(move |_| {
        board.get().map(|b| b.directory.iter().map(|r| r.id.to_string()).collect::<Vec<_>>()).unwrap_or_default()
    });

    let hour = move |id: &str| board.get().and_then(|b| b.hours.into_iter().find(|h| h.id == id)).unwrap_or_default();
    let notice =
        move |id: &str| board.get().and_then(|b| b.notices.into_iter().find(|n| n.id == id)).unwrap_or_default();
    let referral =
        move |id: &str| board.get().and_then(|b| b.directory.into_iter().find(|r| r.id == id)).unwrap_or_default();

    view! {
        <Show
            when=move || board.with(Option::is_some)
            fallback=move || view! {
                <p class="loading">
                    {move || if handle.unavailable(id) {
                        "La bacheca non è disponibile per questo account."
                    } else {
                        "Caricamento della bacheca… Se sei senza connessione e non l'hai mai aperta su questo dispositivo, si aprirà appena torni in linea."
                    }}
                </p>
            }
        >
            {move || edits.failure.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            <section class="editor" aria-labelledby="kiosk-title">
                <h2 id="kiosk-title">"Totem"</h2>
                <label>"Secondi di inattività prima che il totem avvisi e chiuda la sessione del cittadino"
                    <input type="number" min=sportello_core::docs::board::MIN_KIOSK_IDLE_SECONDS.to_string() max="900"
                        prop:value=move || board.get().map(|b| b.kiosk_idle_seconds().to_string()).unwrap_or_default()
                        on:change=move |ev| {
                            if let Ok(n) = input_value(&ev).trim().parse::<u64>() {
                                let n = n.clamp(sportello_core::docs::board::MIN_KIOSK_IDLE_SECONDS, 900);
                                edits.apply(move |b| b.kiosk_idle_seconds = n);
                            }
                        } />
                </label>
                <p class="hint">"Poi un avviso conta altri 20 secondi, con un pulsante per continuare."</p>
            </section>
            <section class="editor" aria-labelledby="hours-title">
                <h2 id="hours-title">"Orari di apertura"</h2>
                <For each=move || hours_ids.get() key=|id| id.clone() let:row_id>
                    {
                        let (r1, r2, r3, r4) = (row_id.clone(), row_id.clone(), row_id.clone(), row_id.clone());
                        view! {
                            <div class="editor-row">
                                <label>"Giorni"
                                    <input type="text" prop:value=move || hour(&r1).days.to_string()
                                        on:change=move |ev| { let v = input_value(&ev); let r = r2.clone(); edits.apply(move |b| if let Some(h) = b.hours.iter_mut().find(|h| h.id == r) { h.days.set(&v); }) } />
                                </label>
                                <label>"Orario"
                                    <input type="text" prop:value={ let r = r3.clone(); move || hour(&r).hours.to_string() }
                                        on:change=move |ev| { let v = input_value(&ev); let r = r3.clone(); edits.apply(move |b| if let Some(h) = b.hours.iter_mut().find(|h| h.id == r) { h.hours.set(&v); }) } />
                                </label>
                                <button type="button" class="button secondary" on:click=move |_| { let r = r4.clone(); edits.apply(move |b| b.hours.retain(|h| h.id != r)) }>"Rimuovi"</button>
                            </div>
                        }
                    }
                </For>
                <button type="button" class="button secondary" on:click=move |_| edits.apply(|b| b.hours.push(HoursRow { id: new_id("h").into(), days: TextField::default(), hours: TextField::default() }))>
                    "Aggiungi un orario"
                </button>
            </section>

            <section class="editor" aria-labelledby="notices-edit-title">
                <h2 id="notices-edit-title">"Avvisi"</h2>
                <For each=move || notice_ids.get() key=|id| id.clone() let:notice_id>
                    {
                        let (n1, n2, n3, n4, n5) = (notice_id.clone(), notice_id.clone(), notice_id.clone(), notice_id.clone(), notice_id.clone());
                        view! {
                            <div class="editor-card">
                                <label>"Titolo dell'avviso"
                                    <input type="text" prop:value=move || notice(&n1).title.to_string()
                                        on:change=move |ev| { let v = input_value(&ev); let r = n2.clone(); edits.apply(move |b| if let Some(n) = b.notices.iter_mut().find(|n| n.id == r) { n.title.set(&v); }) } />
                                </label>
                                <label>"Testo dell'avviso"
                                    <textarea rows="3" prop:value=move || notice(&n3).body.to_string()
                                        on:change=move |ev| { let v = input_value(&ev); let r = n4.clone(); edits.apply(move |b| if let Some(n) = b.notices.iter_mut().find(|n| n.id == r) { n.body.set(&v); }) }></textarea>
                                </label>
                                <button type="button" class="button secondary" on:click=move |_| { let r = n5.clone(); edits.apply(move |b| b.notices.retain(|n| n.id != r)) }>"Elimina l'avviso"</button>
                            </div>
                        }
                    }
                </For>
                <button type="button" class="button" on:click=move |_| edits.apply(|b| b.notices.insert(0, Notice { id: new_id("n").into(), title: "Nuovo avviso".into(), body: TextField::default(), posted_on: today().into() }))>
                    "Nuovo avviso"
                </button>
            </section>

            <section class="editor" aria-labelledby="directory-edit-title">
                <h2 id="directory-edit-title">"Altri servizi del territorio (A2)"</h2>
                <For each=move || referral_ids.get() key=|id| id.clone() let:ref_id>
                    {
                        let field = {
                            let ref_id = ref_id.clone();
                            move |label: &'static str, get: fn(&Referral) -> &TextField, set: fn(&mut Referral, &str)| {
                                let (a, b) = (ref_id.clone(), ref_id.clone());
                                view! {
                                    <label>{label}
                                        <input type="text" prop:value=move || get(&referral(&a)).to_string()
                                            on:change=move |ev| { let v = input_value(&ev); let r = b.clone(); edits.apply(move |bd| if let Some(x) = bd.directory.iter_mut().find(|x| x.id == r) { set(x, &v); }) } />
                                    </label>
                                }
                            }
                        };
                        let (k1, k2, k3) = (ref_id.clone(), ref_id.clone(), ref_id.clone());
                        view! {
                            <div class="editor-card">
                                <label>"Tipo"
                                    <select prop:value=move || referral(&k1).kind.to_string()
                                        on:change=move |ev| { let v = input_value(&ev); let r = k2.clone(); edits.apply(move |b| if let Some(x) = b.directory.iter_mut().find(|x| x.id == r) { x.kind = v.into(); }) }>
                                        {REFERRAL_KINDS.iter().map(|(k, label)| view! { <option value=*k>{*label}</option> }).collect_view()}
                                    </select>
                                </label>
                                {field("Nome", |r| &r.name, |r, v| r.name.set(v))}
                                {field("Indirizzo", |r| &r.address, |r, v| r.address.set(v))}
                                {field("Telefono", |r| &r.phone, |r, v| r.phone.set(v))}
                                {field("Orari", |r| &r.hours, |r, v| r.hours.set(v))}
                                {field("Per che cosa", |r| &r.note, |r, v| r.note.set(v))}
                                <button type="button" class="button secondary" on:click=move |_| { let r = k3.clone(); edits.apply(move |b| b.directory.retain(|x| x.id != r)) }>"Rimuovi"</button>
                            </div>
                        }
                    }
                </For>
                <button type="button" class="button secondary" on:click=move |_| edits.apply(|b| b.directory.push(Referral { id: new_id("r").into(), kind: "sociale".into(), ..Default::default() }))>
                    "Aggiungi un servizio"
                </button>
            </section>
        </Show>
    }
}
