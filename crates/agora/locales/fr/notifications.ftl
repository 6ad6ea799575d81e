# Notifications dans agora, suivis et le compteur de l’en-tête.
notifications-title = Notifications
notifications-none = Aucune notification.
notifications-read-all = Tout marquer comme lu
notifications-unread = Nouveau
notifications-mark-read = Marquer comme lu
nav-notifications = Notifications
nav-notifications-unread = { $count ->
    [one] { $count } non lue
   *[other] { $count } non lues
}
notification-new-comment = Nouveau commentaire sur « { $title } »
notification-proposal-answered = La proposition « { $title } » a reçu une réponse officielle.
notification-proposal-milestone = La proposition « { $title } » a atteint { $count } soutiens.
notification-proposal-successful = La proposition « { $title } » a atteint { $count } soutiens : elle est soutenue avec succès.
notification-new-amendment = Nouvel amendement proposé pour « { $title } »
notification-amendment-accepted = Un amendement a été accepté : la proposition s’intitule maintenant « { $title } ».
notification-amendment-rejected = Un amendement à « { $title } » a été refusé.

# Mentions, e-mails des sondages, récapitulatifs et désabonnement.
notification-mentioned = { $name } vous a mentionné·e dans « { $space } »
notification-poll-opened = Un sondage vous est ouvert : « { $title } »
notification-poll-closing = Le sondage « { $title } » se termine bientôt et vous n’avez pas voté
notification-poll-outcome = Décision publiée pour le sondage « { $title } »
notify-poll-opened-body = Dans « { $space } », vous pouvez voter jusqu’au { $date }.
notify-poll-closing-body = Il se termine le { $date }. Vous n’avez pas encore voté : le lien ci-dessous ouvre le sondage.
notify-poll-outcome-body = Le sondage est clos et sa décision a été publiée :
notify-digest-subject = { $count ->
    [one] Votre récapitulatif agora : 1 notification
   *[other] Votre récapitulatif agora : { $count } notifications
}
notify-digest-intro = { $count ->
    [one] Une notification depuis votre dernier récapitulatif :
   *[other] { $count } notifications depuis votre dernier récapitulatif :
}
notify-mail-footer-settings = Vous recevez cet e-mail selon vos réglages de notifications. Pour les changer :
notify-mail-footer-unsubscribe = Pour ne plus recevoir aucun e-mail de notification (sans vous connecter) :
notify-unsubscribe-title = Arrêter les e-mails de notification
notify-unsubscribe-intro = Vous ne recevrez plus d’e-mails de notification (mentions, sondages, récapitulatifs). Les e-mails de votre compte, comme la réinitialisation du mot de passe, continuent.
notify-unsubscribe-submit = Arrêter les e-mails de notification
notify-unsubscribe-done = C’est fait : vous ne recevrez plus d’e-mails de notification. Vos notifications dans agora ne changent pas.
notify-unsubscribe-invalid = Ce lien de désabonnement n’est pas valide : il a peut-être été coupé ou modifié. Rien n’a été changé.
notify-unsubscribe-settings = Choisir vos réglages d’e-mail sur la page de votre compte
