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
totem-activate = Attiva questo totem

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
did-unavailable = Questo totem non è attivato: rivolgiti allo sportello.
