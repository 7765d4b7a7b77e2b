lang-label = Langue
brand = Sportello · Services pour l'emploi
cpi-full-name = Centre pour l'emploi de { $name }
cpi-province = Province de { $province }

home-lead = Choisissez un Centre pour l'emploi pour ouvrir sa borne.
home-list = Liste des Centres pour l'emploi

totem-unknown-title = Centre pour l'emploi introuvable
totem-unknown-body = Cette borne n'est configurée pour aucun Centre pour l'emploi connu.
totem-activate = Activer cette borne

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
did-unavailable = Cette borne n'est pas activée : adressez-vous au guichet.
