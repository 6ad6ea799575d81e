# accounts : inscription, confirmation, connexion, mot de passe, mon compte, sessions, jetons d’API

## Champs
accounts-field-name = Nom
accounts-field-email = Adresse e-mail
accounts-field-password = Mot de passe
accounts-field-new-password = Nouveau mot de passe
accounts-field-current-password = Mot de passe actuel
accounts-field-confirm-password = Votre mot de passe, pour confirmer
accounts-field-locale = Langue
accounts-field-accept-terms = J’accepte les conditions d’utilisation de cette plateforme.
accounts-password-hint = Au moins 10 caractères ; une phrase dont vous vous souviendrez fait très bien l’affaire.
accounts-locale-automatic = Automatique (la langue de mon navigateur)
accounts-actions = Actions

## Erreurs
accounts-error-name-empty = Indiquez votre nom.
accounts-error-name-too-long = Votre nom peut compter au plus 100 caractères.
accounts-error-name-invalid = Ce texte contient des caractères non autorisés.
accounts-error-email-empty = Indiquez votre adresse e-mail.
accounts-error-email-too-long = Une adresse e-mail compte au plus 254 caractères.
accounts-error-email-invalid = Indiquez une adresse e-mail comme nom@exemple.fr.
accounts-error-password-empty = Indiquez votre mot de passe.
accounts-error-password-too-short = Votre mot de passe doit compter au moins 10 caractères.
accounts-error-password-too-long = Votre mot de passe peut compter au plus 200 caractères.
accounts-error-password-is-email = Votre mot de passe ne doit pas être votre adresse e-mail.
accounts-error-terms = Vous devez accepter les conditions d’utilisation pour créer un compte.
accounts-error-sign-in-failed = Cette adresse e-mail et ce mot de passe ne correspondent à aucun compte.
accounts-error-not-confirmed = Votre adresse e-mail n’est pas encore confirmée. Suivez le lien que nous vous avons envoyé par e-mail.
accounts-error-blocked = Votre compte est bloqué. Contactez les administrateur·rice·s de la plateforme si vous pensez qu’il s’agit d’une erreur.
accounts-error-current-password = Ce n’est pas votre mot de passe actuel.
accounts-error-locale = Choisissez l’une des langues de la liste.
accounts-error-token-name-empty = Donnez un nom au jeton.
accounts-error-token-name-too-long = Le nom peut compter au plus 100 caractères.

## Inscription
accounts-sign-up-title = Créer un compte
accounts-sign-up-submit = Créer mon compte
accounts-sign-up-have-account = Vous avez déjà un compte ?
accounts-sign-up-link = Créer un compte
accounts-check-email-title = Consultez vos e-mails
accounts-check-email-sign-up = Nous vous avons envoyé un e-mail. Suivez le lien qu’il contient pour confirmer votre adresse et commencer à participer. Le lien est valable 48 heures.
accounts-check-email-confirm = Si un compte avec cette adresse attend sa confirmation, nous lui avons envoyé un nouveau lien. Le lien est valable 48 heures.
accounts-check-email-reset = Si un compte existe avec cette adresse, nous lui avons envoyé un lien pour choisir un nouveau mot de passe. Le lien est valable une heure.
accounts-check-email-spam = Rien après quelques minutes ? Regardez dans vos courriers indésirables.
accounts-link-invalid-title = Ce lien ne fonctionne plus
accounts-link-invalid-text = Le lien est inconnu, a déjà servi ou a expiré. Rien n’a été modifié.
accounts-link-invalid-confirm = Si votre adresse est déjà confirmée, connectez-vous simplement. Sinon, connectez-vous pour recevoir un nouveau lien.
accounts-link-invalid-reset = Demander un nouveau lien

## Connexion
accounts-sign-in-title = Se connecter
accounts-sign-in-submit = Se connecter
accounts-sign-in-link = Se connecter
accounts-sign-in-no-account = Pas encore de compte ?
accounts-forgot-link = Mot de passe oublié ?
accounts-resend-text = Vous n’avez pas reçu l’e-mail, ou le lien a expiré ?
accounts-resend-submit = M’envoyer un nouveau lien de confirmation
accounts-notice-signed-out = Vous êtes déconnecté·e.
accounts-notice-password-reset = Votre mot de passe a été changé. Connectez-vous avec votre nouveau mot de passe.

## Mot de passe oublié
accounts-forgot-title = Mot de passe oublié
accounts-forgot-intro = Indiquez l’adresse e-mail de votre compte : nous vous enverrons un lien pour choisir un nouveau mot de passe.
accounts-forgot-submit = M’envoyer un lien
accounts-reset-title = Choisir un nouveau mot de passe
accounts-reset-submit = Changer mon mot de passe

## Mon compte
accounts-account-title = Mon compte
accounts-account-nav = Mon compte
accounts-account-signed-in-as = Connecté·e en tant que { $email }.
accounts-back-to-account = Retour à mon compte
accounts-profile-title = Nom et langue
accounts-change-password-title = Changer mon mot de passe
accounts-change-password-intro = Vos autres sessions seront déconnectées.
accounts-change-password-submit = Changer mon mot de passe
accounts-delete-title = Supprimer mon compte
accounts-delete-intro = Votre nom, votre adresse e-mail, votre mot de passe, vos sessions, vos adhésions, vos notifications et vos abonnements sont effacés. Vos contributions restent, affichées comme celles d’un·e « participant·e supprimé·e », et vos soutiens et votes restent comptés. C’est définitif.
accounts-delete-submit = Supprimer mon compte
accounts-deleted-title = Votre compte est supprimé
accounts-deleted-text = Vos données personnelles ont été effacées. Merci d’avoir participé.
accounts-notice-confirmed = Votre adresse e-mail est confirmée et vous êtes connecté·e. Bienvenue !
accounts-notice-profile-saved = Vos modifications sont enregistrées.
accounts-notice-password-changed = Votre mot de passe a été changé ; vos autres sessions ont été déconnectées.

## Sessions
accounts-sessions-title = Mes sessions
accounts-sessions-intro = Les navigateurs et appareils connectés à votre compte. Déconnectez ceux que vous ne reconnaissez pas, puis changez votre mot de passe.
accounts-sessions-empty = Aucune session.
accounts-sessions-device = Navigateur
accounts-sessions-ip = Adresse IP
accounts-sessions-created = Créée
accounts-sessions-last-seen = Dernière activité
accounts-sessions-this-device = cet appareil
accounts-sessions-unknown-device = Navigateur inconnu
accounts-sessions-revoke = Déconnecter cette session
accounts-sessions-revoke-current = Me déconnecter ici
accounts-notice-session-revoked = La session a été déconnectée.

## Jetons d’API
accounts-tokens-title = Mes jetons d’API
accounts-tokens-intro = Un jeton d’API personnel permet à un programme d’agir en votre nom par l’API d’agora (en-tête « Authorization: Bearer » suivi du jeton). Gardez-le secret.
accounts-tokens-empty = Vous n’avez aucun jeton d’API.
accounts-tokens-name = Nom
accounts-tokens-name-hint = Pour vous rappeler à quoi il sert, par exemple « mon script ».
accounts-tokens-last-used = Dernière utilisation
accounts-tokens-never-used = Jamais
accounts-tokens-revoke = Révoquer
accounts-tokens-create-title = Créer un jeton
accounts-tokens-create-submit = Créer le jeton
accounts-tokens-created = Voici votre nouveau jeton. Copiez-le maintenant : il ne sera plus affiché.
accounts-tokens-new-label = Nouveau jeton
accounts-notice-token-revoked = Le jeton a été révoqué et ne fonctionne plus.

## E-mails
accounts-mail-greeting = Bonjour { $name },
accounts-mail-signature = — agora
accounts-mail-not-you = Si vous n’êtes pas à l’origine de cette demande, ignorez cet e-mail.
accounts-mail-confirm-subject = Confirmez votre adresse e-mail
accounts-mail-confirm-intro = Bienvenue sur agora ! Pour confirmer votre adresse e-mail et vous connecter, ouvrez ce lien :
accounts-mail-confirm-expiry = Le lien est valable 48 heures et ne sert qu’une fois.
accounts-mail-exists-subject = Vous avez déjà un compte
accounts-mail-exists-intro = Quelqu’un (sans doute vous) a essayé de créer un compte avec cette adresse e-mail, mais vous en avez déjà un.
accounts-mail-exists-sign-in = Pour vous connecter :
accounts-mail-exists-forgot = Si vous avez oublié votre mot de passe, choisissez-en un nouveau ici :
accounts-mail-reset-subject = Choisissez un nouveau mot de passe
accounts-mail-reset-intro = Pour choisir un nouveau mot de passe, ouvrez ce lien :
accounts-mail-reset-expiry = Le lien est valable une heure et ne sert qu’une fois. Toutes vos sessions seront déconnectées.
accounts-mail-reset-not-you = Si vous n’êtes pas à l’origine de cette demande, ignorez cet e-mail : votre mot de passe reste le même.
accounts-error-last-admin = Vous êtes le·la seul·e administrateur·rice de { $organizations }. Nommez une autre personne administratrice avant de supprimer votre compte.
accounts-my-data-title = Mes données
accounts-my-data-intro = Téléchargez tout ce qu’agora conserve à votre sujet : un fichier ZIP avec un document JSON et un fichier CSV par type d’enregistrement (compte, sessions, propositions, commentaires, soutiens, votes…). Vos bulletins des sondages anonymes n’y sont pas : par construction, rien ne les relie à vous.
accounts-my-data-submit = Télécharger mes données (ZIP)

# Pseudonymes (@mentions) et notifications par e-mail.
accounts-field-nickname = Pseudonyme
accounts-nickname-hint = Les autres vous mentionnent avec @ et votre pseudonyme : 2 à 30 lettres minuscules, chiffres ou _.
accounts-error-nickname-length = Un pseudonyme a de 2 à 30 caractères.
accounts-error-nickname-chars = Un pseudonyme ne contient que des lettres minuscules sans accents, des chiffres et _.
accounts-error-nickname-reserved = Ce pseudonyme est réservé : choisissez-en un autre.
accounts-error-nickname-taken = Quelqu’un a déjà ce pseudonyme : choisissez-en un autre.
accounts-profile-nickname = Mentionné·e en tant que @{ $nickname }
accounts-email-setting-title = Notifications par e-mail
accounts-email-setting-legend = M’envoyer mes notifications (mentions, votes) par e-mail
accounts-email-setting-instant = Tout de suite, un e-mail pour chacune
accounts-email-setting-digest = Une fois par jour, dans un récapitulatif
accounts-email-setting-off = Jamais
accounts-notice-email-setting-saved = Votre choix de notifications par e-mail est enregistré.
accounts-error-email-setting = Choisissez l’une des options.
