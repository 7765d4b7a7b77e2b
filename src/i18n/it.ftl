# Sportello: testi dell'interfaccia per i cittadini (italiano, lingua di riferimento).
# Ogni chiave usata nel codice deve esistere qui; le altre lingue ripiegano sull'italiano.

lang-label = Lingua
brand = Sportello · Servizi per il lavoro
cpi-full-name = Centro per l'Impiego di { $name }
cpi-province = Provincia di { $province }

home-lead = Scegli il Centro per l'Impiego per aprire il suo totem.
home-list = Elenco dei Centri per l'Impiego

totem-unknown-title = Centro per l'Impiego non trovato
totem-unknown-body = Questo totem non è configurato per un Centro per l'Impiego conosciuto.
totem-inactive = Questo totem non è ancora attivo. Per i servizi del Centro per l'Impiego rivolgiti al personale.
totem-revoked = Questo totem è stato disattivato dal CPI e non è più collegato. Chiedi a un operatore di attivarlo di nuovo.

cpi-address = Indirizzo
cpi-hours = Orari di apertura
cpi-contacts = Contatti
cpi-phone = Telefono:
cpi-email = E-mail:

charter-title = Carta dei servizi
charter-lead = Scegli un'area per vedere i servizi, a chi sono rivolti e quanto durano.
charter-back = ← Carta dei servizi
charter-return = Torna alla Carta dei servizi
audience-citizens = Per cittadine e cittadini
audience-employers = Per le imprese
area-services-count = { $count ->
    [one] 1 servizio
   *[other] { $count } servizi
}
area-title = Area { $letter } · { $name }
area-back = ← Area { $letter }
area-not-found = Area non trovata
service-not-found = Servizio non trovato
service-what = Che cos'è
service-for-whom = A chi è rivolto
service-conditions = Condizioni
service-duration = Durata standard
service-legal = Riferimenti normativi
duration-caption = Durata standard del servizio { $code }
duration-recipients = Destinatari
duration-length = Durata
duration-minutes = { $minutes } minuti
duration-none = Non prevista
crumbs = Percorso

board-notices = Avvisi
board-directory = Altri servizi del territorio
board-phone = Tel. { $phone }

sync-online = In linea
sync-offline = Non in linea
sync-all-saved = Tutto salvato sul server
sync-nothing-pending = Nessuna modifica in attesa
sync-pending = { $count ->
    [one] 1 modifica da inviare
   *[other] { $count } modifiche da inviare
}
sync-last = Ultima sincronizzazione: { $time }
sync-never = Mai sincronizzato
sync-refused = Il server ha rifiutato una modifica: { $reason }

did-start = Dichiara la tua disponibilità al lavoro (DID)
did-title = Dichiarazione di immediata disponibilità
did-lead = Se non sei ancora iscritto al Centro per l'Impiego, lascia qui i tuoi dati: un operatore confermerà la dichiarazione e ti chiamerà per il colloquio di orientamento.
did-cf = Codice fiscale
did-surname = Cognome
did-name = Nome
did-phone = Telefono
did-email = E-mail (facoltativa)
did-submit = Invia la dichiarazione
did-cf-invalid = Codice fiscale non valido: { $reason }
did-missing = Inserisci cognome, nome e un numero di telefono.
did-done = Dichiarazione registrata. Un operatore la confermerà entro 2 giorni lavorativi.
did-queued = Il totem è senza rete: la dichiarazione partirà appena torna la connessione.
did-sent = La dichiarazione è arrivata al Centro per l'Impiego.
did-refused = Il sistema non ha accettato questa dichiarazione: non arriverà al Centro per l'Impiego. Rivolgiti allo sportello. Quando premi Fine, i tuoi dati vengono cancellati da questo totem.
did-unavailable = Questo totem non è attivato: rivolgiti allo sportello.

cert-start = La mia situazione e i certificati (con la tessera sanitaria)
cert-title = Certificati con la tessera sanitaria
cert-scan-lead = Passa il codice a barre sul retro della tessera sanitaria sotto il lettore, oppure scrivi il codice fiscale.
cert-cf = Codice fiscale
cert-next = Avanti
cert-cf-invalid = Codice fiscale non valido: { $reason }
cert-factor-title = Conferma che la tessera è tua
cert-factor-lead = Scrivi le ultime 8 cifre del numero della tessera e la data di scadenza, come sono stampate sul retro.
cert-digits = Ultime 8 cifre del numero della tessera
cert-expiry = Data di scadenza (GG/MM/AAAA)
cert-digits-invalid = Servono le ultime 8 cifre del numero della tessera.
cert-expiry-invalid = Scrivi la data di scadenza come GG/MM/AAAA.
cert-confirm = Conferma
cert-offline = Il totem ora non è collegato: la situazione e i certificati si possono chiedere solo con la connessione. Rivolgiti allo sportello del Centro per l'Impiego, { $address }.
cert-not-enrolled = Questo totem non è attivato: i certificati non sono disponibili. Rivolgiti allo sportello.
cert-status-title = La mia situazione
cert-employment = Condizione
cert-did = Dichiarazione di immediata disponibilità (DID)
cert-did-none = Nessuna DID registrata
cert-pds = Patto di servizio
cert-pds-signed = Firmato il { $date }
cert-pds-none = Non ancora firmato
cert-l68 = Collocamento mirato (L. 68/99)
cert-l68-yes = Iscritto dal { $date }
cert-l68-no = Non iscritto
cert-appointment = Prossimo appuntamento
cert-appointment-on = Colloquio di orientamento il { $date }
cert-appointment-none = Nessun appuntamento fissato
cert-deadlines = Cosa ti deve il Centro per l'Impiego
cert-deadline-b1 = Colloquio di orientamento
cert-deadline-pai = Proposta di un percorso di politica attiva (PAI)
cert-deadline-due = entro il { $date }
cert-deadline-done = fatto il { $date }
cert-deadline-late = in ritardo: andava fatto entro il { $date }
cert-choose = Scegli un certificato da stampare
cert-kind-did = Attestazione di disoccupazione e DID
cert-kind-sap = Estratto della scheda anagrafica professionale
cert-kind-l68 = Iscrizione al collocamento mirato
cert-kind-pds = Copia del patto di servizio
cert-print = Stampa
cert-back = ← La mia situazione
employment-disoccupato = Disoccupato/a
employment-inoccupato = In cerca di prima occupazione
employment-occupato = Occupato/a
employment-sospeso = Stato sospeso (lavoro breve)
employment-studente = Studente/studentessa
keyboard-label = Tastiera sullo schermo
keyboard-delete = Cancella il carattere prima del cursore
keyboard-clear = Svuota
keyboard-space = Spazio
keyboard-shift = Maiuscole
idle-warning = Sei ancora qui? Per la tua riservatezza la sessione termina tra { $seconds } secondi.
idle-continue = Continua
did-slot-title = Scegli il giorno del colloquio di orientamento
did-slot-lead = Il colloquio dura circa un'ora, al Centro per l'Impiego. Sono proposti solo giorni entro due mesi dalla dichiarazione.
did-slot-skip = Non ora: il Centro per l'Impiego mi chiamerà
did-time-title = Scegli l'orario di { $day }
did-day-change = Scegli un altro giorno
did-no-days = Non ci sono più giorni liberi entro due mesi: il Centro per l'Impiego ti chiamerà.
did-no-agenda = Gli orari dei colloqui non sono ancora arrivati su questo totem: invia la dichiarazione e il Centro per l'Impiego ti chiamerà per fissare il colloquio.
did-week = Settimana dal { $from } al { $to }
did-week-prev = ← Settimana prima
did-week-next = Settimana dopo →
did-slot-lost = Ci dispiace: lo stesso orario era stato appena prenotato da un altro totem. Scegli un nuovo orario.
weekday-1 = Lunedì
weekday-2 = Martedì
weekday-3 = Mercoledì
weekday-4 = Giovedì
weekday-5 = Venerdì
weekday-6 = Sabato
weekday-7 = Domenica
did-receipt-slot = Colloquio di orientamento: { $when }
did-receipt-none = Il Centro per l'Impiego ti chiamerà per fissare il colloquio di orientamento.
did-receipt-ref = Riferimento: { $reference }
did-receipt-qr = Codice QR della ricevuta
did-print = Stampa la ricevuta
cert-pdf = Scarica il PDF
session-end = Fine
a11y-label = Accessibilità
a11y-large-text = Testo grande
a11y-contrast = Alto contrasto
a11y-reachable = Comandi in basso
jobs-start = Offerte di lavoro
jobs-title = Offerte di lavoro
jobs-unavailable = Le offerte non sono ancora arrivate su questo totem.
jobs-filters = Filtra le offerte
jobs-profession = Professione
jobs-municipality = Comune
jobs-contract = Contratto
jobs-time = Orario
jobs-time-full = Tempo pieno
jobs-time-part = Part-time
jobs-any-profession = Tutte
jobs-any-municipality = Tutti
jobs-any-contract = Tutti
jobs-any-time = Tutti
jobs-recent = Solo dell'ultima settimana
jobs-count = { $count ->
    [one] 1 offerta
   *[other] { $count } offerte
}
jobs-published = Pubblicata il
jobs-reference = Riferimento
jobs-description = Descrizione
jobs-requirements = Requisiti
jobs-apply = Come candidarsi
jobs-back = ← Tutte le offerte
jobs-not-found = Offerta non trovata o non più disponibile
jobs-qr = Codice QR dell'offerta
jobs-qr-hint = Inquadra il codice con il telefono per portare l'offerta con te.
jobs-print = Stampa il promemoria
jobs-contract-indeterminato = Tempo indeterminato
jobs-contract-determinato = Tempo determinato
jobs-contract-apprendistato = Apprendistato
jobs-contract-tirocinio = Tirocinio
jobs-contract-somministrazione = Somministrazione
cp-group-1 = Dirigenti e imprenditori
cp-group-2 = Professioni intellettuali e scientifiche
cp-group-3 = Professioni tecniche
cp-group-4 = Lavoro d'ufficio
cp-group-5 = Commercio e servizi
cp-group-6 = Artigiani, operai specializzati e agricoltori
cp-group-7 = Conduttori di impianti e di veicoli
cp-group-8 = Professioni non qualificate
cp-group-9 = Forze armate

# Queue tickets
ticket-start = Prendi il numero per lo sportello
ticket-title = Prendi il numero
ticket-lead = Scegli l'area del servizio che ti serve. Per ogni area vedi quante persone aspettano e l'attesa stimata.
ticket-priority-title = Area { $area }: hai diritto alla precedenza?
ticket-priority-lead = Le persone con disabilità e le donne in gravidanza sono chiamate prima degli altri.
ticket-priority-normal = No, numero ordinario
ticket-priority-disability = Sì, persona con disabilità
ticket-priority-pregnancy = Sì, donna in gravidanza
ticket-priority-printed = Numero con precedenza
ticket-change-area = Cambia area
ticket-next = Sei il prossimo: attendi la chiamata sul tabellone.
ticket-wait = { $ahead ->
    [one] 1 persona prima di te · attesa stimata circa { $minutes } minuti
   *[other] { $ahead } persone prima di te · attesa stimata circa { $minutes } minuti
}
ticket-wait-unknown = { $ahead ->
    [one] 1 persona prima di te · nessuno sportello aperto ora per quest'area: attesa non stimabile
   *[other] { $ahead } persone prima di te · nessuno sportello aperto ora per quest'area: attesa non stimabile
}
ticket-qr = Inquadra il codice con il telefono per seguire il tuo turno
ticket-print = Stampa il biglietto
ticket-another = Prendi un altro numero
ticket-sent = Il tuo numero è già visibile agli sportelli.
ticket-queued = Il tuo numero è valido: gli sportelli lo vedranno appena il totem torna in linea.
ticket-unavailable = Questo totem non è attivato: i numeri per lo sportello non sono disponibili. Rivolgiti all'accoglienza.
ticket-no-code = Questo totem non ha una lettera per i biglietti: rivolgiti all'accoglienza.
ticket-no-day = I numeri di oggi non sono ancora disponibili su questo totem: rivolgiti all'accoglienza.
ticket-exhausted = Numeri esauriti per oggi su questo totem per quest'area: usa un altro totem o rivolgiti all'accoglienza.
survey-start = Valuta il servizio ricevuto
survey-title = Com'è andata allo sportello?
survey-number = Numero del tuo biglietto
survey-continue = Continua
survey-bad-number = Scrivi il numero come sul biglietto, per esempio A-B-017.
survey-unknown = Non troviamo questo numero tra i biglietti di oggi.
survey-not-done = Potrai dare il tuo giudizio quando il servizio allo sportello sarà concluso.
survey-question = Quanto sei soddisfatto del servizio ricevuto (biglietto { $number }, { $area })?
survey-rating = Voto { $n } su 5
survey-scale = 1 = per niente soddisfatto · 5 = molto soddisfatto
survey-comment = Commento (facoltativo, non scrivere dati personali)
survey-send = Invia
survey-choose = Scegli un voto da 1 a 5.
survey-thanks = Grazie: il tuo giudizio aiuta il Centro per l'Impiego a migliorare.
queue-loading = Caricamento…
queue-status-title = Il tuo turno
queue-called = È il tuo turno: vai allo sportello { $desk }.
queue-done = Servizio concluso.
queue-no-show = Sei stato chiamato ma non eri presente: rivolgiti all'accoglienza.
ticket-check-code = Codice per valutare il servizio: { $code }
survey-lead = Inquadra il codice QR del biglietto con il lettore, oppure scrivi il numero e il codice stampati sul biglietto.
survey-code = Codice stampato sul biglietto
