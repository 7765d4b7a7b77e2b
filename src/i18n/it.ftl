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
