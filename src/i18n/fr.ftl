lang-label = Langue
brand = Sportello · Services pour l'emploi
cpi-full-name = Centre pour l'emploi de { $name }
cpi-province = Province de { $province }

home-lead = Choisissez un Centre pour l'emploi pour ouvrir sa borne.
home-list = Liste des Centres pour l'emploi

totem-unknown-title = Centre pour l'emploi introuvable
totem-unknown-body = Cette borne n'est configurée pour aucun Centre pour l'emploi connu.
totem-inactive = Cette borne n'est pas encore active. Pour les services du Centre pour l'emploi, adressez-vous au personnel.
totem-revoked = Cette borne a été désactivée par le centre pour l'emploi et n'est plus connectée. Demandez à un agent de la réactiver.

cpi-address = Adresse
cpi-hours = Horaires d'ouverture
cpi-contacts = Contacts
cpi-phone = Téléphone :
cpi-email = E-mail :

charter-title = Charte des services
charter-lead = Choisissez un domaine pour voir les services, à qui ils s'adressent et leur durée.
charter-back = ← Charte des services
charter-return = Retour à la charte des services
audience-citizens = Pour les citoyennes et les citoyens
audience-employers = Pour les entreprises
area-services-count = { $count ->
    [one] 1 service
   *[other] { $count } services
}
area-title = Domaine { $letter } · { $name }
area-back = ← Domaine { $letter }
area-not-found = Domaine introuvable
service-not-found = Service introuvable
service-what = De quoi s'agit-il
service-for-whom = À qui s'adresse-t-il
service-conditions = Conditions
service-duration = Durée standard
service-legal = Références juridiques
duration-caption = Durée standard du service { $code }
duration-recipients = Public
duration-length = Durée
duration-minutes = { $minutes } minutes
duration-none = Non prévue
crumbs = Parcours

board-notices = Avis
board-directory = Autres services du territoire
board-phone = Tél. { $phone }

sync-online = En ligne
sync-offline = Hors ligne
sync-all-saved = Tout est enregistré sur le serveur
sync-nothing-pending = Aucune modification en attente
sync-pending = { $count ->
    [one] 1 modification à envoyer
   *[other] { $count } modifications à envoyer
}
sync-last = Dernière synchronisation : { $time }
sync-never = Jamais synchronisé
sync-refused = Le serveur a refusé une modification : { $reason }

did-start = Déclarez votre disponibilité à travailler (DID)
did-title = Déclaration de disponibilité immédiate
did-lead = Si vous n'êtes pas encore inscrit au Centre pour l'emploi, laissez vos coordonnées ici : un agent confirmera la déclaration et vous appellera pour l'entretien d'orientation.
did-cf = Code fiscal (codice fiscale)
did-surname = Nom
did-name = Prénom
did-phone = Téléphone
did-email = E-mail (facultatif)
did-submit = Envoyer la déclaration
did-cf-invalid = Code fiscal non valide : { $reason }
did-missing = Saisissez nom, prénom et un numéro de téléphone.
did-done = Déclaration enregistrée. Un agent la confirmera sous 2 jours ouvrables.
did-queued = La borne est hors ligne : la déclaration partira dès le retour de la connexion.
did-sent = La déclaration est arrivée au Centre pour l'emploi.
did-refused = Le système n'a pas accepté cette déclaration : elle n'arrivera pas au Centre pour l'emploi. Adressez-vous au guichet. Quand vous appuyez sur Terminer, vos données sont effacées de cette borne.
did-unavailable = Cette borne n'est pas activée : adressez-vous au guichet.

cert-start = Ma situation et mes certificats (avec la carte sanitaire)
cert-title = Certificats avec la carte sanitaire
cert-scan-lead = Passez le code-barres au dos de la Tessera Sanitaria sous le lecteur, ou saisissez votre code fiscal.
cert-cf = Code fiscal (codice fiscale)
cert-next = Suivant
cert-cf-invalid = Code fiscal non valide : { $reason }
cert-factor-title = Confirmez que la carte est à vous
cert-factor-lead = Saisissez les 8 derniers chiffres du numéro de la carte et la date d'expiration, tels qu'ils sont imprimés au dos.
cert-digits = 8 derniers chiffres du numéro de la carte
cert-expiry = Date d'expiration (JJ/MM/AAAA)
cert-digits-invalid = Il faut les 8 derniers chiffres du numéro de la carte.
cert-expiry-invalid = Saisissez la date d'expiration au format JJ/MM/AAAA.
cert-confirm = Confirmer
cert-offline = La borne n'est pas connectée : la situation et les certificats ne sont disponibles qu'avec la connexion. Adressez-vous au guichet du Centre pour l'emploi, { $address }.
cert-not-enrolled = Cette borne n'est pas activée : les certificats ne sont pas disponibles. Adressez-vous au guichet.
cert-status-title = Ma situation
cert-employment = Situation
cert-did = Déclaration de disponibilité immédiate (DID)
cert-did-none = Aucune DID enregistrée
cert-pds = Pacte de service
cert-pds-signed = Signé le { $date }
cert-pds-none = Pas encore signé
cert-l68 = Placement ciblé (loi 68/99)
cert-l68-yes = Inscrit depuis le { $date }
cert-l68-no = Non inscrit
cert-appointment = Prochain rendez-vous
cert-appointment-on = Entretien d'orientation le { $date }
cert-appointment-none = Aucun rendez-vous fixé
cert-deadlines = Ce que le Centre pour l'emploi vous doit
cert-deadline-b1 = Entretien d'orientation
cert-deadline-pai = Proposition d'un parcours de politique active (PAI)
cert-deadline-due = avant le { $date }
cert-deadline-done = fait le { $date }
cert-deadline-late = en retard : à faire avant le { $date }
cert-choose = Choisissez un certificat à imprimer
cert-kind-did = Attestation de chômage et DID
cert-kind-sap = Extrait de la fiche professionnelle
cert-kind-l68 = Inscription au placement ciblé
cert-kind-pds = Copie du pacte de service
cert-print = Imprimer
cert-back = ← Ma situation
employment-disoccupato = Au chômage
employment-inoccupato = À la recherche d'un premier emploi
employment-occupato = En emploi
employment-sospeso = Statut suspendu (emploi court)
employment-studente = Étudiant(e)
keyboard-label = Clavier à l'écran
keyboard-delete = Effacer le caractère avant le curseur
keyboard-clear = Vider
keyboard-space = Espace
keyboard-shift = Majuscules
idle-warning = Vous êtes toujours là ? Pour votre confidentialité, la session se termine dans { $seconds } secondes.
idle-continue = Continuer
did-slot-title = Choisissez le jour de l'entretien d'orientation
did-slot-lead = L'entretien dure environ une heure, au Centre pour l'emploi. Seuls les jours dans les deux mois suivant la déclaration sont proposés.
did-slot-skip = Pas maintenant : le Centre pour l'emploi m'appellera
did-time-title = Choisissez l'heure du { $day }
did-day-change = Choisir un autre jour
did-no-days = Il n'y a plus de jour libre dans les deux mois : le Centre pour l'emploi vous appellera.
did-no-agenda = Les horaires des entretiens ne sont pas encore arrivés sur cette borne : envoyez la déclaration et le Centre pour l'emploi vous appellera pour fixer l'entretien.
did-week = Semaine du { $from } au { $to }
did-week-prev = ← Semaine précédente
did-week-next = Semaine suivante →
did-slot-lost = Désolé : la même heure venait d'être réservée à une autre borne. Choisissez une nouvelle heure.
weekday-1 = Lundi
weekday-2 = Mardi
weekday-3 = Mercredi
weekday-4 = Jeudi
weekday-5 = Vendredi
weekday-6 = Samedi
weekday-7 = Dimanche
did-receipt-slot = Entretien d'orientation : { $when }
did-receipt-none = Le Centre pour l'emploi vous appellera pour fixer l'entretien d'orientation.
did-receipt-ref = Référence : { $reference }
did-receipt-qr = Code QR du reçu
did-print = Imprimer le reçu
cert-pdf = Télécharger le PDF
session-end = Terminer
a11y-label = Accessibilité
a11y-large-text = Grand texte
a11y-contrast = Contraste élevé
a11y-reachable = Commandes en bas
jobs-start = Offres d'emploi
jobs-title = Offres d'emploi
jobs-unavailable = Les offres ne sont pas encore arrivées sur cette borne.
jobs-filters = Filtrer les offres
jobs-profession = Profession
jobs-municipality = Commune
jobs-contract = Contrat
jobs-time = Temps de travail
jobs-time-full = Temps plein
jobs-time-part = Temps partiel
jobs-any-profession = Toutes
jobs-any-municipality = Toutes
jobs-any-contract = Tous
jobs-any-time = Tous
jobs-recent = Seulement de la dernière semaine
jobs-count = { $count ->
    [one] 1 offre
   *[other] { $count } offres
}
jobs-published = Publiée le
jobs-reference = Référence
jobs-description = Description
jobs-requirements = Profil recherché
jobs-apply = Comment postuler
jobs-back = ← Toutes les offres
jobs-not-found = Offre introuvable ou plus disponible
jobs-qr = Code QR de l'offre
jobs-qr-hint = Scannez le code avec votre téléphone pour emporter l'offre.
jobs-print = Imprimer un aide-mémoire
jobs-contract-indeterminato = CDI
jobs-contract-determinato = CDD
jobs-contract-apprendistato = Apprentissage
jobs-contract-tirocinio = Stage
jobs-contract-somministrazione = Intérim
cp-group-1 = Dirigeants et entrepreneurs
cp-group-2 = Professions intellectuelles et scientifiques
cp-group-3 = Professions techniques
cp-group-4 = Travail de bureau
cp-group-5 = Commerce et services
cp-group-6 = Artisans, ouvriers qualifiés et agriculteurs
cp-group-7 = Conducteurs d'installations et de véhicules
cp-group-8 = Professions non qualifiées
cp-group-9 = Forces armées

# Queue tickets
ticket-start = Prendre un numéro pour le guichet
ticket-title = Prendre un numéro
ticket-lead = Choisissez le domaine du service dont vous avez besoin. Pour chaque domaine, vous voyez combien de personnes attendent et l'attente estimée.
ticket-priority-title = Domaine { $area } : avez-vous droit à la priorité ?
ticket-priority-lead = Les personnes handicapées et les femmes enceintes sont appelées avant les autres.
ticket-priority-normal = Non, numéro ordinaire
ticket-priority-disability = Oui, personne handicapée
ticket-priority-pregnancy = Oui, femme enceinte
ticket-priority-printed = Numéro prioritaire
ticket-change-area = Changer de domaine
ticket-next = Vous êtes le prochain : surveillez l'appel sur le tableau d'affichage.
ticket-wait = { $ahead ->
    [one] 1 personne avant vous · attente estimée environ { $minutes } minutes
   *[other] { $ahead } personnes avant vous · attente estimée environ { $minutes } minutes
}
ticket-wait-unknown = { $ahead ->
    [one] 1 personne avant vous · aucun guichet ouvert pour ce domaine : attente impossible à estimer
   *[other] { $ahead } personnes avant vous · aucun guichet ouvert pour ce domaine : attente impossible à estimer
}
ticket-qr = Scannez le code avec votre téléphone pour suivre votre tour
ticket-print = Imprimer le ticket
ticket-another = Prendre un autre numéro
ticket-sent = Les guichets voient déjà votre numéro.
ticket-queued = Votre numéro est valable : les guichets le verront dès que la borne sera de nouveau en ligne.
ticket-unavailable = Cette borne n'est pas activée : les numéros ne sont pas disponibles. Adressez-vous à l'accueil.
ticket-no-code = Cette borne n'a pas de lettre pour les tickets : adressez-vous à l'accueil.
ticket-no-day = Les numéros d'aujourd'hui ne sont pas encore disponibles sur cette borne : adressez-vous à l'accueil.
ticket-exhausted = Cette borne n'a plus de numéros pour ce domaine aujourd'hui : utilisez une autre borne ou adressez-vous à l'accueil.
survey-start = Évaluer le service reçu
survey-title = Comment cela s'est-il passé au guichet ?
survey-number = Numéro de votre ticket
survey-continue = Continuer
survey-bad-number = Écrivez le numéro comme sur le ticket, par exemple A-B-017.
survey-unknown = Nous ne trouvons pas ce numéro parmi les tickets d'aujourd'hui.
survey-not-done = Vous pourrez donner votre avis une fois le service terminé.
survey-question = Êtes-vous satisfait du service reçu (ticket { $number }, { $area }) ?
survey-rating = Note { $n } sur 5
survey-scale = 1 = pas du tout satisfait · 5 = très satisfait
survey-comment = Commentaire (facultatif, n'écrivez pas de données personnelles)
survey-send = Envoyer
survey-choose = Choisissez une note de 1 à 5.
survey-thanks = Merci : votre avis aide le Centre pour l'emploi à s'améliorer.
queue-loading = Chargement…
queue-status-title = Votre tour
queue-called = C'est votre tour : allez au guichet { $desk }.
queue-done = Service terminé.
queue-no-show = Vous avez été appelé mais vous n'étiez pas là : adressez-vous à l'accueil.
ticket-check-code = Code pour évaluer le service : { $code }
survey-lead = Présentez le code QR du ticket au lecteur, ou saisissez le numéro et le code imprimés sur le ticket.
survey-code = Code imprimé sur le ticket
