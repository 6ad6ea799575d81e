# organizations — administration des organisations, membres, invitations

## Rôles
org-role-admin = Administrateur·rice
org-role-member = Membre

## Dates (« 21 novembre 2026 »)
org-date = { $day } { $month_year }
org-month-year = { $month } { $year }
org-month-1 = janvier
org-month-2 = février
org-month-3 = mars
org-month-4 = avril
org-month-5 = mai
org-month-6 = juin
org-month-7 = juillet
org-month-8 = août
org-month-9 = septembre
org-month-10 = octobre
org-month-11 = novembre
org-month-12 = décembre

## Pages d’administration
org-admin-title = Administration
org-admin-nav = Administration de l’organisation
org-admin-nav-settings = Paramètres
org-admin-nav-members = Membres
org-admin-nav-invitations = Invitations
org-admin-settings-title = Paramètres de l’organisation
org-admin-members-title = Membres
org-admin-invitations-title = Invitations

## Confirmations après un changement
org-notice-saved = Les paramètres ont été enregistrés.
org-notice-created = L’organisation a été créée. Vous pouvez maintenant compléter ses paramètres.
org-notice-member-added = La personne est maintenant membre.
org-notice-role-changed = Le rôle a été modifié.
org-notice-member-removed = La personne n’est plus membre.
org-notice-invitation-sent = L’invitation a été envoyée par e-mail.
org-notice-invitation-cancelled = L’invitation a été annulée : son lien ne fonctionne plus.

## Champs
org-field-name = Nom
org-field-description = Description
org-field-description-hint = Affichée sur la page de l’organisation. Vous pouvez utiliser Markdown (**gras**, listes, liens). 5 000 caractères au plus.
org-field-available-locales = Langues proposées aux participant·e·s
org-field-default-locale = Langue par défaut
org-field-default-locale-hint = Utilisée pour les visiteur·euse·s dont le navigateur ne demande aucune des langues proposées, et pour les e-mails d’invitation. Elle doit faire partie des langues proposées.
org-field-time-zone = Fuseau horaire
org-field-time-zone-hint = Les dates des phases et des rencontres sont affichées dans ce fuseau. Indiquez son nom IANA, par exemple Europe/Paris ou America/Montreal.
org-field-slug-fixed = L’adresse de l’organisation (/o/{ $slug }) ne change pas : les liens vers elle continuent de fonctionner.
org-field-email = Adresse e-mail
org-field-role = Rôle
org-field-slug = Adresse (identifiant)
org-field-slug-hint = Apparaît dans les liens : /o/adresse. De 2 à 60 lettres minuscules, chiffres ou tirets. Elle ne pourra plus être modifiée.
org-field-admin-email = Adresse e-mail de la première personne administratrice
org-field-admin-email-hint = La personne doit déjà avoir un compte. Elle pourra ensuite inviter les autres.

## Erreurs
org-error-name-empty = Indiquez un nom.
org-error-name-too-long = Le nom doit faire 120 caractères au plus.
org-error-description-too-long = La description doit faire 5 000 caractères au plus.
org-error-locales-empty = Proposez au moins une langue.
org-error-locale-unknown = Choisissez parmi les langues de la liste.
org-error-default-not-available = La langue par défaut doit faire partie des langues proposées.
org-error-time-zone = Ce fuseau horaire est inconnu. Indiquez un nom IANA comme Europe/Paris.
org-error-email-empty = Indiquez une adresse e-mail.
org-error-email-invalid = Indiquez une adresse e-mail comme nom@exemple.org.
org-error-no-account = Aucun compte n’utilise cette adresse e-mail. Envoyez plutôt une invitation : la personne créera son compte à partir de celle-ci.
org-error-already-member = Cette personne est déjà membre. Modifiez son rôle dans la liste des membres.
org-error-role = Choisissez un rôle : membre ou administrateur·rice.
org-error-last-admin = { $name } est la seule personne qui administre cette organisation : son rôle ne peut pas lui être retiré. Nommez d’abord une autre personne administratrice.
org-error-slug = L’adresse doit compter de 2 à 60 lettres minuscules, chiffres ou tirets, sans tiret au début ni à la fin.
org-error-slug-taken = Une autre organisation utilise déjà cette adresse.

## Membres
org-members-search = Rechercher par nom ou e-mail
org-members-search-button = Rechercher
org-members-none = Aucun membre ne correspond.
org-members-count = { $count ->
    [one] { $count } membre
   *[other] { $count } membres
}
org-members-name = Nom
org-members-email = E-mail
org-members-role = Rôle
org-members-since = Membre depuis le
org-members-actions = Actions
org-members-you = vous
org-members-role-of = Rôle attribué à { $name }
org-members-change-role = Modifier le rôle
org-members-remove = Retirer…
org-members-pages = Pages de la liste des membres
org-members-previous = Page précédente
org-members-next = Page suivante
org-members-page-of = Page { $page } sur { $pages }
org-members-add-title = Ajouter un compte existant
org-members-add-intro = La personne devient membre immédiatement, sans e-mail. Pour quelqu’un qui n’a pas de compte,
org-members-add-invite-instead = envoyez une invitation.
org-members-add-button = Ajouter comme membre

## Retirer un membre
org-remove-title = Retirer { $name } ?
org-remove-text = { $name } ne sera plus membre de { $organization }, et ses rôles dans ses espaces (modération, évaluation…) lui seront également retirés.
org-remove-contributions = Ses contributions restent. Vous pourrez l’ajouter à nouveau plus tard.
org-remove-button = Retirer de l’organisation

## Invitations (administration)
org-invite-title = Inviter une personne
org-invite-intro = La personne reçoit un e-mail avec un lien valable { $days } jours et utilisable une seule fois. Elle l’accepte avec un compte utilisant l’adresse invitée (ou en crée un). Inviter à nouveau la même adresse envoie un nouveau lien et annule le précédent.
org-invite-button = Envoyer l’invitation
org-invitations-open-title = Invitations pas encore acceptées
org-invitations-none = Aucune invitation en attente.
org-invitations-invited-by = Invitée par
org-invitations-sent = Envoyée le
org-invitations-status = État
org-invitations-expires = Valable jusqu’au { $date }
org-invitations-expired = Expirée
org-invitations-cancel = Annuler

## Page d’invitation (participant·e·s)
org-invitation-title = Invitation à rejoindre { $organization }
org-invitation-role-admin = administrateur·rice
org-invitation-role-member = membre
org-invitation-offer = Vous êtes invité·e à rejoindre { $organization } en tant que { $role }.
org-invitation-sign-in-first = Cette invitation a été envoyée à { $email }. Connectez-vous avec le compte qui utilise cette adresse pour l’accepter, ou créez-en un si vous n’en avez pas encore.
org-invitation-sign-in = Se connecter pour accepter
org-invitation-sign-up = Créer un compte
org-invitation-accept = Accepter l’invitation
org-invitation-other-account = Cette invitation a été envoyée à { $invited }, mais vous êtes connecté·e en tant que { $current }.
org-invitation-other-account-what-to-do = Pour l’accepter, déconnectez-vous, puis connectez-vous avec le compte qui utilise { $invited }.
org-invitation-joined = Bienvenue ! Vous êtes membre de { $organization }.
org-invitation-go = Aller sur { $organization }
org-invitation-used = Cette invitation a déjà été utilisée.
org-invitation-expired = Cette invitation a expiré. Demandez à une personne qui administre { $organization } de vous inviter à nouveau.
org-invitation-invalid-title = Ce lien d’invitation n’est pas valable
org-invitation-invalid-text = Il a peut-être été annulé, ou remplacé par une invitation plus récente. Demandez aux administrateur·rice·s de l’organisation de vous inviter à nouveau.

## E-mail d’invitation
org-invitation-email-subject = Invitation à rejoindre { $organization }
org-invitation-email-intro = { $inviter } vous invite à rejoindre { $organization } sur agora.
org-invitation-email-intro-anonymous = Vous êtes invité·e à rejoindre { $organization } sur agora.
org-invitation-email-role-admin = Vous êtes invité·e en tant qu’administrateur·rice : vous pourrez gérer l’organisation et ses membres.
org-invitation-email-role-member = Vous êtes invité·e en tant que membre.
org-invitation-email-accept = Pour accepter, ouvrez ce lien et connectez-vous (ou créez un compte) avec cette adresse e-mail :
org-invitation-email-validity = Le lien est valable { $days } jours et ne peut servir qu’une fois.
org-invitation-email-ignore = Si vous n’attendiez pas cette invitation, vous pouvez ignorer cet e-mail.

## Nouvelle organisation (administration de l’instance)
org-new-title = Nouvelle organisation
org-new-intro = Créez une organisation et choisissez sa première personne administratrice. Elle complétera ses paramètres et invitera ses membres.
org-new-button = Créer l’organisation
